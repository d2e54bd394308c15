"""What every benchmark module shares: figures, a context with one built site, a browser.

A module benchmarks/bench_<area>.py defines `run(ctx) -> list[Figure]`; benchmarks/run.py
runs them in name order (bench_build first, since it makes the site the others open).
"""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the browser helpers the tests use


@dataclass(frozen=True)
class Figure:
    area: str
    name: str
    value: float
    unit: str
    better: str  # "lower" or "higher": which way is an improvement
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Context:
    root: Path
    work: Path  # a scratch folder for this run
    site: Path | None = None  # the built site, once bench_build has made it
    unzipped: Path | None = None  # the offline zip, unzipped
    shared: dict[str, Any] = field(default_factory=dict)
    _browser: Any = None
    _playwright: Any = None

    def browser(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            from browser import CHROMIUM, CHROMIUM_ARGS

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()

    def page_url(self, page: str) -> str:
        assert self.unzipped is not None, "bench_build must run first"
        return (self.unzipped / page).as_uri()


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    timing: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield timing
    finally:
        timing["seconds"] = time.perf_counter() - start


def page_bytes(site: Path, page: str) -> int:
    """Bytes a reader downloads for a page: the HTML and every local script, style and image."""
    import re
    from urllib.parse import urlparse

    html_path = site / page
    html = html_path.read_text()
    total = html_path.stat().st_size
    seen: set[Path] = set()
    for ref in re.findall(r'(?:src|href)="([^"#?]+)"', html):
        if urlparse(ref).scheme or not ref.endswith((".js", ".css", ".png", ".svg", ".ico")):
            continue
        target = (html_path.parent / ref).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            total += target.stat().st_size
    return total
