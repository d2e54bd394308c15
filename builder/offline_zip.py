"""The offline zip: the built site in one archive that works from file:// once unzipped, and
the order of the steps around it, the same for every front end.

1. the downloads page says "you are reading the offline copy" (the zip holds that copy);
2. the notebook downloads are the zip's versions (their demo cells load the unzipped site);
3. the zip is written (reproducible bytes, renamed into place when complete);
4. the hosted notebook downloads come back;
5. a copy of the zip goes beside the site, and the hosted downloads page links to it with
   its size (builder/pages/special/downloads.py).
"""

from pathlib import Path

from builder import paths
from builder.pages.notebooks import Download, write_downloads
from builder.pages.special import downloads
from builder.reproducible_zip import zip_folder

ZIP_OPTION = "--zip (the cnn-demos plugin's zip option in mkdocs.yml)"


def write_offline_zip(site_dir: Path, target: Path, notebook_downloads: list[Download]) -> Path:
    pages = downloads.pages_with_slot(site_dir)
    downloads.mark_inside(pages)
    write_downloads(site_dir, notebook_downloads, inside=True)
    zip_folder(site_dir, target, paths.ZIP_TOP, "offline zip", ZIP_OPTION)
    write_downloads(site_dir, notebook_downloads, inside=False)
    downloads.publish(site_dir, target, pages)
    return target
