"""The Content-Security-Policy every built page carries, as a <meta http-equiv> tag.

The site makes no request to another host; the policy makes the browser enforce that, so a
future link, stylesheet or library cannot send a reader's drawing anywhere. A <meta> policy
works from file:// as well as over http: the `file:` scheme source is what lets a page opened
from disk load its neighbouring files ('self' does not match file: URLs there).

Inline scripts (mkdocs-material's base template has three; show_demo.py's self-contained copies
inline every script) are allowed by their SHA-256 hashes, never by 'unsafe-inline'. A script
that builds code from strings needs 'unsafe-eval': only pages that load such a library get it
(see DESIGN.md, "Content-Security-Policy").
"""

import base64
import hashlib
import re

# Script elements the browser runs: no type, or a JavaScript one (not application/json).
_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_EXISTING = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')

# Vendor scripts that compile code from strings at run time, and so need 'unsafe-eval'.
# tfjs-vis 1.5.1 draws its charts with vega, whose expression parser turns each chart's
# expressions into functions with `new Function` (a chart drawn without it throws EvalError).
NEEDS_EVAL = ("tfjs-vis.umd.min.js",)

# TF.js bundles long.js, which tries to compile a tiny WebAssembly module for 64-bit maths and
# falls back to JavaScript when refused; 'wasm-unsafe-eval' lets it, and allows no JS eval.
TFJS = ("tf.min.js", "tf-webgl.min.js")

# Where the site's own files live: the page's origin over http, the file: scheme from disk.
_LOCAL = "'self' file:"


def _sha256(text: str) -> str:
    # The HTML parser turns CR LF and CR into LF before the browser hashes a script.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"


def _function_source(source: str, name: str) -> str | None:
    """The text of `function name(...){...}` in minified source, as Function.toString gives it."""
    start = source.find(f"function {name}(")
    if start < 0:
        return None
    depth, i = 0, source.index("{", start)
    while i < len(source):
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        if depth == 0:
            return source[start:i + 1]
        i += 1
    return None


def iframe_worker_script(shim: str, worker_url: str) -> str:
    """The inline script iframe-worker's shim writes into its hidden iframe for a page whose
    search worker is worker_url. From file:// the shim stands in for Worker, and its iframe
    (about:blank) runs under the page's policy, so that script must be allowed by its hash: its
    text is the shim's template with the shim's two helper functions and the worker's URL
    (the relative URL in the page's __config, as the theme passes it) filled in."""
    template = re.search(r"<script>(?P<text>.*?)<\\/script>", shim, re.S)
    if template is None:
        raise ValueError("iframe-worker's shim no longer writes an inline <script>: "
                         "see builder/pages/csp.py")

    def fill(match: re.Match) -> str:
        return _function_source(shim, match.group(1)) or worker_url

    return re.sub(r"\$\{(\w+)\}", fill, template.group("text"))


_SEARCH_WORKER = re.compile(r'"search":\s*"(?P<url>[^"]+)"')


def script_hashes(html: str, search_shim: str | None = None) -> list[str]:
    """'sha256-…' sources for every inline script the browser would run, in page order."""
    hashes = []
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group("type").lower() if kind else "") not in _JS_TYPES:
            continue
        source = _sha256(match.group("body"))
        if source not in hashes:
            hashes.append(source)
    worker = _SEARCH_WORKER.search(html)
    if search_shim and worker and "iframe-worker" in html:
        hashes.append(_sha256(iframe_worker_script(search_shim, worker.group("url"))))
    return hashes


def policy(html: str, search_shim: str | None = None) -> str:
    """The policy for this page: its own files, its inline scripts by hash, nothing remote.
    search_shim: the text of iframe-worker's shim, when the site ships it."""
    extra = []
    if any(name in html for name in NEEDS_EVAL):
        extra.append("'unsafe-eval'")
    if any(name in html for name in TFJS):
        extra.append("'wasm-unsafe-eval'")
    scripts = " ".join([_LOCAL, *script_hashes(html, search_shim), *extra])
    return "; ".join([
        "default-src 'none'",
        f"script-src {scripts}",
        # Libraries add style elements and attributes as they draw (tfjs-vis, TensorSpace,
        # Material's own components); a style cannot send anything anywhere under this policy.
        f"style-src {_LOCAL} 'unsafe-inline'",
        # data: for the digits and figures painted as images; blob: for downloads made in the page.
        f"img-src {_LOCAL} data: blob:",
        f"font-src {_LOCAL} data:",
        # The dataset script unpacks its gzip through a data: URL; nothing else is fetched.
        f"connect-src {_LOCAL} data: blob:",
        # Material's search runs in a worker, or from file:// in iframe-worker's iframe.
        f"worker-src {_LOCAL} blob:",
        f"frame-src {_LOCAL} blob: data:",
        f"media-src {_LOCAL} data: blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def without_policy(html: str) -> str:
    """html with no policy: for `serve`, whose live reload injects an inline script of its own
    that differs at every rebuild, so no hash can allow it."""
    return _EXISTING.sub("", html)


def add_policy(html: str, search_shim: str | None = None) -> str:
    """html with its policy as the first thing in <head> after the charset (replacing an old one)."""
    html = _EXISTING.sub("", html)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, search_shim)}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return tag + html
    return html[:anchor.end()] + tag + html[anchor.end():]
