"""Notebooks as pages, each offered for download beside its page with its demos kept.

Two kinds of notebook become pages:

- a jupytext-Markdown page: a Markdown page whose YAML header carries `jupytext` and
  `kernelspec` under `jupyter:` (what `jupytext --to md` writes). Front ends read that header
  as page meta, so it never shows, and the title comes from the first heading; code cells are
  ```python fences, rendered as written. Downloads: <name>.notebook.md and <name>.ipynb (made
  with jupytext).
- an .ipynb: read with nbformat and written as Markdown by nbconvert (ipynb.py), stored outputs
  and all; the front end renders that Markdown as the page. Download: <name>.ipynb.

In every download each demo embed line is a code cell that shows the demo in Jupyter
(cells.py). The hosted site's versions are written after the build; the offline zip's versions
replace them while the zip is written (builder/offline_zip.py).
Everything here reads the docs folder itself: no front end's file list is needed.
"""

import html
import posixpath
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from builder import paths
from builder.cache import Cache, content_key, file_digest
from builder.errors import BuildError, one_line
from builder.for_readers.demo_options import OptionSpec

# jupytext and nbformat import jsonschema, which imports rfc3987_syntax wherever it is installed
# (Jupyter Server's jsonschema[format-nongpl] brings it) and so compiles 39 Lark grammars: over
# a second of CPU in every build (40% of a warm one), for IRI format checks that no notebook
# schema uses. Without the module, jsonschema leaves those two formats unchecked.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from builder.pages import embeds  # noqa: E402
from builder.pages.notebooks import cells, ipynb  # noqa: E402

SUFFIX = ".notebook.md"


@dataclass(frozen=True)
class Download:
    site_path: str
    make: Callable[[bool], str]  # (inside the offline zip?) -> the file's text


@dataclass(frozen=True)
class IpynbPage:
    """An .ipynb of the docs folder, as the Markdown page a front end renders, with the images
    of its stored outputs (site path -> bytes)."""
    markdown: str
    images: dict[str, bytes]


@dataclass
class Notebooks:
    ipynb_pages: dict[str, IpynbPage] = field(default_factory=dict)  # src_uri of each .ipynb
    downloads: dict[str, list[Download]] = field(default_factory=dict)  # notebook page src_uri ->

    def all_downloads(self) -> list[Download]:
        return [d for found in self.downloads.values() for d in found]


def is_notebook(meta: dict[str, Any]) -> bool:
    jupyter = meta.get("jupyter")
    return isinstance(jupyter, dict) and "jupytext" in jupyter and "kernelspec" in jupyter


def front_matter(text: str) -> dict[str, Any]:
    """A Markdown page's YAML header (between --- lines at its top), or {} if it has none."""
    if not text.startswith("---"):
        return {}
    lines = text.split("\n")
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:end]))
            except (yaml.YAMLError, ValueError, RecursionError):  # a date like 2026-13-45 is a ValueError
                return {}  # not ours to judge: the front end reports a bad header
            return meta if isinstance(meta, dict) else {}
    return {}


def download_uri(src_uri: str, suffix: str = SUFFIX) -> str:
    stem, _ = posixpath.splitext(src_uri)
    return stem + suffix


def docs_files(docs_dir: Path) -> list[str]:
    """Every file of the docs folder as a path in it, as front ends see them: files and
    folders whose name starts with a dot are left out."""
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs_dir).parts))


def find_notebooks(docs_dir: Path, root: Path, demos: Mapping[str, dict[str, OptionSpec]],
                   placeholders: Iterable[str], cache: Cache | None = None) -> Notebooks:
    """Every notebook of the docs folder: the .ipynb pages, and each notebook page's downloads
    (a download may not take the place of a file the author has). cache keeps the downloads of
    the jupytext-Markdown pages (_cached_downloads)."""
    found = Notebooks()
    files = docs_files(docs_dir)
    for src_uri in files:
        path = docs_dir / src_uri
        if src_uri.endswith(ipynb.SUFFIX):
            page, downloads = _ipynb_page(path, src_uri, root, demos, placeholders)
            found.ipynb_pages[src_uri] = page
            found.downloads[src_uri] = downloads
        elif src_uri.endswith(".md"):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the front end reports unreadable pages itself
            if is_notebook(front_matter(text)):
                source = _source(path, root, src_uri)
                found.downloads[src_uri] = (_cached_downloads(src_uri, text, source, cache) if cache
                                            else _markdown_downloads(src_uri, text, source))
    # Pages become .html files; every other file is copied to its own path.
    taken = {uri: uri for uri in files if not uri.endswith((".md", ipynb.SUFFIX))}
    for src_uri, downloads in found.downloads.items():
        for download in downloads:
            if download.site_path in taken:
                raise BuildError(f"{src_uri}: its notebook download {download.site_path} would replace "
                                 f"{taken[download.site_path]}; rename one of them.")
            taken[download.site_path] = src_uri
    return found


def write_downloads(site_dir: Path, downloads: Iterable[Download], inside: bool) -> None:
    """Write each download's version for the offline zip (inside) or the hosted site."""
    for download in downloads:
        target = site_dir / download.site_path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(download.make(inside), encoding="utf-8")
        except OSError as exc:
            raise BuildError(f"{target}: cannot write the notebook download ({exc}).") from exc


def _made(site_path: str, make: Callable[[bool], str], source: str) -> Download:
    """A download with both its versions made now, so that a notebook jupytext cannot convert
    stops the build here, naming its page, not after the site is written."""
    try:
        versions = {inside: make(inside) for inside in (False, True)}
    except BuildError:
        raise
    except Exception as exc:  # jupytext and nbformat on a header or cell they cannot take
        raise BuildError(f"{source}: cannot be made into the notebook download "
                         f"{posixpath.basename(site_path)} ({type(exc).__name__}: {one_line(exc)}). "
                         "Check its YAML header's jupyter: part (what jupytext --to md writes).") from None
    return Download(site_path, versions.__getitem__)


def _markdown_downloads(src_uri: str, text: str, source: str) -> list[Download]:
    md_uri, ipynb_uri = download_uri(src_uri), download_uri(src_uri, ipynb.SUFFIX)
    return [
        _made(md_uri, lambda inside: cells.markdown_download(text, md_uri, inside), source),
        _made(ipynb_uri, lambda inside: cells.ipynb_download(cells.from_markdown(text), ipynb_uri, inside),
              source),
    ]


# What a jupytext-Markdown page's downloads are made with, besides its text and place.
DOWNLOAD_CODE = (Path(__file__), Path(cells.__file__), Path(paths.__file__), Path(embeds.__file__))
CACHE_SECTION = "notebook-downloads"


def _cached_downloads(src_uri: str, text: str, source: str, cache: Cache) -> list[Download]:
    """_markdown_downloads through the cache, keyed by the page's text and place, this code and
    jupytext's and nbformat's versions: a page that has not changed is not converted again, and
    the build imports neither (0.5 s of a warm build). A page that cannot be converted is never
    stored, so it stops every build, as it did the first."""
    key = content_key(src_uri, text, [file_digest(p) for p in DOWNLOAD_CODE],
                      metadata.version("jupytext"), metadata.version("nbformat"))
    names = [download_uri(src_uri), download_uri(src_uri, ipynb.SUFFIX)]

    def build(work: Path) -> None:
        for number, download in enumerate(_markdown_downloads(src_uri, text, source)):
            for inside in (False, True):
                (work / f"{number}-{inside}").write_text(download.make(inside), encoding="utf-8")

    entry = cache.get_or_build(CACHE_SECTION, key, build)
    return [Download(name, {inside: (entry / f"{number}-{inside}").read_text(encoding="utf-8")
                            for inside in (False, True)}.__getitem__)
            for number, name in enumerate(names)]


def _ipynb_page(path: Path, src_uri: str, root: Path, demos: Mapping[str, dict[str, OptionSpec]],
                placeholders: Iterable[str]) -> tuple[IpynbPage, list[Download]]:
    source = _source(path, root, src_uri)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BuildError(f"{source}: not UTF-8 text ({exc}); a notebook is a JSON file.") from None
    except OSError as exc:
        raise BuildError(f"{source}: cannot read it ({exc.strerror or exc}).") from None
    notebook = ipynb.read(text, source)
    ipynb.check_embeds(notebook, source, demos, placeholders)
    markdown, images = ipynb.to_markdown(notebook, src_uri, source)
    if not cells.has_embeds(notebook):
        return IpynbPage(markdown, images), [Download(src_uri, lambda inside: text)]  # the file itself
    return IpynbPage(markdown, images), [
        _made(src_uri, lambda inside: cells.ipynb_download(notebook, src_uri, inside), source)]


def _source(path: Path, root: Path, src_uri: str) -> str:
    """How an error names a page: its path from the project's folder."""
    return str(path.relative_to(root)) if path.is_relative_to(root) else src_uri


def download_links(page_site_path: str, downloads: list[Download]) -> str:
    here = posixpath.dirname(page_site_path) or "."

    def link(download: Download) -> str:
        href = posixpath.relpath(download.site_path, here)
        name = posixpath.basename(download.site_path)
        kind = "jupytext Markdown" if name.endswith(SUFFIX) else "Jupyter"
        return (f'<a href="{html.escape(href)}" download="{html.escape(name)}">'
                f"<code>{html.escape(name)}</code></a> ({kind})")

    return (
        '<p class="cnn-notebook-download">Download this page as a notebook: '
        + " or ".join(link(d) for d in sorted(downloads, key=lambda d: not d.site_path.endswith(".ipynb")))
        + ". To show its demos in Jupyter, unzip the offline site in the notebook's folder "
        "(see Downloads).</p>"
    )
