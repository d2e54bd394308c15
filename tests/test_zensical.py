"""The Zensical front end beside MkDocs: what only Zensical can get wrong. (The gates both front
ends pass, every page in a browser, search, standalone pages, bad input, identical zips, run on
both sites in test_site.py, test_bad_input.py and test_build.py.)"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from test_build import copy_project

pytestmark = pytest.mark.slow
ZENSICAL = str(Path(sys.executable).with_name("zensical"))


def trained_on(project: Path) -> str:
    page = (project / "site" / "draw-a-digit.html").read_text(encoding="utf-8")
    return re.search(r"trained on ([\d,]+) ", page).group(1)


def test_the_model_cache_survives_zensical_and_a_retrained_model_reaches_the_page(tmp_path):
    project = copy_project(tmp_path / "project")  # the default cache: .cnn-demos/cache in it
    cache = project / ".cnn-demos" / "cache" / "train"
    first = run_cli("build", "--engine", "zensical", "--epochs", "1", "--train-examples", "300", cwd=project)
    assert "recognizer: epoch 1/1" in first.stdout + first.stderr
    assert trained_on(project) == "300" and cache.is_dir()
    trained = sorted(p.name for p in cache.iterdir())

    # A bare `zensical build --clean` empties Zensical's .cache/; it stops at the first embed
    # line with what to run, and our cache is out of its way.
    bare = subprocess.run([ZENSICAL, "build", "--clean"], cwd=project, capture_output=True, text=True)
    log = bare.stdout + bare.stderr
    assert bare.returncode != 0, log
    assert re.search(r"\w+\.md:\d+: this page embeds a demo", log), log
    assert "cnn-demos build --engine zensical" in log
    assert sorted(p.name for p in cache.iterdir()) == trained

    # Retrained on more examples: Zensical renders the page again with the new model's figures.
    second = run_cli("build", "--engine", "zensical", "--epochs", "1", "--train-examples", "400", cwd=project)
    assert "recognizer: epoch 1/1" in second.stdout + second.stderr
    assert trained_on(project) == "400"
    # Back to the first settings: found in the cache, and the page follows it back.
    third = run_cli("build", "--engine", "zensical", "--epochs", "1", "--train-examples", "300", cwd=project)
    assert "epoch 1/1" not in third.stdout + third.stderr and "not retraining" in third.stdout + third.stderr
    assert trained_on(project) == "300"
    assert not (project / ".cnn-demos" / "zensical").exists()  # the staging folder is gone


def test_zensical_missing_gives_a_clear_message(tmp_path):
    """Without the optional extra, --engine zensical says how to install it."""
    blocker = tmp_path / "no_zensical"
    blocker.mkdir()
    (blocker / "zensical.py").write_text("raise ModuleNotFoundError(name='zensical')\n")
    result = run_cli("build", "--engine", "zensical", "--site-dir", str(tmp_path / "site"),
                     env={"PYTHONPATH": str(blocker)}, check=False)
    log = result.stdout + result.stderr
    assert result.returncode == 1 and "pip install 'cnn-demos[zensical]'" in log and "Traceback" not in log
