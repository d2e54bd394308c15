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
from builder.cache import Cache
from builder.pages.notebooks import write_downloads
from builder.pages.site import Site
from builder.pages.special import downloads
from builder.reproducible_zip import zip_folder
from builder.settings import ZIP_OPTION


def write_offline_zip(site: Site, site_dir: Path, target: Path, cache: Cache) -> Path:
    """After the front end and Site.finish_site have written the site. cache: where compressed
    entries of unchanged files are kept (builder/reproducible_zip.py)."""
    pages = [site_dir / p for p in sorted(site.downloads_pages) if (site_dir / p).is_file()]
    notebook_downloads = site.notebooks.all_downloads()
    downloads.mark_inside(pages)
    write_downloads(site_dir, notebook_downloads, inside=True)
    zip_folder(site_dir, target, paths.ZIP_TOP, "offline zip", ZIP_OPTION, cache)
    write_downloads(site_dir, notebook_downloads, inside=False)
    downloads.publish(site_dir, target, pages)
    return target
