"""Stage 5, pages: everything the build does to pages, for any front end (no MkDocs or
Zensical import here).

site.py is the pipeline (Site: a page's Markdown, finish_page() for every page, finish_site());
markdown.py is the Python-Markdown extension that replaces embed and placeholder lines (parsed
in embeds.py); render.py renders a demo's embed and a page's script and style tags; csp.py the
Content-Security-Policy; page_fixes.py mends the theme's markup; dataset_notice.py is the note
on pages built on other data; standalone.py is each demo's page of its own; notebooks/ makes
notebook pages and downloads; special/ renders the credits and downloads pages.
"""
