"""The wheel on each Python the project supports: for 3.11, 3.12 and 3.13 (whichever this machine
has, as python3.X on PATH or a pyenv build), a fresh virtual environment, the wheel built from
the tree installed with constraints.txt (on 3.13 then tensorflowjs with --no-deps: DESIGN.md,
"Python versions"), a starter course from `cnn-demos new` and a small build of it (1 epoch on
500 examples, an empty cache), with no Node on PATH. Figures per version: install time, build
time, whether the offline zip was written (and is byte-identical to the first version's); a
step that fails is reported with its last lines.

About 5 to 7 minutes a version on 2 cores, pip's cache warm (a first install downloads about 3 GB).
Run it alone: `python benchmarks/run.py --only python_versions`, or this file directly
(`python benchmarks/bench_python_versions.py [3.12 3.13]`), which prints the same figures.
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, Context, Figure

AREA = "python_versions"
VERSIONS = ("3.11", "3.12", "3.13")
NO_DEPS_ON = {"3.13": ["tensorflowjs"]}  # their requirements have no wheel for that version
SMALL_BUILD = ["--epochs", "1", "--train-examples", "500"]


class StepFailed(Exception):
    pass


def find_python(version: str) -> str | None:
    """python3.X on PATH (a pyenv shim for another version fails, and is passed over), else the
    newest pyenv build of that version."""
    candidates = [shutil.which(f"python{version}")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        builds = glob.glob(f"{root}/versions/{version}.*/bin/python{version}")
        candidates += sorted(builds, key=lambda p: [int(n) for n in Path(p).parts[-3].split(".")
                                                  if n.isdigit()], reverse=True)
    for candidate in filter(None, candidates):
        ran = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True)
        if ran.returncode == 0 and ran.stdout.strip() == version:
            return candidate
    return None


def _step(what: str, command: list, **kwargs) -> float:
    started = time.perf_counter()
    ran = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    if ran.returncode != 0:
        tail = [line for line in (ran.stderr or ran.stdout).splitlines()
                if line.strip() and "is ignored: it is neither a file nor a directory" not in line][-6:]
        raise StepFailed(f"{what} failed (exit {ran.returncode}): " + " | ".join(tail))
    return time.perf_counter() - started


def build_wheel(root: Path, out: Path) -> Path:
    _step("pip wheel", [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, root])
    (wheel,) = out.glob("cnn_demos-*.whl")
    return wheel


def try_version(version: str, python: str, wheel: Path, work: Path) -> dict:
    """install and build seconds, zip written, versions installed, or the failure."""
    result: dict = {"python": python}
    venv = work / f"venv-{version}"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CNN_DEMOS_")},
           "PATH": str(venv / "bin"), "CNN_DEMOS_CACHE": str(work / f"cache-{version}")}  # no node
    constraints = ROOT / "constraints.txt"
    try:
        _step("venv", [python, "-m", "venv", venv])
        result["full_version"] = subprocess.run([venv / "bin" / "python", "--version"],
                                                capture_output=True, text=True).stdout.split()[-1]
        install = _step("pip install of the wheel", [venv / "bin" / "pip", "install", "-q", "-c", constraints,
                                                     wheel], env=env, cwd=work)
        for name in NO_DEPS_ON.get(version, []):
            install += _step(f"pip install --no-deps {name}", [
                venv / "bin" / "pip", "install", "-q", "-c", constraints, "--no-deps", name],
                env=env, cwd=work)
        result["install"] = install
        result["packages"] = subprocess.run(
            [venv / "bin" / "python", "-c", "import importlib.metadata as m; print(' '.join("
             "f'{n} {m.version(n)}' for n in ('tensorflow', 'tf-keras', 'tensorflowjs')))"],
            capture_output=True, text=True, env=env).stdout.strip()
        course = work / f"course-{version}"
        _step("cnn-demos new", [venv / "bin" / "cnn-demos", "new", course], env=env, cwd=work)
        result["build"] = _step("cnn-demos build", [venv / "bin" / "cnn-demos", "build", *SMALL_BUILD],
                                env=env, cwd=course)
        zip_path = course / "dist" / "cnn-demos-site.zip"
        result["zip"] = zip_path.stat().st_size if zip_path.is_file() else 0
        if result["zip"]:
            result["sha256"] = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    except StepFailed as e:
        result["failure"] = str(e)
    finally:
        shutil.rmtree(venv, ignore_errors=True)  # about 3 GB each
    return result


def figures_for(version: str, result: dict | None) -> list[Figure]:
    if result is None:
        return [Figure(AREA, f"Python {version}: found", 0, "", "higher",
                       f"no python{version} on PATH nor in pyenv")]
    label = f"Python {result.get('full_version', version)}"
    note = result.get("packages", "")
    figures = []
    if "install" in result:
        figures.append(Figure(AREA, f"{label}: pip install of the wheel (fresh venv)",
                              round(result["install"], 1), "s", "lower", f"{note}; pip cache as found"))
    if "build" in result:
        figures.append(Figure(AREA, f"{label}: small build of the starter course",
                              round(result["build"], 1), "s", "lower",
                              f"{' '.join(SMALL_BUILD)}, empty cache, {os.cpu_count()} cores"))
    figures.append(Figure(AREA, f"{label}: offline zip written", 1 if result.get("zip") else 0, "",
                          "higher", f"{result['zip']:,} bytes" if result.get("zip")
                          else result.get("failure", "no zip")))
    return figures


def run(ctx: Context, versions: tuple[str, ...] = VERSIONS) -> list[Figure]:
    work = ctx.work / AREA
    wheel = build_wheel(ctx.root, work / "dist")
    figures: list[Figure] = []
    first: tuple[str, str] | None = None  # the first zip's version and digest
    for version in versions:
        python = find_python(version)
        print(f"  Python {version}: {python or 'not found'}", flush=True)
        result = try_version(version, python, wheel, work) if python else None
        got = figures_for(version, result)
        digest = (result or {}).get("sha256")
        if digest and first:
            got.append(Figure(AREA, f"Python {version}: offline zip byte-identical to {first[0]}'s",
                              int(digest == first[1]), "", "higher", digest[:16]))
        first = first or ((version, digest) if digest else None)
        for f in got:
            print(f"    {f.name}: {f.value:g} {f.unit} ({f.note})", flush=True)
        figures += got
    return figures


if __name__ == "__main__":
    wanted = tuple(sys.argv[1:]) or VERSIONS
    with tempfile.TemporaryDirectory(prefix="pyver-bench-") as scratch:
        run(Context(root=ROOT, work=Path(scratch)), wanted)
