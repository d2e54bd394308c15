"""A notebook download keeps its demos: each {{ demo("name", option=value) }} line of a Markdown
cell becomes a code cell that shows the demo as a notebook widget (`pad = show("name",
option=value)`, from the cnn_demos package in the offline zip's wheels/), or, where that package
is not installed, one way from the unzipped site (its show_demo.py), after a sentence that says
where the offline site must be and how to install the widget.

Each download comes in two versions. The hosted site's copy expects the offline zip unpacked in
the notebook's folder (cnn-demos-site/ beside the notebook). The copy inside the zip already sits
in the site, so its cells find show_demo.py and wheels/ from there.
Embed lines are found as the pages find them (embeds.EMBED, outside fenced code).

jupytext and nbformat are imported where a notebook is read or written: a course without
notebooks never imports them (0.3-0.5 s of every warm build otherwise).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

from builder import paths
from builder.pages.embeds import EMBED, lines_outside_code, parse_embed

HOSTED_SENTENCE = (
    f"*Run the next cell to show this demo here. It needs the course's offline site: unzip "
    f"`{posixpath.basename(paths.OFFLINE_ZIP)}` (on the site's Downloads page) in this notebook's "
    f"folder, so that the folder `{paths.ZIP_TOP}` sits beside the notebook. No network is needed.*"
)
INSIDE_SENTENCE = ("*Run the next cell to show this demo here. It uses the offline site this "
                   "notebook came in, so keep the notebook in that folder. No network is needed.*")
INSTALL = (" *To read your drawing and the demo's answers in Python, install the demos' widget once "
           "(in a terminal, or in a cell after `%`): `pip install --no-index --find-links {wheels} "
           f"{paths.WIDGET_DISTRIBUTION}`.*")
CELL = """try:
    from {package} import show
except ImportError:  # without the widget: the demo shown one way, from the unzipped site
    show = __import__("runpy").run_path("{helper}")["show"]
pad = show({arguments})"""


def site_path(notebook_uri: str, inside: bool, target: str) -> str:
    """The path of a file of the site as the notebook at notebook_uri (a site path) reaches it."""
    if inside:
        return posixpath.relpath(target, posixpath.dirname(notebook_uri) or ".")
    return f"{paths.ZIP_TOP}/{target}"


def demo_cell(name: str, options: dict[str, Any], notebook_uri: str, inside: bool) -> str:
    """The cell a student runs to show a demo, with the options of its embed line."""
    arguments = ", ".join([repr(name), *(f"{k}={v!r}" for k, v in options.items())])
    return CELL.format(package=paths.WIDGET_PACKAGE, arguments=arguments,
                       helper=site_path(notebook_uri, inside, paths.JUPYTER_HELPER))


def has_embeds(notebook: NotebookNode) -> bool:
    return any(_embed_lines(c.source) for c in notebook.cells if c.cell_type == "markdown")


def with_demo_cells(notebook: NotebookNode, notebook_uri: str, inside: bool) -> NotebookNode:
    """A copy of the notebook in which every embed line of a Markdown cell is a code cell.

    The Markdown before it keeps the cell's id (and gets the sentence); the new cells' ids are
    made from it, so the same notebook always gives the same file.
    """
    import nbformat

    copy = nbformat.from_dict(notebook)
    copy.nbformat, copy.nbformat_minor = 4, max(5, copy.get("nbformat_minor", 5))  # 4.5: cell ids
    cells = []
    for index, cell in enumerate(copy.cells, start=1):
        cell.setdefault("id", f"cell-{index}")
        embeds = _embed_lines(cell.source) if cell.cell_type == "markdown" else {}
        cells.extend(_split(cell, embeds, notebook_uri, inside) if embeds else [cell])
    copy.cells = cells
    return copy


def _split(cell: NotebookNode, embeds: dict[int, tuple[str, dict[str, Any]]], notebook_uri: str,
           inside: bool) -> list[NotebookNode]:
    """A Markdown cell's text up to each embed line (with the sentence), the demo's code cell,
    and the text after the last one."""
    sentence = (INSIDE_SENTENCE if inside else HOSTED_SENTENCE) + INSTALL.format(
        wheels=site_path(notebook_uri, inside, paths.WHEELS_DIR))
    import nbformat

    cells: list[NotebookNode] = []

    def new_id() -> str:
        return cell.id if not cells else f"{cell.id[:50]}-{len(cells)}"

    part: list[str] = []
    for number, line in enumerate(cell.source.split("\n"), start=1):
        if number not in embeds:
            part.append(line)
            continue
        text = "\n".join(part).strip("\n")
        cells.append(nbformat.v4.new_markdown_cell(f"{text}\n\n{sentence}" if text else sentence,
                                                   id=new_id()))
        cells.append(nbformat.v4.new_code_cell(demo_cell(*embeds[number], notebook_uri, inside),
                                               id=new_id()))
        part = []
    if "\n".join(part).strip():
        cells.append(nbformat.v4.new_markdown_cell("\n".join(part).strip("\n"), id=new_id()))
    return cells


def from_markdown(text: str) -> NotebookNode:
    """A jupytext-Markdown notebook read by jupytext, its cells numbered instead of jupytext's
    random ids, so that the .ipynb made from it is the same at every build."""
    import jupytext

    notebook = jupytext.reads(text, fmt="md")
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
    return notebook


def markdown_download(text: str, notebook_uri: str, inside: bool) -> str:
    """The .notebook.md download: the page's source, with code cells for its demos."""
    notebook = from_markdown(text)
    if not has_embeds(notebook):
        return text
    import jupytext

    return jupytext.writes(with_demo_cells(notebook, notebook_uri, inside), fmt="md")


def ipynb_download(notebook: NotebookNode, notebook_uri: str, inside: bool) -> str:
    """The .ipynb download of a notebook (read by jupytext or nbformat), with code cells for
    its demos."""
    import jupytext

    return jupytext.writes(with_demo_cells(notebook, notebook_uri, inside), fmt="ipynb")


def _embed_lines(source: str) -> dict[int, tuple[str, dict[str, Any]]]:
    """line number -> (demo name, options given), for each embed line outside fenced code."""
    found = {}
    for number, line, is_code in lines_outside_code(source.split("\n")):
        match = None if is_code else EMBED.match(line)
        if match:
            try:
                found[number] = parse_embed(match.group("args"))
            except ValueError:
                continue  # a malformed line: the page's build reports it with the page and line
    return found
