"""A demo's embed rendered from its Jinja2 template, and the script and style tags a page needs.

Every URL is relative to the page (base is the way back to the site root), so the site works
from a sub-path and from file://.
"""

from pathlib import Path
from typing import Any

import jinja2

from builder import paths
from builder.assets.demos import Demo
from builder.assets.site_files import page_assets
from builder.errors import BuildError


class DemoRenderer:
    def __init__(self, demos_dir: Path, demos: dict[str, Demo], metrics: dict[str, dict[str, Any]]):
        self.demos = demos
        self.metrics = metrics  # each model's public metrics, for the embeds to show
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(demos_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )

    def embed(self, name: str, number: int, base: str) -> str:
        """The number-th embed of demo `name` on a page whose root is at `base`."""
        demo = self.demos[name]
        template = f"{demo.name}/{demo.template}"
        try:
            return self.templates.get_template(template).render(
                id=f"{demo.name}-{number}",
                title=demo.title,
                assets=f"{base}/{paths.ASSETS}",
                models={n: self.metrics[n] for n in demo.models},
            )
        except jinja2.TemplateError as exc:
            where = getattr(exc, "lineno", None)
            raise BuildError(f"demos/{template}{f':{where}' if where else ''}: "
                             f"{type(exc).__name__}: {exc}") from exc


def add_page_assets(html: str, base: str, demos: list[Demo]) -> str:
    """Styles at the end of <head>, scripts at the end of <body>, for the demos on the page."""
    scripts, styles = page_assets(demos)
    links = "".join(f'<link rel="stylesheet" href="{base}/{s}">' for s in styles)
    tags = "".join(f'<script src="{base}/{s}"></script>' for s in scripts)
    head, sep, rest = html.partition("</head>")
    html = head + links + sep + rest if sep else html
    body, sep, tail = html.rpartition("</body>")
    return body + tags + sep + tail if sep else html + tags


def relative_base(url: str) -> str:
    """The relative way from a page's folder back to the site root ('.' at the top)."""
    folder = url if url.endswith("/") else url.rpartition("/")[0]
    depth = len([part for part in folder.split("/") if part])
    return "/".join([".."] * depth) or "."
