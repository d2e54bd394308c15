"""The starter's publishing workflows (builder/kit/starter/), read and run here as a CI runner would.

Only the commands are run: the `run:` steps of publish.yml's build job, and the `script:` of
.gitlab-ci.yml's pages job. The `uses:` steps (checkout, setup-python, the cache, the Pages upload
and deployment) are actions that run on GitHub's hosted runners and talk to GitHub's services,
and GitLab Pages publishes from GitLab's own runners: none of these can be reached from here,
so what they do is checked by reading the YAML, not by running it. Used by
tests/test_publish_workflow.py and benchmarks/bench_publish_workflow.py.
"""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "builder" / "kit" / "starter"
PUBLISH = STARTER / "github" / "workflows" / "publish.yml"  # .github/workflows/publish.yml in a course
GITLAB = STARTER / "gitlab-ci.yml"  # .gitlab-ci.yml in a course
CACHE = ".cnn-demos/cache"
# GitHub runs a `run:` step on Linux with this shell (its default for `shell: bash`).
GITHUB_SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
# GitLab runs the script lines one after another in one shell that stops at the first failure.
GITLAB_SHELL = ["bash", "-e", "-c"]


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def on(workflow: dict) -> dict:
    """The workflow's triggers: YAML 1.1 (PyYAML) reads the key `on` as True."""
    return workflow.get("on", workflow.get(True))


def run_steps(workflow: dict, job: str = "build") -> list[dict]:
    return [step for step in workflow["jobs"][job]["steps"] if "run" in step]


def uses(workflow: dict, action: str, job: str = "build") -> dict:
    """The step of the job that uses the action (owner/name, any version)."""
    (step,) = [s for s in workflow["jobs"][job]["steps"] if s.get("uses", "").split("@")[0] == action]
    return step


def new_course(folder: Path, cnn_demos: Path | str) -> Path:
    subprocess.run([str(cnn_demos), "new", str(folder)], check=True, capture_output=True, text=True)
    return folder


def build_wheel(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (wheel,) = out.glob("cnn_demos-*.whl")
    return wheel


def put_wheel_where_requirements_say(course: Path, wheel: Path) -> Path:
    """The starter's requirements.txt names a wheel in the course's wheels/ folder (the author
    commits it there): put this tree's wheel there, so that the install step runs as written."""
    (line,) = [ln.strip() for ln in (course / "requirements.txt").read_text().splitlines()
               if ln.strip() and not ln.lstrip().startswith("#")]
    dest = course / line
    assert dest.name == wheel.name, f"requirements.txt names {dest.name}, the wheel is {wheel.name}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, dest)
    return dest


def runner_env(bin_dir: Path, home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A clean environment like a runner's: the venv's python first on PATH (setup-python puts
    its Python there), the system's tools after it, no cnn-demos setting of ours leaking in."""
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("CNN_DEMOS_", "VIRTUAL_ENV", "PYTHON", "GITHUB_", "CI_"))}
    return {**keep, "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "CI": "true",
            **(extra or {})}


@dataclass
class Ran:
    name: str
    command: str
    seconds: float
    output: str


def run_github_build(workflow: dict, course: Path, env: dict[str, str]) -> list[Ran]:
    """Run the build job's `run:` steps in order in the course, as written, with the workflow's
    and the job's env and $GITHUB_OUTPUT as a runner sets them. Stops at the first failing
    step, with its output."""
    output = course.parent / f"{course.name}-github-output"
    output.write_text("")
    job = workflow["jobs"]["build"]
    base = {**env, **workflow.get("env", {}), **job.get("env", {}), "GITHUB_OUTPUT": str(output),
            "GITHUB_WORKSPACE": str(course), "GITHUB_ACTIONS": "true"}
    done = []
    for step in run_steps(workflow):
        done.append(_run(step.get("name", step["run"]), GITHUB_SHELL + [step["run"]], course,
                         {**base, **step.get("env", {})}))
    return done


def github_outputs(course: Path) -> dict[str, str]:
    text = (course.parent / f"{course.name}-github-output").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def run_gitlab_pages(pipeline: dict, course: Path, env: dict[str, str]) -> Ran:
    job = pipeline["pages"]
    variables = {k: os.path.expandvars(str(v).replace("$CI_PROJECT_DIR", str(course)))
                 for k, v in {**pipeline.get("variables", {}), **job.get("variables", {})}.items()}
    script = "\n".join(job["script"])
    return _run("pages", GITLAB_SHELL + [script], course,
                {**env, **variables, "CI_PROJECT_DIR": str(course), "GITLAB_CI": "true"})


def _run(name: str, argv: list[str], cwd: Path, env: dict[str, str]) -> Ran:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise AssertionError(f"step {name!r} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return Ran(name, argv[-1], seconds, done.stdout + done.stderr)
