"""Jupytext-Markdown notebooks as pages, each offered for download beside its page.

A notebook is a Markdown page whose YAML header carries `jupytext` and `kernelspec` under
`jupyter:` (what `jupytext --to md` writes). MkDocs already reads that header as page meta,
so it never shows, and the title comes from the first heading; code cells are ```python
fences, rendered as written. The plugin copies the source next to the page as
<name>.notebook.md and links to it from the page.
"""

import html
import posixpath
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

SUFFIX = ".notebook.md"


class NotebookDownload(File):
    """The notebook's source, copied as is: a download, never rendered as a page."""

    def is_documentation_page(self) -> bool:
        return False


def is_notebook(meta: dict[str, Any]) -> bool:
    jupyter = meta.get("jupyter")
    return isinstance(jupyter, dict) and "jupytext" in jupyter and "kernelspec" in jupyter


def download_uri(src_uri: str) -> str:
    stem, _ = posixpath.splitext(src_uri)
    return stem + SUFFIX


def add_downloads(files: Files, config: Any) -> list[str]:
    """Add a download copy of every notebook page; return the notebooks' src_uris."""
    notebooks = []
    for page in list(files.documentation_pages()):
        try:
            _, meta = get_data(page.content_string)
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports unreadable pages itself
        if not is_notebook(meta):
            continue
        notebooks.append(page.src_uri)
        if page.abs_src_path:
            download = NotebookDownload.generated(config, download_uri(page.src_uri),
                                                  abs_src_path=page.abs_src_path)
        else:
            download = NotebookDownload.generated(config, download_uri(page.src_uri),
                                                  content=page.content_bytes)
        files.append(download)
    return notebooks


def download_link(page_dest_uri: str, src_uri: str) -> str:
    href = posixpath.relpath(download_uri(src_uri), posixpath.dirname(page_dest_uri) or ".")
    name = posixpath.basename(download_uri(src_uri))
    return (
        '<p class="cnn-notebook-download">'
        f'<a href="{html.escape(href)}" download="{html.escape(name)}">'
        "Download this page as a notebook</a> (jupytext Markdown: open it in Jupyter with "
        "jupytext installed, or turn it into an .ipynb with "
        f"<code>jupytext --to ipynb {html.escape(name)}</code>).</p>"
    )


def insert_after_title(content: str, snippet: str) -> str:
    """Put snippet just after the page's first <h1>, or first of all if it has none."""
    end = content.find("</h1>")
    if end < 0:
        return snippet + content
    end += len("</h1>")
    return content[:end] + snippet + content[end:]
