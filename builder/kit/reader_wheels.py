"""The wheels a student installs the notebook widget from, with no network: the pinned list in
reader-wheels.txt (anywidget and the pure-Python packages it needs that a Python with Jupyter or
marimo may lack, each with its SHA-256), downloaded once with pip into the build's cache and
shipped in the site's wheels/ folder beside the widget's own wheel (builder/pages/widget_wheel.py).
"""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from builder import paths
from builder.cache import Cache, content_key, file_digest
from builder.errors import BuildError

PINNED = Path(__file__).with_name("reader-wheels.txt")
# One file for every platform and Python: pip picks the pure-Python wheel of each pin.
PURE = ["--only-binary=:all:", "--platform", "any", "--implementation", "py", "--abi", "none",
        "--python-version", "3.11"]


def reader_wheels(cache: Cache, log: Callable[[str], None] = print) -> dict[str, Path]:
    """site path -> cached wheel, for every pin of reader-wheels.txt."""
    entry = cache.get_or_build("reader-wheels", content_key(file_digest(PINNED), PURE),
                               lambda work: _download(work, log))
    return {paths.wheel(p.name): p for p in sorted(entry.glob("*.whl"))}


def _download(work: Path, log: Callable[[str], None]) -> None:
    log(f"pip download: the notebook widget's dependencies pinned in {PINNED.name} ...")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
         "--disable-pip-version-check", *PURE, "-r", str(PINNED), "-d", str(work)],
        capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-10:])
        raise BuildError(f"{PINNED}: pip could not download the wheels it pins (exit {result.returncode}). "
                         f"The build needs the package index once for them (then they are cached); "
                         f"check that it is reachable, then build again. pip said:\n{tail}")
    pinned = [line for line in PINNED.read_text().splitlines() if line and not line.startswith("#")]
    if len(list(work.glob("*.whl"))) != len(pinned):
        raise BuildError(f"{PINNED}: pip downloaded {len(list(work.glob('*.whl')))} wheels for "
                         f"{len(pinned)} pins; each pin must name a pure-Python (py3-none-any) wheel.")
