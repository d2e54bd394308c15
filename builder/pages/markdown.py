"""The page transforms as a Python-Markdown extension, so any front end that runs Python-Markdown
(MkDocs today; Zensical, which skips MkDocs plugins but runs extensions) can embed demos.

The front end tells the extension which page comes next (start_page), with the relative way
back to the site root; after the page is converted, found[page.src_uri] says what it embedded.
Demo HTML goes through Python-Markdown's stash, so Markdown leaves it exactly as rendered.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from builder.assets.demo_options import OptionSpec
from builder.errors import BuildError
from builder.pages.embeds import Found, transform

# After whitespace normalisation (30), which would strip the stash's markers, and before fenced
# code (25, superfences too) and raw HTML (20): fences are still plain lines here, and embed
# lines inside them must stay as written.
PRIORITY = 28


@dataclass(frozen=True)
class PageContext:
    source: str  # how errors name the page (its path from the project folder)
    src_uri: str  # the page's path in the docs folder
    base: str  # the relative URL of the site root from the page ('.' at the top)


class PageTransforms(Extension):
    def __init__(self, demos: Mapping[str, dict[str, OptionSpec]],
                 render_demo: Callable[[str, int, dict[str, Any], PageContext], str],
                 placeholders: dict[str, Callable[[PageContext], str]],
                 error: Callable[[str], Exception] = BuildError) -> None:
        super().__init__()
        self.demos = demos  # each demo's name -> the options its embed line takes
        self.render_demo = render_demo
        self.placeholders = placeholders
        self.error = error  # the front end's own error type, so it reports it without a traceback
        self.page: PageContext | None = None
        self.found: dict[str, Found] = {}

    def start_page(self, page: PageContext) -> None:
        self.page = page

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_Lines(md, self), "cnn_demos", PRIORITY)


class _Lines(Preprocessor):
    def __init__(self, md: Markdown, owner: PageTransforms) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        owner, page = self.owner, self.owner.page
        if page is None:  # a Markdown conversion outside any page (a theme's snippet)
            return lines

        def demo(name: str, number: int, options: dict[str, Any]) -> list[str]:
            return [self.md.htmlStash.store(owner.render_demo(name, number, options, page))]

        renderers = {name: (lambda r=render: r(page)) for name, render in owner.placeholders.items()}
        try:
            lines, found = transform(lines, page.source, owner.demos, demo, renderers)
        except BuildError as exc:
            raise owner.error(str(exc)) from exc
        owner.found[page.src_uri] = found
        return lines
