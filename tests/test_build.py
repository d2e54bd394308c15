"""The whole chain through `cnn-demos`, on small slices, in a throwaway copy of the project."""

import calendar
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from builder.data.idx import write_idx
from conftest import CLI, ENGINES, ROOT, run_cli

pytestmark = pytest.mark.slow
SMALL = ["--train-examples", "300", "--epochs", "1"]


def copy_project(dest: Path) -> Path:
    """A copy of this checkout. `python -m builder.cli` run in it imports the copy's builder
    (the working folder comes first on sys.path), whose kit is the copy's demos and models."""
    dest.mkdir(parents=True, exist_ok=True)
    # copy2 keeps the lockfile's mtime: a newer-looking copy would make the build run
    # `npm ci`, through the symlink below, on the real node_modules.
    for name in ("mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("site_src", "demos", "models", "builder"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def cache_env(tmp_path: Path) -> dict[str, str]:
    return {"CNN_DEMOS_CACHE": str(tmp_path / "cache")}


def test_small_build_makes_site_zip_and_models_then_rebuilds_warm(project, tmp_path):
    env = cache_env(tmp_path)
    first = run_cli("build", *SMALL, env=env, cwd=project)
    log = first.stdout + first.stderr
    assert "recognizer: epoch 1/1" in log and "held-out acc" in log
    site = project / "site"
    model_dir = site / "cnn-demos" / "models" / "recognizer"
    topology = json.loads((model_dir / "model.json").read_text())
    assert topology["format"] == "layers-model"
    assert any(p.suffix == ".bin" for p in model_dir.iterdir())
    script = (model_dir / "recognizer.js").read_text()
    assert 'CNN_DEMOS_MODELS || {})["recognizer"]' in script
    page = (site / "draw-a-digit.html").read_text()
    assert 'data-cnn-demo="draw-a-digit"' in page and "cnn-demos/vendor/tf.min.js" in page
    assert '{{ demo(' not in page

    with zipfile.ZipFile(project / "dist" / "cnn-demos-site.zip") as archive:
        names = archive.namelist()
    assert "cnn-demos-site/index.html" in names
    assert "cnn-demos-site/search/search_index.js" in names  # offline search
    assert "cnn-demos-site/cnn-demos/vendor/iframe-worker-shim.js" in names

    started = time.perf_counter()
    second = run_cli("build", *SMALL, env=env, cwd=project)
    log = second.stdout + second.stderr
    assert "not retraining" in log and "epoch 1/1" not in log
    assert time.perf_counter() - started < 60


def real_digits_as_idx(folder: Path, dataset) -> None:
    folder.mkdir()
    write_idx(folder / "train-images-idx3-ubyte.gz", dataset.x_train[:600])
    write_idx(folder / "train-labels-idx1-ubyte.gz", dataset.y_train[:600])
    write_idx(folder / "t10k-images-idx3-ubyte", dataset.x_test[:200])
    write_idx(folder / "t10k-labels-idx1-ubyte", dataset.y_test[:200])


def test_train_command_on_an_idx_folder(tmp_path, dataset):
    real_digits_as_idx(tmp_path / "idx", dataset)
    env = cache_env(tmp_path)
    args = ["train", "--data", str(tmp_path / "idx"), "--epochs", "3"]
    first = run_cli(*args, env=env)
    assert "IDX files in" in first.stdout and "600 training and 200 held-out images" in first.stdout
    accuracy = float(first.stdout.split("recognizer: held-out accuracy ")[1].split()[0])
    assert accuracy > 0.3  # three times chance after three short epochs on 600 real digits
    again = run_cli(*args, env=env)
    assert "not retraining" in again.stdout
    forced = run_cli(*args, "--force", env=env)
    assert "recognizer: epoch 3/3" in forced.stdout


def test_interrupted_training_leaves_no_cache_entry(tmp_path):
    env = {**os.environ, **cache_env(tmp_path)}
    proc = subprocess.Popen([*CLI, "train", "--epochs", "30", "--force"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "epoch 1/30" in line:
            break
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert len(children) >= 2, "the recogniser and LeNet train side by side, each in a child process"
    proc.send_signal(signal.SIGKILL)  # the harshest interruption: no cleanup code runs
    proc.wait()
    # Its children end too, instead of training on for nobody.
    deadline = time.monotonic() + 30
    while (alive := [c for c in children if _running(int(c))]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive == [], f"training processes outlived their killed build: {alive}"
    train_dir = tmp_path / "cache" / "train"
    assert [p.name for p in train_dir.iterdir() if not p.name.startswith(".")] == []
    # The next run finds no entry, clears the leftover and trains.
    from builder.cache import Cache

    assert all(Cache(tmp_path / "cache").lookup("train", p.name) is None for p in train_dir.iterdir())


def _running(pid: int) -> bool:
    """Whether the process lives (a zombie waiting to be reaped does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_training_is_deterministic(tmp_path):
    """Same data, same settings: the same weights to the last bit."""
    code = (
        "import sys, numpy as np; from pathlib import Path\n"
        "from builder.chain import train_all\n"
        "from builder.settings import Settings\n"
        "from builder.train.tf_runtime import import_tf\n"
        "s = Settings(Path(sys.argv[1]), None, Path(sys.argv[2]), 1, 300, None)\n"
        "_, t = train_all(s, lambda m: None, force=True)\n"
        "_, keras = import_tf()\n"
        "m = keras.models.load_model(t['recognizer'].keras_path, compile=False)\n"
        "np.save(sys.argv[3], np.concatenate([w.ravel() for w in m.get_weights()]))\n"
    )
    for run in ("a", "b"):
        subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path / f"cache-{run}"),
                        str(tmp_path / f"{run}.npy")], check=True, cwd=ROOT, capture_output=True)
    np.testing.assert_array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))


def test_two_clean_builds_of_a_commit_give_identical_zips(tmp_path):
    """Same commit, the same folder, models trained from empty caches: the same zip to the byte,
    whatever the day, with either front end.

    Two trainings from scratch, not four: each front end builds once from an empty cache, then
    again from the cache the other front end's clean build trained. So each front end's two zips
    hold the models of two separate trainings, and a build from a warm cache must equal a clean
    one too."""
    project = copy_project(tmp_path / "project")
    when = "2001-02-03T04:05:06+00:00"
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run([*git, *args], check=True, env=env, capture_output=True)
    caches = dict(zip(ENGINES, ("cache-a", "cache-b"), strict=True))

    def build(engine: str, cache: str, clean: bool) -> bytes:
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / "dist", ignore_errors=True)
        result = run_cli("build", "--engine", engine, *SMALL,
                         env={"CNN_DEMOS_CACHE": str(tmp_path / cache)}, cwd=project)
        trained = "recognizer: epoch 1/1" in result.stdout + result.stderr
        assert trained == clean, f"{engine} from {cache}: trained {trained}, expected {clean}"
        return (project / "dist" / "cnn-demos-site.zip").read_bytes()

    first = {engine: build(engine, caches[engine], clean=True) for engine in ENGINES}
    other = dict(zip(ENGINES, reversed(ENGINES), strict=True))
    for engine in ENGINES:
        second = build(engine, caches[other[engine]], clean=False)
        assert first[engine] == second, f"{engine}: two trainings from scratch gave different zips"
        with zipfile.ZipFile(project / "dist" / "cnn-demos-site.zip") as archive:
            names = archive.namelist()
            assert names == sorted(names, key=lambda n: n.split("/"))  # folder by folder
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            sitemap = archive.read("cnn-demos-site/sitemap.xml.gz") if engine == "mkdocs" else None
            weights = [n for n in names if n.startswith("cnn-demos-site/cnn-demos/models/")
                       and n.endswith(".bin")]
        assert len(weights) >= 2  # the trained models are inside, so training and export are covered
        if sitemap is not None:  # MkDocs dates the sitemap: the commit's day, not today's.
            assert int.from_bytes(sitemap[4:8], "little") == calendar.timegm((2001, 2, 3, 0, 0, 0))
