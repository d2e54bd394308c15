"""Front-end libraries: `npm ci` from the committed lockfile, only when needed."""

import fcntl
import shutil
import subprocess
from pathlib import Path

from builder.errors import BuildError


def ensure_node_modules(root: Path, log=print) -> Path:
    """Install node_modules with `npm ci` when missing or older than package-lock.json."""
    lock = root / "package-lock.json"
    modules = root / "node_modules"
    if not lock.is_file():
        raise BuildError(f"{lock}: missing. It pins the front-end libraries; restore it from git.")
    if _up_to_date(lock, modules):
        return modules
    # Two builds at once must not run two `npm ci` on one folder: take turns, then look again.
    guard = root / ".cache" / "npm-ci.lock"
    guard.parent.mkdir(parents=True, exist_ok=True)
    with guard.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not _up_to_date(lock, modules):
            _npm_ci(root, log)
    return modules


def _up_to_date(lock: Path, modules: Path) -> bool:
    # npm writes this hidden copy of the lockfile at the end of a successful install.
    installed = modules / ".package-lock.json"
    return installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime


def _npm_ci(root: Path, log) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError(
            "npm is not installed, and the build needs it once to install the front-end "
            "libraries listed in package-lock.json. Install Node.js 18 or newer with npm "
            "(Debian/Ubuntu: `apt-get install -y nodejs npm`), then build again."
        )
    log("npm ci: installing the front-end libraries from package-lock.json ...")
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise BuildError(
            f"`npm ci` failed in {root} (exit {result.returncode}). Check that the npm registry "
            f"is reachable and package-lock.json is intact, then build again. npm said:\n{tail}"
        )
