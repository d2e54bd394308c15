"""What a student meets: every demo page of the built zip, old code beside new, in one run.

Phone: the site served over http with gzip (as a static host serves it) to Chromium with a
phone's profile: 390 x 844, touch, the CPU slowed 4 times (CDP Emulation.setCPUThrottlingRate),
1.6 Mbit/s down and 750 kbit/s up with 150 ms round trips (CDP
Network.emulateNetworkConditions), a fresh context (empty cache) for every load.
Desktop: the unzipped zip opened from disk (file://), 1280 x 900, no throttling.

For each page: bytes transferred in all and up to the moment its first demo is usable, seconds
from opening to every demo ready, and to the first useful result of its first demo (the first
prediction for a drawn digit, the first trained batch, otherwise its ready state, which for the
3D views follows their first frame). Seconds are read on the page's own clock, from the start of
its navigation to the moment the demo changed (a MutationObserver the benchmark adds before the
page's scripts run); for a drawn digit, the drawing itself is not counted. Each figure is the
median of RUNS loads. A part that loads only when the reader comes to it (the unit explorer's
map): seconds from scrolling to it until it is ready, and the bytes that brings (the old code
had it with the page: 0).

The old code is a git revision (BASELINE, or --baseline) built in a worktree of its own with
the same cache (its models are the same, so nothing is trained again), so both sides are
measured on the same machine in the same run.

    python benchmarks/bench_phone.py [--baseline REV] [--runs 3] [--pages draw-a-digit,...]
    python benchmarks/run.py --only phone
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Context, Figure  # noqa: E402

AREA = "phone"
BASELINE = "eaf6eff"  # main before issue 30 (pages that load all of tf.min.js and the whole sample)
RUNS = 3
PHONE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
                 "uploadThroughput": 750_000 / 8}
PHONE_CPU_SLOWDOWN = 4
TIMEOUT = 240.0
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".xml"}

# The first useful result of a demo, when it is more than its ready state: a drawn digit read,
# or a first batch trained.
DRAWN = {"draw-a-digit": ("pad", "data-predicted")}
TRAINED = {"tensorspace-lenet-training": "start", "mlp-vs-cnn": "start", "convnetjs-mnist": None}
# A part that loads when the reader scrolls to it: its data-role and the data-* attribute of the
# demo's root that says it is ready (absent in the old code, which loaded it with the page).
LATER = {"unit-explorer": ("map-part", "mapState")}


class GzipHandler(SimpleHTTPRequestHandler):
    """A static host: text files gzipped when the browser accepts it, the rest as they are."""
    cache: dict[Path, bytes] = {}

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve(folder: Path) -> tuple[str, ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@dataclass
class Load:
    ready: float  # s from opening to every demo ready (the page's clock)
    first_result: float  # s to the first demo's first useful result
    bytes_all: int  # transferred by the time every demo is ready
    bytes_first: int  # transferred by the time the first demo is usable
    bytes_body: int = 0  # bytes of every file loaded, uncompressed
    demos: list[str] = field(default_factory=list)
    later: float | None = None  # s from scrolling to the first demo's LATER part until it is ready
    bytes_later: int = 0  # transferred meanwhile


READY_STATES = "[...document.querySelectorAll('[data-cnn-demo]')].map(e => e.dataset.demoState)"
# Stamps on the page's own clock (ms since its navigation started), taken as the demos change:
# polling from here would add up to a poll's interval, and wait behind any long task the page
# runs next (draw-a-digit's warm-up prediction, the theme's script), to every figure.
STAMPS = """window.__cnnStamps = {};
function __cnnStamp(key) { if (!(key in __cnnStamps)) __cnnStamps[key] = performance.now(); }
new MutationObserver(function (changes) {
  changes.forEach(function (c) {
    var d = c.target.dataset || {};
    if (!d.cnnDemo) return;
    if (d.demoState === 'ready') __cnnStamp('ready:' + d.cnnDemo);
    if (Number(d.examplesSeen) > 0) __cnnStamp('trained:' + d.cnnDemo);
  });
}).observe(document, {subtree: true, attributes: true,
                      attributeFilter: ['data-demo-state', 'data-examples-seen']});"""


def _stamp(page, key: str) -> float:
    """s on the page's clock at which key (see STAMPS) first held."""
    return page.evaluate(f"window.__cnnStamps[{json.dumps(key)}]") / 1000


def _poll(page, expression: str, deadline: float, every: float = 0.05):
    while True:
        got = page.evaluate(expression)
        if got:
            return got
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true after {TIMEOUT} s: {expression}")
        time.sleep(every)


def load(browser, url: str, folder: Path, phone: bool, digit_strokes) -> Load:
    from browser import LATER_PARTS, draw_strokes

    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, has_touch=phone, is_mobile=phone)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    cdp = context.new_cdp_session(page)
    transferred = {"bytes": 0}
    if phone:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        cdp.on("Network.loadingFinished",
               lambda e: transferred.__setitem__("bytes", transferred["bytes"] + int(e["encodedDataLength"])))
    loaded: list[str] = []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    page.add_init_script(STAMPS)
    started = time.monotonic()
    deadline = started + TIMEOUT
    page.goto(url, wait_until="commit")
    _poll(page, "document.querySelector('[data-cnn-demo]')", deadline)
    demos = page.evaluate("[...document.querySelectorAll('[data-cnn-demo]')].map(e => e.dataset.cnnDemo)")
    first = f'[data-cnn-demo="{demos[0]}"]'
    _poll(page, f"document.querySelector('{first}').dataset.demoState === 'ready'", deadline)
    bytes_first = transferred["bytes"]
    first_ready = _stamp(page, f"ready:{demos[0]}")
    states = _poll(page, f"(s => s.every(x => x === 'ready' || x === 'error') && s)({READY_STATES})",
                   deadline)
    if "error" in states:
        raise AssertionError(f"{url}: a demo failed: {states} {errors}")
    ready, bytes_all = max(_stamp(page, f"ready:{name}") for name in demos), transferred["bytes"]
    first_result = first_ready
    if demos[0] in DRAWN:
        role, answer = DRAWN[demos[0]]
        page.locator(f"{first} [data-role='{role}']").scroll_into_view_if_needed()
        draw_strokes(page, f"{first} [data-role='{role}']", digit_strokes,
                     pointer="touch" if phone else "mouse")
        drawn = time.monotonic()  # the drawing itself (many input events sent one by one) is not counted
        _poll(page, f"document.querySelector('{first}').getAttribute('{answer}')", deadline, every=0.01)
        first_result = first_ready + time.monotonic() - drawn
    elif demos[0] in TRAINED:
        button = TRAINED[demos[0]]
        page.locator(first).scroll_into_view_if_needed()  # the training lab starts once on screen
        if button:
            page.evaluate(f"document.querySelector('{first} [data-action=\"{button}\"]').click()")
        _poll(page, f"Number(document.querySelector('{first}').dataset.examplesSeen) > 0", deadline)
        first_result = _stamp(page, f"trained:{demos[0]}")
    later, bytes_later = None, 0
    if demos[0] in LATER:
        part, state = LATER[demos[0]]
        page.locator(f"{first} [data-role='{part}']").scroll_into_view_if_needed()
        scrolled, before = time.monotonic(), transferred["bytes"]
        said = _poll(page, f"(s => s === undefined ? 'with the page' : ['ready', 'error'].includes(s) && s)"
                           f"(document.querySelector('{first}').dataset.{state})", deadline, every=0.01)
        if said == "error":
            raise AssertionError(f"{url}: {demos[0]}'s {part} failed to load {errors}")
        later, bytes_later = round(time.monotonic() - scrolled, 2), transferred["bytes"] - before
    # What a demo loads by itself once ready (LeNet in 3D's time-lapse), waited for as the tests
    # wait: so the bytes in all count it on every load, not only when it happened to come in time.
    for root, part in LATER_PARTS.items():
        if page.locator(root).count():
            _poll(page, f"document.querySelector({json.dumps(root + part)})", deadline)
    body = sum(_local_file(u, url, folder).stat().st_size for u in set(loaded)
               if _local_file(u, url, folder).is_file())
    context.close()
    return Load(round(ready, 2), round(first_result, 2), bytes_all, bytes_first, body, demos, later,
                bytes_later)


def _local_file(loaded: str, page_url: str, folder: Path) -> Path:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(loaded)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.netloc != urlparse(page_url).netloc:
        return folder / "not-local"
    return folder / unquote(parsed.path).lstrip("/")


def demo_pages(unzipped: Path) -> list[str]:
    return sorted(p.name for p in unzipped.glob("*.html") if "data-cnn-demo=" in p.read_text())


def build_at(revision: str, work: Path, cache: Path) -> Path:
    """The site of an older revision, built from a worktree of it; returns the unzipped site."""
    source = work / f"src-{revision}"
    if not source.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(source), revision], cwd=ROOT,
                       check=True, capture_output=True)
        # Hard links: its own npm ci (if its lockfile differs) cannot touch ours.
        subprocess.run(["cp", "-al", str(ROOT / "node_modules"), str(source / "node_modules")], check=True)
    out = work / f"site-{revision}"
    env = {**os.environ, "CNN_DEMOS_CACHE": str(cache), "PYTHONPATH": str(source)}
    subprocess.run([sys.executable, "-m", "builder.cli", "build", "--site-dir", str(out / "site"),
                    "--zip", str(out / "site.zip")], cwd=source, env=env, check=True,
                   capture_output=True, text=True)
    with zipfile.ZipFile(out / "site.zip") as archive:
        archive.extractall(out / "unzipped")
    return out / "unzipped" / "cnn-demos-site"


def remove_worktrees(work: Path) -> None:
    for source in work.glob("src-*"):
        subprocess.run(["git", "worktree", "remove", "--force", str(source)], cwd=ROOT, capture_output=True)


def measure(browser, sites: dict[str, Path], pages: list[str], runs: int, strokes,
            report=print) -> dict[str, dict[str, dict[str, list[Load]]]]:
    """{page: {side: {"phone"|"desktop": [Load, ...]}}}, the sides interleaved run by run."""
    servers, urls = [], {}
    for side, folder in sites.items():
        url, server = serve(folder)
        servers.append(server)
        urls[side] = url
    results: dict = {}
    try:
        for page in pages:
            for _ in range(runs):
                for side, folder in sites.items():
                    if not (folder / page).is_file():
                        continue
                    got = results.setdefault(page, {}).setdefault(side, {"phone": [], "desktop": []})
                    got["phone"].append(load(browser, f"{urls[side]}/{page}", folder, True, strokes))
                    got["desktop"].append(load(browser, (folder / page).as_uri(), folder, False, strokes))
                    report(f"   {page} {side}: phone {got['phone'][-1]}, desktop {got['desktop'][-1]}",
                           flush=True)
    finally:
        for server in servers:
            server.shutdown()
    return results


def figures_of(results) -> list[Figure]:
    figures = []
    for page, sides in results.items():
        for side, profiles in sides.items():
            phone, desktop = profiles["phone"], profiles["desktop"]

            def med(loads, attribute):
                return statistics.median(getattr(x, attribute) for x in loads)

            note = f"{side}; median of {len(phone)}; {', '.join(phone[0].demos)}"
            figures += [
                Figure(AREA, f"{page} [{side}] phone: ready", med(phone, "ready"), "s", "lower", note),
                Figure(AREA, f"{page} [{side}] phone: first result", med(phone, "first_result"), "s",
                       "lower", note),
                Figure(AREA, f"{page} [{side}] phone: bytes transferred", med(phone, "bytes_all"),
                       "bytes", "lower", note),
                Figure(AREA, f"{page} [{side}] phone: bytes before the first demo is usable",
                       med(phone, "bytes_first"), "bytes", "lower", note),
                Figure(AREA, f"{page} [{side}] uncompressed", med(desktop, "bytes_body"), "bytes",
                       "lower", note),
                Figure(AREA, f"{page} [{side}] desktop file://: ready", med(desktop, "ready"), "s",
                       "lower", note),
                Figure(AREA, f"{page} [{side}] desktop file://: first result",
                       med(desktop, "first_result"), "s", "lower", note),
            ]
            if phone[0].later is not None:
                part = LATER[phone[0].demos[0]][0]
                figures += [
                    Figure(AREA, f"{page} [{side}] phone: {part} ready after scrolling to it",
                           med(phone, "later"), "s", "lower", note),
                    Figure(AREA, f"{page} [{side}] phone: bytes transferred for {part}",
                           med(phone, "bytes_later"), "bytes", "lower", note),
                ]
    return figures


def table(results) -> str:
    rows = ["| page | phone ready (s) old → new | first result (s) | transferred (KB) | "
            "before first usable (KB) | uncompressed (KB) | desktop file:// ready (s) | first result (s) |",
            "|---|---|---|---|---|---|---|---|"]
    for page, sides in results.items():
        def cell(attribute, profile, scale=1.0, digits=2, sides=sides):
            values = []
            for side in ("old", "new"):
                loads = sides.get(side, {}).get(profile)
                values.append(f"{statistics.median(getattr(x, attribute) for x in loads) / scale:.{digits}f}"
                              if loads else "–")
            return " → ".join(values)
        rows.append(f"| {page} | {cell('ready', 'phone')} | {cell('first_result', 'phone')} | "
                    f"{cell('bytes_all', 'phone', 1000, 0)} | {cell('bytes_first', 'phone', 1000, 0)} | "
                    f"{cell('bytes_body', 'desktop', 1000, 0)} | {cell('ready', 'desktop')} | "
                    f"{cell('first_result', 'desktop')} |")
    for page, sides in results.items():
        loads = {side: sides[side]["phone"] for side in ("old", "new") if side in sides}
        if any(x[0].later is not None for x in loads.values()):
            part = LATER[next(iter(loads.values()))[0].demos[0]][0]
            rows.append(f"\n{page}, phone: {part} ready after scrolling to it (s) " + " → ".join(
                f"{statistics.median(x.later for x in v):.2f}" for v in loads.values())
                + ", transferred meanwhile (KB) " + " → ".join(
                f"{statistics.median(x.bytes_later for x in v) / 1000:.0f}" for v in loads.values()))
    return "\n".join(rows)


def _strokes(root: Path):
    from browser import ink_strokes
    from builder.cache import Cache
    from builder.data import load_dataset
    from builder.kit.npm import ensure_node_modules

    data = load_dataset(None, ensure_node_modules(root), Cache(root / ".cnn-demos" / "cache"))
    seven = int((data.y_test == 7).nonzero()[0][0])
    return ink_strokes(data.x_test[seven])[::2]


def run(ctx: Context, baseline: str = BASELINE, runs: int = RUNS, only: list[str] | None = None,
        json_out: Path | None = None) -> list[Figure]:
    assert ctx.unzipped is not None, "bench_build must run first"
    cache = Path(os.environ.get("CNN_DEMOS_CACHE", ROOT / ".cnn-demos" / "cache"))
    try:
        old = build_at(baseline, ctx.work, cache)
    finally:
        remove_worktrees(ctx.work)
    sites = {"old": old, "new": ctx.unzipped}
    pages = [p for p in demo_pages(ctx.unzipped) if not only or p.removesuffix(".html") in only]
    results = measure(ctx.browser(), sites, pages, runs, _strokes(ctx.root))
    print(table(results))
    if json_out:
        json_out.write_text(json.dumps({p: {s: {k: [x.__dict__ for x in v] for k, v in prof.items()}
                                            for s, prof in sides.items()} for p, sides in results.items()},
                                       indent=1))
    return figures_of(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help="the old code: a git revision")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--pages", help="comma-separated page names (draw-a-digit,lenet-3d)")
    parser.add_argument("--site", type=Path, help="an unzipped site to use as the new side (else built)")
    parser.add_argument("--json", type=Path, help="write every load's figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnn-demos-phone-") as work:
        ctx = Context(root=ROOT, work=Path(work))
        try:
            if args.site:
                ctx.unzipped = args.site.resolve()  # file:// URLs need an absolute path
            else:
                subprocess.run([sys.executable, "-m", "builder.cli", "build", "--site-dir",
                                str(ctx.work / "site"), "--zip", str(ctx.work / "site.zip")],
                               cwd=ROOT, check=True, capture_output=True)
                with zipfile.ZipFile(ctx.work / "site.zip") as archive:
                    archive.extractall(ctx.work / "unzipped")
                ctx.unzipped = ctx.work / "unzipped" / "cnn-demos-site"
            run(ctx, args.baseline, args.runs, args.pages.split(",") if args.pages else None, args.json)
        finally:
            ctx.close()
            shutil.rmtree(ctx.work / "unused", ignore_errors=True)


if __name__ == "__main__":
    main()
