"""Accessibility fixes to the theme's markup, for what axe-core flags in it (tests/test_site.py).

mkdocs-material's search panel is a dialog without a name, so a screen reader announces
only "dialog". If a theme update changes that markup, this does nothing and the axe test
says so.
"""

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search the course">'


def name_search_dialog(html: str) -> str:
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)
