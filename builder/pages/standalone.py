"""Each demo alone on a page of its own (paths.standalone_page): the demo at full width, with no
site chrome, for an <iframe> on any page and for notebooks (the widget cnn_demos and show_demo.py).

The page holds the demo's embed exactly as DemoRenderer renders it on a course page (its default
options) and the site's stylesheets, so the demo looks as it does in the course; Site.finish_page
adds its scripts and its CSP as on any page. Every URL is relative: the page works from
file://, over http and from a sub-path. The stylesheets and the <body>'s colour scheme are read
from the built home page (builder/pages/site.py), whichever front end built it.
"""

import html
import posixpath
from collections.abc import Mapping

from builder import paths
from builder.kit.demos import Demo
from builder.pages.render import DemoRenderer, relative_base

# The page's own layout; the demo's look comes from the site's stylesheets and its own.
STYLE = """
html, body { margin: 0; }
body { background-color: var(--md-default-bg-color, #fff); color: var(--md-typeset-color, #111); }
.cnn-standalone { padding: 0.5rem 0.75rem 1rem; }
.cnn-standalone > .cnn-demo { margin: 0; max-width: 100%; overflow-x: auto; }
"""

# The empty icon: without one, a browser asks the server for /favicon.ico, a 404 in the console.
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {site}</title>
<link rel="icon" href="data:,">
{links}
<style>{style}</style>
</head>
<body{body}>
<main class="md-typeset cnn-standalone" aria-labelledby="cnn-standalone-title">
<h1 class="cnn-sr-only" id="cnn-standalone-title">{title}</h1>
{embed}
</main>
</body>
</html>
"""


def page(renderer: DemoRenderer, demo: Demo, site_name: str, stylesheets: list[str],
         body: Mapping[str, str]) -> str:
    """The standalone page of one demo, to be finished like any page. stylesheets are relative
    to the site root (the theme's, the site's extra CSS), loaded before the demo's own; body
    holds the attributes of a course page's <body> that the theme's stylesheets read."""
    site_path = paths.standalone_page(demo.name)
    base = relative_base(site_path)
    folder = posixpath.dirname(site_path)
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(posixpath.relpath(s, folder))}">'
                      for s in stylesheets)
    attributes = "".join(f' {name}="{html.escape(value)}"' for name, value in body.items())
    text = PAGE.format(title=html.escape(demo.title), site=html.escape(site_name), links=links,
                       style=STYLE, body=attributes, embed=renderer.embed(demo.name, 1, base))
    return text


def pages(renderer: DemoRenderer, demos: Mapping[str, Demo], site_name: str,
          stylesheets: list[str], body: Mapping[str, str]) -> dict[str, str]:
    """site path -> the standalone page, for every demo."""
    return {paths.standalone_page(name): page(renderer, demo, site_name, stylesheets, body)
            for name, demo in sorted(demos.items())}


def listing(page_src_uri: str, demos: Mapping[str, Demo]) -> str:
    """The Markdown that replaces {{ demo_pages() }}: each demo's standalone page, and the call
    that shows it in a notebook (the widget, cnn_demos)."""
    here = posixpath.dirname(page_src_uri) or "."
    rows = ["| Demo | Page of its own | In a notebook |", "| --- | --- | --- |"]
    for name, demo in sorted(demos.items()):
        href = posixpath.relpath(paths.standalone_page(name), here)
        rows.append(f"| {demo.title} | [{posixpath.basename(href)}]({href}) | `show({name!r})` |")
    return "\n".join(rows)
