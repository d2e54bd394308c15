"""Notebooks as pages, each offered for download beside its page with its demos kept.

Two kinds of notebook become pages:

- a jupytext-Markdown page: a Markdown page whose YAML header carries `jupytext` and
  `kernelspec` under `jupyter:` (what `jupytext --to md` writes). MkDocs already reads that
  header as page meta, so it never shows, and the title comes from the first heading; code
  cells are ```python fences, rendered as written. Downloads: <name>.notebook.md and
  <name>.ipynb (made with jupytext).
- an .ipynb: read with nbformat and written as Markdown by nbconvert (ipynb.py), stored outputs
  and all. Download: <name>.ipynb.

In every download each demo embed line is a code cell that shows the demo in Jupyter
(notebook_cells.py). The files written in on_files are the hosted site's versions; the plugin
swaps in the offline zip's versions while it writes the zip (write_downloads).
"""

import html
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

from builder.assets.demo_options import OptionSpec
from builder.errors import BuildError
from builder.pages import ipynb, notebook_cells

SUFFIX = ".notebook.md"


class NotebookDownload(File):
    """A notebook to download: copied as is, never rendered as a page."""

    def is_documentation_page(self) -> bool:
        return False


class IpynbPage(File):
    """An .ipynb of the docs folder, read as a page: its content is nbconvert's Markdown."""

    def is_documentation_page(self) -> bool:
        return True


@dataclass(frozen=True)
class Download:
    site_path: str
    make: Callable[[bool], str]  # (inside the offline zip?) -> the file's text


def is_notebook(meta: dict[str, Any]) -> bool:
    jupyter = meta.get("jupyter")
    return isinstance(jupyter, dict) and "jupytext" in jupyter and "kernelspec" in jupyter


def download_uri(src_uri: str, suffix: str = SUFFIX) -> str:
    stem, _ = posixpath.splitext(src_uri)
    return stem + suffix


def add_notebooks(files: Files, config: Any, root: Path, demos: Mapping[str, dict[str, OptionSpec]],
                  placeholders: Iterable[str]) -> dict[str, list[Download]]:
    """Make every .ipynb a page, and add the downloads of every notebook page (the hosted
    versions). Returns each notebook page's src_uri -> its downloads."""
    found: dict[str, list[Download]] = {}
    for file in [f for f in files if f.src_uri.endswith(ipynb.SUFFIX)]:
        found[file.src_uri] = _ipynb_page(files, file, config, root, demos, placeholders)
    for page in list(files.documentation_pages()):
        if page.src_uri.endswith(ipynb.SUFFIX):
            continue
        try:
            text = page.content_string
            _, meta = get_data(text)
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports unreadable pages itself
        if is_notebook(meta):
            found[page.src_uri] = _markdown_downloads(page.src_uri, text)
    taken = {f.dest_uri: f for f in files}
    for src_uri, downloads in found.items():
        for download in downloads:
            if download.site_path in taken:
                raise BuildError(f"{src_uri}: its notebook download {download.site_path} would replace "
                                 f"{taken[download.site_path].src_uri}; rename one of them.")
            file = NotebookDownload.generated(config, download.site_path + ".download",
                                              content=download.make(False))
            file.dest_uri = download.site_path
            files.append(file)
            taken[download.site_path] = file
    return found


def write_downloads(site_dir: Path, downloads: Iterable[Download], inside: bool) -> None:
    """Write each download's version for the offline zip (inside) or the hosted site."""
    for download in downloads:
        target = site_dir / download.site_path
        try:
            target.write_text(download.make(inside), encoding="utf-8")
        except OSError as exc:
            raise BuildError(f"{target}: cannot write the notebook download ({exc}).") from exc


def _markdown_downloads(src_uri: str, text: str) -> list[Download]:
    md_uri, ipynb_uri = download_uri(src_uri), download_uri(src_uri, ipynb.SUFFIX)
    return [
        Download(md_uri, lambda inside: notebook_cells.markdown_download(text, md_uri, inside)),
        Download(ipynb_uri, lambda inside: notebook_cells.ipynb_download(
            notebook_cells.from_markdown(text), ipynb_uri, inside)),
    ]


def _ipynb_page(files: Files, file: File, config: Any, root: Path, demos: Mapping[str, dict[str, OptionSpec]],
                placeholders: Iterable[str]) -> list[Download]:
    """Replace the .ipynb's file with a page made from it, add its images; its download."""
    source = os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri
    try:
        text = file.content_string
    except UnicodeDecodeError as exc:
        raise BuildError(f"{source}: not UTF-8 text ({exc}); a notebook is a JSON file.") from None
    notebook = ipynb.read(text, source)
    ipynb.check_embeds(notebook, source, demos, placeholders)
    markdown, images = ipynb.to_markdown(notebook, file.src_uri)
    page = IpynbPage(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                     inclusion=file.inclusion)
    page.content_string = markdown
    files.remove(file)
    files.append(page)
    for path, data in sorted(images.items()):
        files.append(File.generated(config, path, content=data))
    uri = file.src_uri
    if not notebook_cells.has_embeds(notebook):
        return [Download(uri, lambda inside: text)]  # the file itself
    return [Download(uri, lambda inside: notebook_cells.ipynb_download(notebook, uri, inside))]


def download_links(page_dest_uri: str, downloads: list[Download]) -> str:
    here = posixpath.dirname(page_dest_uri) or "."

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


def insert_after_title(content: str, snippet: str) -> str:
    """Put snippet just after the page's first <h1>, or first of all if it has none."""
    end = content.find("</h1>")
    if end < 0:
        return snippet + content
    end += len("</h1>")
    return content[:end] + snippet + content[end:]
