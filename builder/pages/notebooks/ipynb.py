""".ipynb notebooks in the docs folder as pages, like the jupytext-Markdown ones.

nbformat reads and checks the notebook; nbconvert's Markdown exporter writes it as Markdown
that the site renders like any page: Markdown cells as written (so embed lines become demos),
code cells as ```python fences, stored outputs as text blocks, raw HTML (tables) and images.
The images become files beside the page (<name>_files/). A notebook that is not JSON stops the
build with its line and column; one that JSON reads but nbformat does not, with what is wrong.
nbformat is imported when a notebook is read (cells.py says why).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbformat import NotebookNode

from builder.errors import BuildError, one_line
from builder.for_readers.demo_options import OptionSpec
from builder.pages.embeds import transform

SUFFIX = ".ipynb"


def read(text: str, source: str) -> NotebookNode:
    """The notebook in text, as nbformat 4; errors name `source` (how the page is named)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BuildError(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}). A notebook "
                         "is a JSON file: fix it there, or open it in Jupyter and save it again.") from None
    if not isinstance(data, dict):
        raise BuildError(f"{source}: not a Jupyter notebook: its JSON is {type(data).__name__}, not an "
                         "object with \"cells\". Open it in Jupyter and save it again.")
    import nbformat

    try:
        notebook = nbformat.reads(text, as_version=4)
    except nbformat.ValidationError as exc:
        where = "/".join(str(p) for p in getattr(exc, "path", ())) or "the top level"
        raise BuildError(f"{source}: not a valid Jupyter notebook at {where}: {one_line(exc.message)}. "
                         "Open it in Jupyter and save it again.") from None
    except Exception as exc:  # nbformat trips on some damage before it validates (a version that is null)
        raise BuildError(f"{source}: not a valid Jupyter notebook ({type(exc).__name__}: {one_line(exc)}). "
                         "Open it in Jupyter and save it again.") from None
    # The schema of an old minor version lets a cell's source be null or an object.
    for number, cell in enumerate(notebook.cells, start=1):
        text = cell.get("source")
        if not isinstance(text, str):
            raise BuildError(f"{source} cell {number}: its \"source\" is {type(text).__name__}, not text. "
                             "Open the notebook in Jupyter and save it again.")
    return notebook


def check_embeds(notebook: NotebookNode, source: str, demos: Mapping[str, dict[str, OptionSpec]],
                 placeholders: Iterable[str]) -> None:
    """Fail on an unknown or malformed embed line, naming the cell and its line (the page's
    Markdown, made later, has other line numbers)."""
    known = {name: (lambda: "") for name in placeholders}
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "markdown":
            transform(cell.source.split("\n"), f"{source} cell {number}", demos,
                      lambda name, n, options: [], known)


def to_markdown(notebook: NotebookNode, src_uri: str, source: str) -> tuple[str, dict[str, bytes]]:
    """The page's Markdown, and the site path -> bytes of each image output it shows; an error
    names `source`."""
    # Imported here: it takes a second, and most builds have no .ipynb page.
    import nbformat
    from nbconvert import MarkdownExporter

    notebook = nbformat.from_dict(notebook)
    # Fences named by the language (python), which Pygments always knows; Jupyter's own lexer
    # name (ipython3) is known only where IPython is installed.
    info = notebook.metadata.setdefault("language_info", {})
    info.pop("pygments_lexer", None)
    info.setdefault("name", notebook.metadata.get("kernelspec", {}).get("language", "python"))
    folder, name = posixpath.split(src_uri)
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    try:
        body, resources = MarkdownExporter().from_notebook_node(
            notebook, resources={"output_files_dir": f"{stem}_files"})
    except Exception as exc:  # what nbformat lets through and nbconvert cannot write
        raise BuildError(f"{source}: nbconvert cannot write it as a page ({type(exc).__name__}: "
                         f"{one_line(exc)}). Open it in Jupyter and save it again.") from None
    files = {posixpath.join(folder, path): data for path, data in resources.get("outputs", {}).items()}
    return body, files
