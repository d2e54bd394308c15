"""A demo's embed rendered from its Jinja2 template, and the script and style tags a page needs.

Every URL is relative to the page (base is the way back to the site root), so the site works
from a sub-path and from file://.
"""

from typing import Any

import jinja2

from builder import paths
from builder.data.classes import MNIST, Identity
from builder.errors import BuildError
from builder.export.site_files import page_assets
from builder.kit.demos import Demo


class DemoRenderer:
    def __init__(self, demos: dict[str, Demo], metrics: dict[str, dict[str, Any]],
                 identity: Identity = MNIST):
        self.demos = demos
        self.metrics = metrics  # each model's public metrics, for the embeds to show
        self.dataset = identity.as_json()  # its name, noun and class names, for the embeds' words
        # A demo's templates come from its own folder, bundled or the author's.
        self.templates = jinja2.Environment(
            loader=jinja2.PrefixLoader({n: jinja2.FileSystemLoader(d.folder) for n, d in demos.items()}),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.templates.filters["a"] = with_article  # {{ dataset.noun | a }}: "a digit", "an item"

    def embed(self, name: str, number: int, base: str, options: dict[str, Any] | None = None) -> str:
        """The number-th embed of demo `name` on a page whose root is at `base`; options are
        the embed line's, already resolved (builder/kit/demo_options.py), else the defaults."""
        demo = self.demos[name]
        try:
            html = self.templates.get_template(f"{demo.name}/{demo.template}").render(
                id=f"{demo.name}-{number}",
                title=demo.title,
                assets=f"{base}/{paths.ASSETS}",
                models={n: self.metrics[n] for n in demo.models},
                options=demo.defaults() if options is None else options,
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


# TF.js's bundled regenerator runtime assigns a global `regeneratorRuntime`; in strict code an
# undeclared one throws, and its fallback then calls Function(), which the page's CSP refuses
# (builder/pages/csp.py). Declaring the global first keeps TF.js loading without 'unsafe-eval'.
TFJS_GLOBALS = "<script>window.regeneratorRuntime = window.regeneratorRuntime;</script>"


def add_page_assets(html: str, base: str, demos: list[Demo], questions: bool = False) -> str:
    """Styles at the end of <head>, scripts at the end of <body>, for the demos on the page
    and its questions, if it has any."""
    scripts, styles = page_assets(demos, questions)
    links = "".join(f'<link rel="stylesheet" href="{base}/{s}">' for s in styles)
    tags = "".join(f'<script src="{base}/{s}"></script>' for s in scripts)
    if any(s.endswith("/tf.min.js") for s in scripts):
        tags = TFJS_GLOBALS + tags
    head, sep, rest = html.partition("</head>")
    html = head + links + sep + rest if sep else html
    body, sep, tail = html.rpartition("</body>")
    return body + tags + sep + tail if sep else html + tags


def relative_base(url: str) -> str:
    """The relative way from a page's folder back to the site root ('.' at the top)."""
    folder = url if url.endswith("/") else url.rpartition("/")[0]
    depth = len([part for part in folder.split("/") if part])
    return "/".join([".."] * depth) or "."
