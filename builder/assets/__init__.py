"""Stage 4, assets: everything the pages load besides the pages themselves.

npm.py installs the front-end libraries from package-lock.json; vendor.py names the files the
site takes from them; demos.py reads each demo's demo.json; site_files.py lists the files the
site ships and the ones each page loads.
"""
