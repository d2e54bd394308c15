"""Show one demo of the CNN course inside a Jupyter notebook, with no network.

Unzip the course's offline zip in the notebook's folder (so that cnn-demos-site/ sits beside the
notebook), then run a cell with one line:

    %run cnn-demos-site/show_demo.py draw-a-digit

A second argument sets the height in pixels (`%run cnn-demos-site/show_demo.py mlp-vs-cnn 900`).
From Python: `show("draw-a-digit")` once this file has been run or imported.

Why a script and not an IFrame onto cnn-demos/embed/<demo>.html: Jupyter serves the notebook's
files (its /files/ URLs) with a Content-Security-Policy that runs an HTML page in a sandbox.
The page itself loads, but the scripts and stylesheets it asks for go out without the login
cookie and the server refuses them. So this script copies the demo's standalone page into one
self-contained file, every script and stylesheet inside it, at cnn-demos/jupyter/<demo>.html,
and shows that file in an <iframe>: one request, which carries the login.

The build ships this file as the site's show_demo.py; it needs only Python's standard library
and IPython, and it reads the standalone pages the build wrote (builder/pages/standalone.py).
"""

from __future__ import annotations  # students may run an older Python than the build

import base64
import hashlib
import html
import os
import re
import sys
from pathlib import Path

EMBED_DIR = "cnn-demos/embed"  # the standalone pages (builder.paths.STANDALONE_DIR)
JUPYTER_DIR = "cnn-demos/jupyter"  # the self-contained copies this script writes (paths.JUPYTER_COPIES)
HEIGHT = 720  # pixels; the page scrolls inside the frame when a demo is taller
# The tags a standalone page loads its files with (builder.pages.render.add_page_assets); a
# script the page holds back until a demo asks for it (its type says so) is inlined to run at once.
ASSET = re.compile(r'<script (?:type="text/x-cnn-demos-later" data-cnn-later="[^"]*" )?'
                   r'src="(?P<script>[^"]+)"></script>|<link rel="stylesheet" href="(?P<style>[^"]+)">')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# The page's Content-Security-Policy (builder.pages.csp): its script-src gains the hashes of the
# scripts inlined here, so the copy runs them without allowing 'unsafe-inline'.
SCRIPT_SRC = re.compile(r'(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src )')


class DemoFrame:
    """The demo in an <iframe> (HTML output), or where to find it (plain-text output)."""

    def __init__(self, src: str, title: str, height: int) -> None:
        self.src, self.title, self.height = src, title, height

    def _repr_html_(self) -> str:
        return (f'<iframe src="{html.escape(self.src)}" title="{html.escape(self.title)}" '
                f'width="100%" height="{self.height}" style="border: 1px solid #ccc"></iframe>')

    def __repr__(self) -> str:
        return f"{self.title}: open {self.src} in a web browser"


def site_folder() -> Path:
    return Path(__file__).resolve().parent


def self_contained(page: Path) -> str:
    """The standalone page with every script and stylesheet it loads copied inside it."""
    hashes: list[str] = []

    def inline(match: re.Match) -> str:
        target = page.parent / html.unescape(match.group("script") or match.group("style"))
        text = target.read_text(encoding="utf-8")
        if match.group("script"):
            # As the browser will hash it: the HTML parser turns CR LF and CR into LF.
            body = text.replace("</script", "<\\/script").replace("\r\n", "\n").replace("\r", "\n")
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
            return "<script>" + body + "</script>"
        return "<style>" + text.replace("</style", "<\\/style") + "</style>"

    copy = ASSET.sub(inline, page.read_text(encoding="utf-8"))
    return SCRIPT_SRC.sub(lambda m: m.group(1) + " ".join(dict.fromkeys(hashes)) + " ", copy, count=1)


def show(name: str, height: int = HEIGHT) -> DemoFrame | None:
    """Write the demo's self-contained page and return it as an <iframe> output (None, with a
    message, when the demo is unknown or the page cannot be written)."""
    site = site_folder()
    page = site / EMBED_DIR / f"{name}.html"
    if not page.is_file():
        known = ", ".join(sorted(p.stem for p in (site / EMBED_DIR).glob("*.html")))
        print(f"No demo named {name!r} in {site}. The demos are: {known}.", file=sys.stderr)
        return None
    target = site / JUPYTER_DIR / f"{name}.html"
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(self_contained(page), encoding="utf-8")
        os.replace(partial, target)  # whole or not at all, even if two cells show one demo
    except OSError as exc:
        print(f"Cannot write {target} ({exc}). Unzip the site in a folder you can write to.",
              file=sys.stderr)
        return None
    title = TITLE.search(page.read_text(encoding="utf-8"))
    label = html.unescape(title.group(1)) if title else name
    # Relative to the notebook's folder (the kernel's working folder): Jupyter turns it into
    # the file's /files/ URL.
    return DemoFrame(Path(os.path.relpath(target, Path.cwd())).as_posix(), label, height)


def main(argv: list[str]) -> None:
    if len(argv) not in (2, 3) or (len(argv) == 3 and not argv[2].isdigit()):
        print(f"Usage: %run {argv[0]} <demo> [height in pixels]", file=sys.stderr)
        return
    frame = show(argv[1], int(argv[2]) if len(argv) == 3 else HEIGHT)
    if frame is not None:
        from IPython.display import display

        display(frame)


if __name__ == "__main__":
    main(sys.argv)
