"""The starter's publishing workflows run as CI would run them (tests/workflow_steps.py): a course
made by `cnn-demos new`, this tree's wheel where its requirements.txt says the wheel is, a fresh
venv, and the `run:` steps of .github/workflows/publish.yml as written: pip installs cnn-demos
with every dependency (pip's cache warm, as setup-python's `cache: pip` restores it), then the
build trains both models on the default settings into an empty model cache. Then the
.gitlab-ci.yml job's script, as on a next push with the model cache restored.

GitHub's and GitLab's own steps (checkout, the caches' upload and download, the Pages upload and
deployment) cannot be reached from here and are not timed.

    .venv/bin/python benchmarks/bench_publish_workflow.py    # alone, printing its figures
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Context, Figure
from workflow_steps import (
    CACHE,
    GITLAB,
    PUBLISH,
    build_wheel,
    load,
    new_course,
    put_wheel_where_requirements_say,
    run_github_build,
    run_gitlab_pages,
    runner_env,
)

AREA = "publish_workflow"


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(ctx: Context) -> list[Figure]:
    work = ctx.work / "publish-workflow"
    work.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(work / "dist")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    course = new_course(work / "course", Path(sys.executable).parent / "cnn-demos")
    put_wheel_where_requirements_say(course, wheel)
    pip_cache = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True,
                               text=True, check=True).stdout.strip()
    # This project's pins, as benchmarks/bench_wheel.py installs with them (pip reads the file
    # from the environment, so the command stays as written).
    env = runner_env(venv / "bin", work, {"PIP_CACHE_DIR": pip_cache,
                                          "PIP_CONSTRAINT": str(ctx.root / "constraints.txt")})

    install, version, build = run_github_build(load(PUBLISH), course, env)
    packages = len(subprocess.run([venv / "bin" / "python", "-m", "pip", "list", "--format=freeze"],
                                  env=env, capture_output=True, text=True, check=True).stdout.split())
    trained = build.output.count("not retraining") == 0
    cache_size = _size(course / CACHE)
    zip_size = (course / "dist" / "cnn-demos-site.zip").stat().st_size
    site_size = _size(course / "site")

    # The next push: a fresh checkout (no site, no zip) with the model cache restored, GitLab's job.
    shutil.rmtree(course / "site")
    (course / "dist" / "cnn-demos-site.zip").unlink()
    again = run_gitlab_pages(load(GITLAB), course, env)
    cached = again.output.count("not retraining") == 2
    assert (course / "public" / "index.html").is_file()
    return [
        Figure(AREA, "fresh venv: pip install -r requirements.txt (the wheel and every dependency)",
               round(install.seconds, 1), "s", "lower", f"{packages} packages, pip cache warm"),
        Figure(AREA, "the version step (for the cache key)", round(version.seconds, 1), "s", "lower"),
        Figure(AREA, "cnn-demos build --strict, empty model cache", round(build.seconds, 1), "s", "lower",
               f"trains both models: {trained}, {os.cpu_count()} cores"),
        Figure(AREA, "the GitHub build job's commands, first run", round(install.seconds + version.seconds
               + build.seconds, 1), "s", "lower"),
        Figure(AREA, "the GitLab pages job's script, model cache restored", round(again.seconds, 1), "s",
               "lower", f"both models from the cache: {cached}; pip finds cnn-demos installed"),
        Figure(AREA, "model cache (what actions/cache and GitLab's cache keep)", cache_size, "bytes",
               "lower"),
        Figure(AREA, "site folder published", site_size, "bytes", "lower"),
        Figure(AREA, "offline zip", zip_size, "bytes", "lower"),
    ]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as scratch:
        for figure in run(Context(root=Path(__file__).resolve().parents[1], work=Path(scratch))):
            print(f"{figure.name}: {figure.value:,} {figure.unit}  {figure.note}".rstrip())
