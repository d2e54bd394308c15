"""Front ends: thin adapters from a site generator to the page pipeline (builder/pages/site.py).

mkdocs/ is the MkDocs plugin; zensical.py builds the same course with Zensical. Each resolves
the settings, runs the chain, makes a Site, and hands it pages; none of them changes a page
itself. writable.py and build_date.py hold what both do before a build.
"""
