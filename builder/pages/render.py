"""A demo's embed rendered from its Jinja2 template, and the script and style tags a page needs.

Every URL is relative to the page (base is the way back to the site root), so the site works
from a sub-path and from file://.
"""

from typing import Any

import jinja2

from builder import paths
from builder.cache import Cache
from builder.data.classes import Identity
from builder.errors import BuildError
from builder.export.site_files import page_assets
from builder.for_readers.demo_options import hidden_parts
from builder.kit.demos import Demo
from builder.pages.compiled_templates import CachedTemplates


class DemoRenderer:
    def __init__(self, demos: dict[str, Demo], metrics: dict[str, dict[str, Any]],
                 identity: Identity, cache: Cache):
        self.demos = demos
        self.metrics = metrics  # each model's public metrics, for the embeds to show
        self.dataset = identity.as_json()  # its name, noun and class names, for the embeds' words
        # A demo's templates come from its own folder, bundled or the author's.
        self.templates = jinja2.Environment(
            loader=jinja2.PrefixLoader({n: jinja2.FileSystemLoader(d.folder) for n, d in demos.items()}),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            bytecode_cache=CachedTemplates(cache),
        )
        self.templates.filters["a"] = with_article  # {{ dataset.noun | a }}: "a digit", "an item"

    def embed(self, name: str, number: int, base: str, options: dict[str, Any] | None = None) -> str:
        """The number-th embed of demo `name` on a page whose root is at `base`; options are
        the embed line's, already resolved (builder/for_readers/demo_options.py), else the defaults."""
        demo = self.demos[name]
        options = demo.defaults() if options is None else options
        try:
            html = self.templates.get_template(f"{demo.name}/{demo.template}").render(
                id=f"{demo.name}-{number}",
                title=demo.title,
                assets=f"{base}/{paths.ASSETS}",
                models={n: self.metrics[n] for n in demo.models},
                options=options,
                hidden_parts=hidden_parts(demo.options, options),
                dataset=self.dataset,
            )
        except jinja2.TemplateError as exc:
            where = getattr(exc, "lineno", None)
            raise BuildError(f"{demo.folder / demo.template}{f':{where}' if where else ''}: "
                             f"{type(exc).__name__}: {exc}") from exc
        # How a finished page finds its demos, to load their scripts (builder/pages/site.py).
        if f'data-cnn-demo="{demo.name}"' not in html:
            raise BuildError(f'{demo.folder / demo.template}: the demo\'s root element needs data-cnn-demo="'
                             f'{demo.name}" (demos/README.md), so that its page loads its scripts.')
        return html


def with_article(word: str) -> str:
    """The word with its article, as demos/_shared/cnn-demos.js writes it (CnnDemos.withArticle)."""
    return ("an " if word[:1].lower() in "aeiou8" else "a ") + word


# A script the page loads only when a demo asks for it: with this type the browser neither
# fetches nor runs it; CnnDemos.loadLater(name) (demos/_shared/cnn-demos.js) adds a copy that runs.
LATER_TYPE = "text/x-cnn-demos-later"


# Where the theme's own scripts begin, after the page's content, in Material for MkDocs' pages
# and Zensical's: its settings, then its bundle.
THEME_SCRIPTS = '<script id="__config"'


def add_page_assets(html: str, base: str, demos: list[Demo], questions: bool = False) -> str:
    """Styles at the end of <head>; scripts, for the demos on the page and its questions if it
    has any, after the page's content and before the theme's scripts (else at the end of
    <body>): a demo starts as soon as its scripts have run (CnnDemos.eachEmbed), and the
    theme's bundle (about 0.1 s of a desktop's CPU, four times that on a phone) runs after.

    The scripts are also preloaded from the end of <head>: Chromium does not look ahead in a
    page whose Content-Security-Policy is in a <meta> (ours must be, for file://), so it asked
    for each script only once the one before had run, a round trip each (14 one after another
    on the index). Preloaded, they are asked for at once. At the end of <head>, not before its
    first script, so that the theme's styles and scripts there still come first and the page
    shows as early as before (on the phone profile the index's first paint came 0.6 s later
    with them first, and 0.05 s later where they are)."""
    assets = page_assets(demos, questions)
    links = "".join(f'<link rel="stylesheet" href="{base}/{s}">' for s in assets.styles)
    tags = "".join(f'<script type="{LATER_TYPE}" data-cnn-later="{name}" src="{base}/{s}"></script>'
                   for name, s in assets.later.items())
    tags += "".join(f'<script src="{base}/{s}"></script>' for s in assets.scripts)
    preloads = "".join(f'<link rel="preload" href="{base}/{s}" as="script">' for s in assets.scripts)
    head, sep, rest = html.partition("</head>")
    html = head + links + preloads + sep + rest if sep else html
    before, sep, theme = html.partition(THEME_SCRIPTS)
    if sep and "</body>" in theme:
        return before + tags + sep + theme
    body, sep, tail = html.rpartition("</body>")
    return body + tags + sep + tail if sep else html + tags


def relative_base(url: str) -> str:
    """The relative way from a page's folder back to the site root ('.' at the top)."""
    folder = url if url.endswith("/") else url.rpartition("/")[0]
    depth = len([part for part in folder.split("/") if part])
    return "/".join([".."] * depth) or "."
