"""The whole chain through `cnn-demos`, on small slices, in a throwaway copy of the project."""

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
from conftest import CLI, ROOT, run_cli

pytestmark = pytest.mark.slow
SMALL = ["--train-examples", "300", "--epochs", "1"]


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    # copy2 keeps the lockfile's mtime: a newer-looking copy would make the build run
    # `npm ci`, through the symlink below, on the real node_modules.
    for name in ("mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("site_src", "demos", "models"):
        shutil.copytree(ROOT / name, dest / name)
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


def test_unknown_demo_fails_naming_page_and_line(project, tmp_path):
    (project / "site_src" / "extra.md").write_text('# Extra\n\nText.\n{{ demo("no-such-demo") }}\n')
    result = run_cli("build", *SMALL, env=cache_env(tmp_path), cwd=project, check=False)
    assert result.returncode != 0
    assert "site_src/extra.md:4: unknown demo 'no-such-demo'" in result.stderr
    assert not (project / "dist").exists()
    # The author's page is untouched.
    assert (project / "site_src" / "extra.md").read_text().endswith('{{ demo("no-such-demo") }}\n')


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
    assert "IDX files in" in first.stdout and "600 train / 200 held out" in first.stdout
    accuracy = float(first.stdout.split("recognizer: held-out accuracy ")[1].split()[0])
    assert accuracy > 0.3  # three times chance after three short epochs on 600 real digits
    again = run_cli(*args, env=env)
    assert "not retraining" in again.stdout
    forced = run_cli(*args, "--force", env=env)
    assert "recognizer: epoch 3/3" in forced.stdout


def test_bad_idx_folder_is_reported(tmp_path):
    (tmp_path / "idx").mkdir()
    write_idx(tmp_path / "idx" / "train-images-idx3-ubyte", np.zeros((3, 28, 28), np.uint8))
    result = run_cli("train", "--data", str(tmp_path / "idx"), env=cache_env(tmp_path), check=False)
    assert result.returncode == 1
    assert "missing train-labels-idx1-ubyte[.gz]" in result.stderr


@pytest.mark.parametrize("args,option", [
    (["train", "--epochs", "0"], "--epochs"),
    (["build", "--train-examples", "-5"], "--train-examples"),
])
def test_options_out_of_range(args, option):
    result = run_cli(*args, check=False)
    assert result.returncode == 2 and option in result.stderr and "range" in result.stderr


def test_interrupted_training_leaves_no_cache_entry(tmp_path):
    env = {**os.environ, **cache_env(tmp_path)}
    proc = subprocess.Popen([*CLI, "train", "--epochs", "30", "--force"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "epoch 1/30" in line:
            break
    proc.send_signal(signal.SIGKILL)  # the harshest interruption: no cleanup code runs
    proc.wait()
    train_dir = tmp_path / "cache" / "train"
    assert [p.name for p in train_dir.iterdir() if not p.name.startswith(".")] == []
    # The next run finds no entry, clears the leftover and trains.
    from builder.cache import Cache

    assert all(Cache(tmp_path / "cache").lookup("train", p.name) is None for p in train_dir.iterdir())


def test_training_is_deterministic(tmp_path):
    """Same data, same settings: the same weights to the last bit."""
    code = (
        "import sys, numpy as np; from pathlib import Path\n"
        "from builder.pipeline import BuildSettings, train_all\n"
        "from builder.train import TrainOptions\n"
        "from builder.tf_runtime import import_tf\n"
        "s = BuildSettings(Path(sys.argv[1]), cache_dir=Path(sys.argv[2]),"
        " train=TrainOptions(1, 300, True))\n"
        "_, t = train_all(s, lambda m: None)\n"
        "_, keras = import_tf()\n"
        "m = keras.models.load_model(t['recognizer'].keras_path, compile=False)\n"
        "np.save(sys.argv[3], np.concatenate([w.ravel() for w in m.get_weights()]))\n"
    )
    for run in ("a", "b"):
        subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path / f"cache-{run}"),
                        str(tmp_path / f"{run}.npy")], check=True, cwd=ROOT, capture_output=True)
    np.testing.assert_array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
