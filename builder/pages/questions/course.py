"""Every question of a course: found in the docs folder when the site is made, checked, and
rendered into each page.

The docs folder is read directly (as builder/pages/notebooks/ does), so the whole course's
questions are known before the first page renders: a bad question stops the build naming its
page and line (an .ipynb page: its cell and the line in it), two questions may not share a
name, and the summary's {{ questions() }} lists them all in the order of the nav.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import BuildError
from builder.export import ExportedModel
from builder.kit.demos import Demo
from builder.kit.quantities import QuantitySpec
from builder.pages.embeds import EMBED, lines_outside_code, parse_embed
from builder.pages.notebooks import docs_files, ipynb
from builder.pages.questions import html as question_html
from builder.pages.questions.bind import Bound, Embedded, bind
from builder.pages.questions.measures import Measured, measure
from builder.pages.questions.syntax import QuestionBlock, QuestionSyntaxError, find_blocks

PLACEHOLDER = "questions"  # {{ questions() }}: every question of the course, with the learner's answers


@dataclass(frozen=True)
class PageQuestion:
    bound: Bound
    page: str  # the page's path in the docs folder
    page_title: str
    where: str  # how messages name its line


@dataclass
class Course:
    demos: Mapping[str, Demo]
    models: Mapping[str, ExportedModel]
    classes: list[str]
    name: str  # the course's name (its site_name): the learner's answers are kept under it
    site_path: Callable[[str], str]  # where a page of the docs folder lands in the site
    questions: list[PageQuestion] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.quantities = {n: d.quantities for n, d in self.demos.items()}
        self.measured: dict[tuple[str, str], Measured] = {}
        for demo in self.demos.values():
            for spec in demo.quantities.values():
                if spec.build is None:
                    continue
                try:
                    value = measure(self.models[spec.build["model"]], spec.build)
                except ValueError as exc:
                    raise BuildError(f"{demo.folder / 'demo.json'}: quantity {spec.name!r}: {exc}") from None
                self.measured[demo.name, spec.name] = value

    def _measure(self, demo: str, spec: QuantitySpec) -> Measured:
        return self.measured[demo, spec.name]

    # -- finding every question --------------------------------------------------------------

    def scan(self, docs_dir: Path, root: Path, nav: list[str]) -> None:
        """Every question of the docs folder's pages, checked; pages in nav order, then the rest."""
        order = {uri: i for i, uri in enumerate(nav)}
        files = [u for u in docs_files(docs_dir) if u.endswith((".md", ipynb.SUFFIX))]
        files.sort(key=lambda u: (order.get(u, len(order)), u))
        seen: dict[str, str] = {}
        for src_uri in files:
            path = docs_dir / src_uri
            source = str(path.relative_to(root)) if path.is_relative_to(root) else src_uri
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the front end (or the notebooks' reader) reports it
            cells = _markdown_cells(text, source) if src_uri.endswith(ipynb.SUFFIX) else [(source, text)]
            title = _title(cells, src_uri)
            on_page = _embedded([cell for _, cell in cells])
            for number, (where, cell) in enumerate(cells):
                for block, bound in self._bind_all(cell.split("\n"), where, _seen_from(on_page, number)):
                    name = bound.name
                    here = f"{where}:{block.line_of('name')}"
                    if name in seen:
                        raise BuildError(f"{here}: question name {name!r} is used twice (also at "
                                         f"{seen[name]}); each question needs a name of its own.")
                    seen[name] = here
                    self.questions.append(PageQuestion(bound, src_uri, title, where))

    def _bind_all(self, lines: list[str], where: str, on_page: list[Embedded]
                  ) -> list[tuple[QuestionBlock, Bound]]:
        try:
            return [(block, bind(block, self.quantities, on_page, self._measure, self.classes))
                    for block in find_blocks(lines)]
        except QuestionSyntaxError as exc:
            raise BuildError(f"{where}:{exc.line}: {exc}") from None

    # -- pages -------------------------------------------------------------------------------

    def page_lines(self, lines: list[str], source: str, stash: Callable[[str], str]) -> list[str]:
        """The page's lines with each question block replaced by its HTML (through stash), as
        many lines as the block had, so later messages keep their line numbers."""
        out = list(lines)
        on_page = _seen_from(_embedded(["\n".join(lines)]), 0)
        for block, bound in self._bind_all(lines, source, on_page):
            html_line = stash(question_html.question(bound.widget, self.name))
            size = block.end - block.line + 1
            out[block.line - 1:block.end] = (["", html_line] + [""] * size)[:max(size, 2)]
        return out

    def gathering(self, src_uri: str) -> str:
        """{{ questions() }} on the page at src_uri: every question of the course."""
        entries = [{**q.bound.widget, "page_path": self.site_path(q.page), "page_title": q.page_title}
                   for q in self.questions]
        return question_html.gathering(entries, self.site_path(src_uri), self.name)


def _embedded(cells: list[str]) -> list[tuple[int, Embedded]]:
    """(cell, demo) for each demo a page embeds (a Markdown page is one cell), in order, with
    the id the renderer gives its root (<name>-<n>, n counting the page's embeds). Malformed
    lines are for the embed transform to report."""
    found = []
    for cell, text in enumerate(cells):
        for number, line, is_code in lines_outside_code(text.split("\n")):
            match = None if is_code else EMBED.match(line)
            if match:
                try:
                    found.append((cell, number, parse_embed(match.group("args"))[0]))
                except ValueError:
                    continue
    return [(cell, Embedded(name, number, f"{name}-{n}"))
            for n, (cell, number, name) in enumerate(found, start=1)]


def _seen_from(on_page: list[tuple[int, Embedded]], cell: int) -> list[Embedded]:
    """The page's demos with lines counted from the top of the given cell: those of earlier
    cells come before its first line, those of later ones after its last."""
    return [Embedded(e.name, e.line + (c - cell) * 1_000_000, e.id) for c, e in on_page]


def _markdown_cells(text: str, source: str) -> list[tuple[str, str]]:
    """(how messages name it, its text) for each Markdown cell of a notebook."""
    notebook = ipynb.read(text, source)
    return [(f"{source} cell {n}", c.source) for n, c in enumerate(notebook.cells, start=1)
            if c.cell_type == "markdown"]


def _title(cells: list[tuple[str, str]], src_uri: str) -> str:
    for _, text in cells:
        for _, line, is_code in lines_outside_code(text.split("\n")):
            if not is_code and line.startswith("# "):
                return line[2:].strip()
    return src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").capitalize()
