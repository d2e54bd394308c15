"""The publishing workflows `cnn-demos new` writes: .github/workflows/publish.yml (GitHub Pages)
and .gitlab-ci.yml (GitLab Pages), read with PyYAML and their build commands run.

What runs here is the commands only (tests/workflow_steps.py): publish.yml's `uses:` steps
(checkout, setup-python, actions/cache, upload-pages-artifact, deploy-pages, upload-artifact)
are actions that need GitHub's hosted runners and services, and GitLab Pages publishes from
GitLab's own runners; neither service can be reached from here, so those steps are checked by
reading them. The slow test runs the `run:` steps as written, in a fresh venv, in a course made
by `cnn-demos new`, with this tree's wheel where the course's requirements.txt says the wheel is;
the venv borrows TensorFlow and the other dependencies from this project's environment through
a .pth file (as tests/test_author_course.py does), so the install step costs seconds, and the
build is a small one (CNN_DEMOS_EPOCHS, CNN_DEMOS_TRAIN_EXAMPLES: the environment, so the
commands stay as written). benchmarks/bench_publish_workflow.py does the same with every
dependency installed by pip and the default training, and times each step.
"""

import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from builder.settings import DEFAULT_CACHE, ENV
from workflow_steps import (
    CACHE,
    GITLAB,
    PUBLISH,
    STARTER,
    build_wheel,
    github_outputs,
    load,
    new_course,
    on,
    put_wheel_where_requirements_say,
    run_github_build,
    run_gitlab_pages,
    run_steps,
    runner_env,
    uses,
)

CNN_DEMOS = Path(sys.executable).parent / "cnn-demos"
SMALL = {"CNN_DEMOS_EPOCHS": "1", "CNN_DEMOS_TRAIN_EXAMPLES": "300"}


def build_commands(workflow: dict) -> list[str]:
    """The build job's commands, less the one that only feeds the cache key to GitHub."""
    return [s["run"].strip() for s in run_steps(workflow) if "GITHUB_OUTPUT" not in s["run"]]


def test_new_writes_both_workflows_and_the_requirements(tmp_path):
    course = new_course(tmp_path / "course", CNN_DEMOS)
    assert (course / ".github" / "workflows" / "publish.yml").read_text() == PUBLISH.read_text()
    assert (course / ".gitlab-ci.yml").read_text() == GITLAB.read_text()
    ignored = set((course / ".gitignore").read_text().split())
    assert {"/.cnn-demos/", "/public/", "/site/", "/dist/"} <= ignored
    requirements = (course / "requirements.txt").read_text()
    active = [ln for ln in requirements.splitlines() if ln.strip() and not ln.startswith("#")]
    assert active == [f"./wheels/cnn_demos-{version('cnn-demos')}-py3-none-any.whl"]
    assert "# cnn-demos @ git+https://" in requirements  # the other ways, commented out


def test_the_github_workflow_builds_caches_and_publishes():
    workflow = load(PUBLISH)
    assert on(workflow)["push"]["branches"] == ["main"] and "workflow_dispatch" in on(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # The cache folder, by the build's own setting name: the build's default, stated so that the
    # folder the workflow keeps and the one the build fills cannot drift apart.
    assert workflow["env"] == {ENV["cache"]: CACHE} and CACHE == DEFAULT_CACHE
    assert [s.get("uses", "run").split("@")[0] for s in build["steps"]] == [
        "actions/checkout", "actions/setup-python", "run", "run", "actions/cache", "run",
        "actions/upload-pages-artifact", "actions/upload-artifact"]
    assert uses(workflow, "actions/setup-python")["with"] == {"python-version": "3.11", "cache": "pip"}
    # The commands run as they are written: no ${{ }} for a runner to fill in.
    for step in run_steps(workflow):
        assert "${{" not in step["run"]
    install, version, built = (s["run"].strip() for s in run_steps(workflow))
    assert install == "python -m pip install -r requirements.txt"
    assert built == "cnn-demos build --strict"

    cache = uses(workflow, "actions/cache")["with"]
    assert cache["path"] == CACHE
    version_id = next(s["id"] for s in run_steps(workflow) if "GITHUB_OUTPUT" in s["run"])
    # Keyed on the cnn-demos version, the requirements, the model definitions and the data.
    assert f"steps.{version_id}.outputs.version" in cache["key"]
    hashed = re.search(r"hashFiles\(([^)]*)\)", cache["key"]).group(1)
    for pattern in ("requirements.txt", "mkdocs.yml", "**/*.py", "**/*-ubyte*", "**/classes.txt"):
        assert f"'{pattern}'" in hashed
    assert cache["restore-keys"].splitlines() == [
        f"cnn-demos-${{{{ runner.os }}}}-${{{{ steps.{version_id}.outputs.version }}}}-",
        "cnn-demos-${{ runner.os }}-"]

    assert uses(workflow, "actions/upload-pages-artifact")["with"] == {"path": "site"}
    assert uses(workflow, "actions/upload-artifact")["with"]["path"] == "dist/cnn-demos-site.zip"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_gitlab_job_runs_the_same_build_commands():
    pipeline, workflow = load(GITLAB), load(PUBLISH)
    assert set(pipeline) == {"pages"}  # GitLab Pages publishes the job called pages
    job = pipeline["pages"]
    assert job["image"] == "python:3.11"
    assert job["script"] == [*build_commands(workflow), "mv site public"]
    assert job["variables"][ENV["cache"]] == CACHE
    assert CACHE in job["cache"]["paths"]
    assert set(job["cache"]["key"]["files"]) == {"requirements.txt", "mkdocs.yml"}
    assert job["artifacts"]["paths"] == ["public", "dist/cnn-demos-site.zip"]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_a_zensical_course_builds_and_publishes_with_zensical(tmp_path):
    """`cnn-demos new --engine zensical`: the same workflows, whose build commands name the
    engine, and the requirement that brings Zensical with cnn-demos."""
    course = tmp_path / "course"
    subprocess.run([str(CNN_DEMOS), "new", str(course), "--engine", "zensical"], check=True,
                   capture_output=True, text=True)
    workflow = load(course / ".github" / "workflows" / "publish.yml")
    pipeline = load(course / ".gitlab-ci.yml")
    builds = [c for c in build_commands(workflow) if c.startswith("cnn-demos build")]
    assert builds == ["cnn-demos build --engine zensical --strict"]
    assert pipeline["pages"]["script"] == [*build_commands(workflow), "mv site public"]
    requirements = (course / "requirements.txt").read_text()
    active = [ln for ln in requirements.splitlines() if ln.strip() and not ln.startswith("#")]
    assert active == [f"./wheels/cnn_demos-{version('cnn-demos')}-py3-none-any.whl[zensical]"]
    readme = (course / "README.md").read_text()
    assert "cnn-demos build --engine zensical     # the site in site/" in readme
    assert (course / "mkdocs.yml").read_text() == (STARTER / "mkdocs.yml").read_text()


@pytest.mark.slow
def test_the_workflow_build_steps_run_in_a_fresh_venv(tmp_path):
    wheel = build_wheel(tmp_path / "dist")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site_packages = next(venv.glob("lib/python3*/site-packages"))
    deps = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "tensorflow").is_dir())
    (site_packages / "dependencies.pth").write_text(f"{deps}\n")
    course = new_course(tmp_path / "course", CNN_DEMOS)
    put_wheel_where_requirements_say(course, wheel)
    env = runner_env(venv / "bin", tmp_path, SMALL)

    workflow = load(PUBLISH)
    ran = run_github_build(workflow, course, env)
    assert [r.name for r in ran] == [s.get("name") for s in run_steps(workflow)]
    probe = subprocess.run([venv / "bin" / "python", "-c", "import builder; print(builder.__file__)"],
                           cwd=course, env=env, capture_output=True, text=True, check=True).stdout
    assert probe.startswith(str(venv))  # the wheel the install step installed, not this checkout
    assert github_outputs(course) == {"version": version("cnn-demos")}
    log = ran[-1].output
    assert f"the kit bundled in {venv}" in log and "not retraining" not in log
    assert (course / "site" / "index.html").is_file()  # what upload-pages-artifact takes
    with zipfile.ZipFile(course / "dist" / "cnn-demos-site.zip") as archive:  # upload-artifact's
        assert "cnn-demos-site/index.html" in archive.namelist()
    assert any((course / CACHE).iterdir())  # what actions/cache saves
    assert not (course / ".cache" / "cnn-demos").exists()

    # GitLab's job on the next push: the same commands, the cache restored, the site in public/.
    shutil.rmtree(course / "site")
    (course / "dist" / "cnn-demos-site.zip").unlink()
    again = run_gitlab_pages(load(GITLAB), course, env)
    assert again.output.count("not retraining") == 2  # both models from the cache
    assert (course / "public" / "index.html").is_file() and not (course / "site").exists()
    assert (course / "dist" / "cnn-demos-site.zip").is_file()
    assert not list(course.glob("public/**/.*"))  # upload-pages-artifact leaves out dot files
