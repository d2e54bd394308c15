"""Stage 5, pages: the MkDocs front end, and what the build does to pages.

plugin.py wires MkDocs's events to the chain (config.py holds its options); markdown.py is the
Python-Markdown extension that replaces embed and placeholder lines (parsed in embeds.py);
render.py renders a demo's embed and a page's script and style tags; page_fixes.py mends the
theme's markup; notebooks.py, credits.py and downloads.py make the notebook downloads, the
credits table and the downloads page; build_date.py dates the build by its commit;
writable.py checks the outputs before any work.
"""
