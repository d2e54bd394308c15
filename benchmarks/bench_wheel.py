"""An author's first build: the wheel made, installed with all its dependencies into a fresh
virtual environment (pip's cache warm, as on a machine that set this project up), a starter
course written by `cnn-demos new` and built on the default settings, with no Node on PATH."""

import os
import subprocess
import sys
import time
import zipfile

from common import Context, Figure

AREA = "wheel"


def _timed(command: list, **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - started


def run(ctx: Context) -> list[Figure]:
    work = ctx.work / "wheel"
    made = _timed([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"),
                   str(ctx.root)])
    (wheel,) = (work / "dist").glob("cnn_demos-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        files = len(archive.namelist())
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CNN_DEMOS_")},
           "PATH": str(venv / "bin")}  # no node, no npm
    install = _timed([venv / "bin" / "pip", "install", "-q", "-c", str(ctx.root / "constraints.txt"),
                      str(wheel)], env=env, cwd=work)
    _timed([venv / "bin" / "cnn-demos", "new", "course"], env=env, cwd=work)
    build = _timed([venv / "bin" / "cnn-demos", "build"], env=env, cwd=work / "course")
    site_pages = len(list((work / "course" / "site").glob("*.html")))
    return [
        Figure(AREA, "wheel size", wheel.stat().st_size, "bytes", "lower", f"{files} files"),
        Figure(AREA, "wheel build (npm files from node_modules)", round(made, 1), "s", "lower"),
        Figure(AREA, "pip install of the wheel, dependencies included", round(install, 1), "s", "lower",
               "fresh venv, pip cache warm"),
        Figure(AREA, "starter course: first build (trains both models)", round(build, 1), "s", "lower",
               f"{site_pages} pages, {os.cpu_count()} cores"),
        Figure(AREA, "pip install to a built starter site", round(install + build, 1), "s", "lower"),
    ]
