"""Fixes to the theme's markup that every page needs, each for a check the site must pass.

- The search panel is a dialog without a name, so a screen reader announces only "dialog"
  (axe-core's aria-dialog-name, tests/test_site.py). If a theme update changes that markup,
  the replacement does nothing and the axe test says so.
- MkDocs renders 404.html with root-absolute links ("/assets/..."), since a host may serve it
  for a missing URL at any depth. The site must work under any sub-path and from file://, so
  404.html gets the same relative links as a top-level page instead: right for a host that
  serves it in place of a missing top-level page (every course page is top-level).
"""

import re

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search the course">'
ROOT_LINK = re.compile(r'(\b(?:href|src)=")/(?!/)')


def name_search_dialog(html: str) -> str:
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


def relative_404(html: str) -> str:
    html = ROOT_LINK.sub(r"\1./", html)
    html = html.replace('__md_scope=new URL("/",location)', '__md_scope=new URL(".",location)')
    html = re.sub(r'"base":\s*"/"', '"base": "."', html)
    return re.sub(r'("search":\s*")/(?!/)', r"\1", html)  # the search worker's URL
