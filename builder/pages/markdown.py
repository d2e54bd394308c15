"""The Python-Markdown extension that embeds demos: `builder.pages.markdown` in a front end's
list of markdown_extensions (MkDocs and Zensical load it by that name, through makeExtension).

It replaces each embed and placeholder line (builder/pages/embeds.py) with what the active
site renders. A front end activates the site before rendering pages, and says how to find the
page a Markdown conversion belongs to. With no active site (`zensical build` or `mkdocs build`
run on a course without the cnn-demos build), a page with an embed line stops the build with
what to run instead: never a page with raw embed lines in it.
Demo HTML goes through Python-Markdown's stash, so Markdown leaves it exactly as rendered.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from builder.errors import BuildError
from builder.pages.embeds import ALMOST, PLACEHOLDER, lines_outside_code
from builder.pages.questions.syntax import ALMOST as QUESTION

# After whitespace normalisation (30), which would strip the stash's markers, and before fenced
# code (25, superfences too) and raw HTML (20): fences are still plain lines here, and embed
# lines inside them must stay as written.
PRIORITY = 28

NOT_ACTIVE = ("{page}:{line}: this page embeds a demo or a question, which only the cnn-demos build renders. "
              "Build the course with `cnn-demos build` (MkDocs) or `cnn-demos build --engine zensical`, "
              "not with a bare `zensical build` (which skips the cnn-demos plugin).")


@dataclass(frozen=True)
class PageRef:
    source: str  # how errors name the page (its path from the project folder)
    src_uri: str  # the page's path in the docs folder


class PageSource(Protocol):
    """What the extension needs from the active site."""

    def markdown_lines(self, lines: list[str], page: PageRef, stash: Callable[[str], str]) -> list[str]: ...


@dataclass
class _Active:
    site: PageSource
    page_of: Callable[[Markdown], PageRef | None]  # the page a conversion belongs to, if any
    error: Callable[[str], Exception]  # the front end's own error, reported without a traceback


_active: _Active | None = None


def activate(site: PageSource, page_of: Callable[[Markdown], PageRef | None],
             error: Callable[[str], Exception] = BuildError) -> None:
    global _active
    _active = _Active(site, page_of, error)


def deactivate() -> None:
    global _active
    _active = None


class DemoEmbeds(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_Lines(md), "cnn_demos", PRIORITY)


def makeExtension(**kwargs: Any) -> DemoEmbeds:  # noqa: N802 (Python-Markdown's name)
    return DemoEmbeds(**kwargs)


class _Lines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        active = _active
        page = active.page_of(self.md) if active else None
        if active is None:
            _refuse_embeds(lines, self.md)
            return lines
        if page is None:  # a Markdown conversion outside any page (a theme's snippet)
            return lines
        try:
            return active.site.markdown_lines(lines, page, self.md.htmlStash.store)
        except BuildError as exc:
            raise active.error(str(exc)) from exc


def _refuse_embeds(lines: list[str], md: Markdown) -> None:
    for number, line, is_code in lines_outside_code(lines):
        if not is_code and (ALMOST.match(line) or PLACEHOLDER.match(line) or QUESTION.match(line)):
            page = _page_name(md)
            raise BuildError(NOT_ACTIVE.format(page=page, line=number))


def _page_name(md: Markdown) -> str:
    """The page's path when the front end's own context says it (Zensical keeps it on a
    preprocessor named rendering_context), else a general name."""
    if "rendering_context" in md.preprocessors:
        page = getattr(md.preprocessors["rendering_context"], "page", None)
        if getattr(page, "path", None):
            return str(page.path)
    return "a page"
