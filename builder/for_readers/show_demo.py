"""Show one demo of the CNN course inside a notebook, with no network: a one-way view.

Unzip the course's offline zip in the notebook's folder (so that cnn-demos-site/ sits beside the
notebook), then run a cell with one line:

    %run cnn-demos-site/show_demo.py draw-a-digit

A second argument sets the height in pixels (`%run cnn-demos-site/show_demo.py mlp-vs-cnn 900`).
From Python: `show = runpy.run_path("cnn-demos-site/show_demo.py")["show"]`, then
`show("draw-a-digit")`.

This is the fallback of the notebook widget (`from cnn_demos import show`, installed from the
zip's wheels/ folder), which also carries the reader's drawing, the demo's answers and the
student's own model between the demo and Python. Here the demo is only shown: its standalone page
(cnn-demos/embed/<demo>.html) with every script and stylesheet copied inside it, in an <iframe>
whose srcdoc holds the page, sandboxed to run scripts and nothing else. No file is written and no
/files/ URL is used (Jupyter serves those with a sandbox that refuses the page's own scripts), so
it works wherever a notebook shows HTML output. The page is in the output, so a saved notebook
carries it (about 2 to 5 MB a demo); the widget's notebooks do not.

The site ships this file as show_demo.py and the widget's package carries it as
cnn_demos/show_demo.py (its pages are made by self_contained() too): standard library only, and
IPython to display.
"""

from __future__ import annotations  # students may run an older Python than the build

import base64
import hashlib
import html
import posixpath
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

EMBED_DIR = "cnn-demos/embed"  # the standalone pages (builder.paths.STANDALONE_DIR)
HEIGHT = 720  # pixels; the page scrolls inside the frame when a demo is taller
# The tags a standalone page loads its files with (builder.pages.render.add_page_assets); a
# script the page holds back until a demo asks for it (its type says so) is inlined to run at once,
# and the preloads of the same files are dropped.
ASSET = re.compile(r'<script (?:type="text/x-cnn-demos-later" data-cnn-later="[^"]*" )?'
                   r'src="(?P<script>[^"]+)"></script>|<link rel="stylesheet" href="(?P<style>[^"]+)">'
                   r'|<link rel="preload" href="(?P<preloaded>[^"]+)" as="script">')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# The page's Content-Security-Policy (builder.pages.csp): its script-src gains the hashes of the
# scripts inlined here, so the copy runs them without allowing 'unsafe-inline'.
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*script-src ')


def site_folder() -> Path:
    """The unzipped site this file was shipped in."""
    return Path(__file__).resolve().parent


def demo_names(site: Path) -> list[str]:
    return sorted(p.stem for p in (site / EMBED_DIR).glob("*.html"))


def standalone_page(site: Path, name: str) -> Path:
    """The demo's standalone page; LookupError naming the demos there when it has none."""
    page = site / EMBED_DIR / f"{name}.html"
    if not page.is_file():
        raise LookupError(f"No demo named {name!r} in {site}. The demos are: {', '.join(demo_names(site))}.")
    return page


def script_tag(text: str) -> tuple[str, str]:
    """An inline <script> holding text, and its CSP hash as the browser computes it (the HTML
    parser turns CR LF and CR into LF)."""
    body = text.replace("</script", "<\\/script").replace("\r\n", "\n").replace("\r", "\n")
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    return "<script>" + body + "</script>", f"'sha256-{digest}'"


def self_contained(site: Path, name: str, first: Sequence[str] = (),
                   replaced: Mapping[str, str | None] | None = None,
                   edit: Callable[[str], str] | None = None) -> str:
    """The demo's standalone page with every script and stylesheet it loads copied inside it.

    first: scripts to run before any other, just after the page's CSP; replaced: site path ->
    the text to inline in place of that file, or None to leave it out; edit: a change to the
    page's own HTML, made before anything is copied in."""
    page = standalone_page(site, name)
    replaced = replaced or {}
    hashes: list[str] = []

    def inline(match: re.Match) -> str:
        if match.group("preloaded"):
            return ""  # the copy has the file inside it already
        src = html.unescape(match.group("script") or match.group("style"))
        site_path = posixpath.normpath(posixpath.join(EMBED_DIR, src))
        text = (replaced[site_path] if site_path in replaced
                else (site / site_path).read_text(encoding="utf-8"))
        if text is None:
            return ""
        if match.group("script"):
            tag, digest = script_tag(text)
            hashes.append(digest)
            return tag
        return "<style>" + text.replace("</style", "<\\/style") + "</style>"

    own = page.read_text(encoding="utf-8")
    copy = ASSET.sub(inline, edit(own) if edit else own)
    early = [script_tag(text) for text in first]
    hashes = [digest for _, digest in early] + hashes
    policy = CSP.search(copy)
    if policy is None:
        raise ValueError(f"{page}: no Content-Security-Policy to add the inlined scripts' hashes to.")
    at = copy.index(">", policy.end()) + 1
    return (copy[:policy.end()] + " ".join(dict.fromkeys(hashes)) + " " + copy[policy.end():at]
            + "".join(tag for tag, _ in early) + copy[at:])


def page_title(site: Path, name: str) -> str:
    found = TITLE.search(standalone_page(site, name).read_text(encoding="utf-8"))
    return html.unescape(found.group(1)) if found else name


def execution_count() -> int | None:
    """The number of the cell IPython is running, or None outside IPython."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    return getattr(shell, "execution_count", None)


class ShownOnce:
    """A view that show() displays at once: when the same cell also ends with it (`show(...)` as
    the cell's last line), IPython would show it a second time; it is shown once."""

    _shown_in: int | None = None

    def _shown(self) -> None:
        self._shown_in = execution_count()

    def _ipython_display_(self) -> None:
        count = execution_count()
        if count is not None and count == self._shown_in:
            self._shown_in = None  # the cell's own result: shown already
            return
        from IPython.display import display

        display(self._mimebundle(), raw=True)

    def _mimebundle(self) -> dict[str, Any]:
        raise NotImplementedError


class DemoFrame(ShownOnce):
    """The demo's page in a sandboxed <iframe srcdoc> (HTML output), or a line saying what it is
    (plain-text output)."""

    def __init__(self, page: str, title: str, height: int) -> None:
        self.page, self.title, self.height = page, title, height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page)}" sandbox="allow-scripts" '
                f'title="{html.escape(self.title)}" width="100%" height="{self.height}" '
                'style="border: 1px solid #ccc"></iframe>')

    def _mimebundle(self) -> dict[str, Any]:
        return {"text/html": self._repr_html_(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"{self.title}: the demo, shown where a notebook renders HTML output"


def frame(name: str, height: int = HEIGHT, site: Path | None = None) -> DemoFrame:
    """The demo's one-way view, not yet displayed."""
    site = site or site_folder()
    return DemoFrame(self_contained(site, name), page_title(site, name), height)


def show(name: str, height: int = HEIGHT, site: Path | None = None, **options: Any) -> DemoFrame:
    """Show the demo in the notebook (once, even as a cell's last line) and return its view.
    Options need the widget package (cnn_demos); here the demo shows its defaults."""
    view = frame(name, height, site)
    if options:
        print(f"{name}: {', '.join(sorted(options))} needs the notebook widget (from cnn_demos import "
              "show); shown here with the defaults.", file=sys.stderr)
    if execution_count() is not None:
        from IPython.display import display

        display(view)
        view._shown()
    return view


def main(argv: list[str]) -> None:
    if len(argv) not in (2, 3) or (len(argv) == 3 and not argv[2].isdigit()):
        print(f"Usage: %run {argv[0]} <demo> [height in pixels]", file=sys.stderr)
        return
    try:
        view = show(argv[1], int(argv[2]) if len(argv) == 3 else HEIGHT)
    except LookupError as exc:
        print(exc.args[0], file=sys.stderr)
        return
    if execution_count() is None:
        print(repr(view))


if __name__ == "__main__":
    main(sys.argv)
