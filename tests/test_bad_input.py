"""Bad input, tried through `cnn-demos` as a user meets it (docs/authors.md lists each case).

Every case: exit status non-zero, one message naming the file, line or option and what to do,
no traceback, and nothing of the user's changed or left half-written.
"""

import gzip
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest

from builder.data.idx import write_idx
from conftest import ENGINES, run_cli
from test_build import SMALL, cache_env, copy_project

pytestmark = pytest.mark.slow


def assert_fails_cleanly(result, *expected: str, status: int = 1) -> str:
    log = result.stdout + result.stderr
    assert result.returncode == status, log
    for text in expected:
        assert text in log, f"{text!r} not in:\n{log}"
    assert "Traceback" not in log, log
    return log


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


# --- pages ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_models(tmp_path_factory) -> dict[str, str]:
    """One cache for the page cases: the small models are trained once, by the first."""
    return cache_env(tmp_path_factory.mktemp("small-models"))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("line,message", [
    ('{{ demo("no-such-demo") }}', "site_src/extra.md:4: unknown demo 'no-such-demo'"),
    ("{{ demo(draw-a-digit) }}", "site_src/extra.md:4: malformed demo embed"),
    ('!!! predict "How fast?"\n    name: q\n    demo: mlp-vs-cnn\n    quantity: speed\n    answer: number\n\n'
     '{{ demo("mlp-vs-cnn") }}', "site_src/extra.md:7: question 'q': demo 'mlp-vs-cnn' exposes no quantity "
                                 "'speed'. It exposes: cnn-accuracy-by-shift (series of fraction"),
])
def test_bad_embed_names_page_and_line(tmp_path, small_models, line, message, engine):
    project = copy_project(tmp_path / "project")
    page = project / "site_src" / "extra.md"
    page.write_text(f"# Extra\n\nText.\n{line}\n")
    before = snapshot(project / "site_src")
    assert_fails_cleanly(run_cli("build", "--engine", engine, *SMALL, env=small_models, cwd=project,
                                 check=False), message)
    assert not (project / "dist").exists() and not (project / "site").exists()
    assert snapshot(project / "site_src") == before


# --- data ----------------------------------------------------------------------------------

def idx_folder(folder: Path, n_train: int = 40, n_test: int = 12) -> Path:
    rng = np.random.default_rng(1)
    folder.mkdir(parents=True)
    write_idx(folder / "train-images-idx3-ubyte.gz", rng.integers(0, 256, (n_train, 28, 28), np.uint8))
    write_idx(folder / "train-labels-idx1-ubyte.gz", rng.integers(0, 10, n_train, np.uint8))
    write_idx(folder / "t10k-images-idx3-ubyte", rng.integers(0, 256, (n_test, 28, 28), np.uint8))
    write_idx(folder / "t10k-labels-idx1-ubyte", rng.integers(0, 10, n_test, np.uint8))
    return folder


def _missing(folder: Path) -> str:
    (folder / "t10k-labels-idx1-ubyte").unlink()
    return "missing t10k-labels-idx1-ubyte[.gz]"


def _only_some(folder: Path) -> str:
    (folder / "t10k-images-idx3-ubyte").unlink()
    (folder / "t10k-labels-idx1-ubyte").unlink()
    return "missing t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]"


def _truncated(folder: Path) -> str:
    path = folder / "t10k-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:5000])
    return f"{path}: truncated"


def _truncated_gzip(folder: Path) -> str:
    path = folder / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:300])
    return f"{path}: cannot be read"


def _labels_out_of_range(folder: Path) -> str:
    path = folder / "t10k-labels-idx1-ubyte"
    raw = bytearray(path.read_bytes())
    raw[8 + 3] = 11
    path.write_bytes(bytes(raw))
    return f"{path}: label 11 at index 3; labels must be 0 to 9"


def _labels_as_images(folder: Path) -> str:
    labels = folder / "t10k-labels-idx1-ubyte"
    shutil.copy(labels, folder / "t10k-images-idx3-ubyte")
    return f"{folder / 't10k-images-idx3-ubyte'}: magic number 0x00000801"


def _counts_differ(folder: Path) -> str:
    write_idx(folder / "train-labels-idx1-ubyte.gz", np.zeros(39, np.uint8))
    return "40 images but"


@pytest.mark.parametrize("damage", [_missing, _only_some, _truncated, _truncated_gzip,
                                    _labels_out_of_range, _labels_as_images, _counts_differ],
                         ids=lambda f: f.__name__.strip("_"))
def test_bad_idx_folder(tmp_path, damage):
    folder = idx_folder(tmp_path / "idx")
    message = damage(folder)
    before = snapshot(folder)
    result = run_cli("build", "--data", str(folder), "--site-dir", str(tmp_path / "site"),
                     "--zip", str(tmp_path / "site.zip"), env=cache_env(tmp_path), check=False)
    log = assert_fails_cleanly(result, message)
    assert "epoch" not in log
    assert snapshot(folder) == before  # the user's files are read, never touched
    assert not (tmp_path / "site.zip").exists()


def test_data_option_that_is_a_file(tmp_path):
    (tmp_path / "digits.gz").write_bytes(gzip.compress(b"x"))
    result = run_cli("train", "--data", str(tmp_path / "digits.gz"), env=cache_env(tmp_path),
                     check=False)
    assert_fails_cleanly(result, "--data", "is a file", status=2)


# --- npm -----------------------------------------------------------------------------------

def project_without_node_modules(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    (project / "node_modules").unlink()
    return project


def test_npm_not_installed(tmp_path):
    project = project_without_node_modules(tmp_path)
    (tmp_path / "bin").mkdir()
    result = run_cli("build", *SMALL, env={**cache_env(tmp_path), "PATH": str(tmp_path / "bin")},
                     cwd=project, check=False)
    assert_fails_cleanly(result, "npm is not installed", "apt-get install -y nodejs npm")
    assert not (project / "node_modules").exists() and not (project / "site").exists()


def test_npm_ci_failing(tmp_path):
    project = project_without_node_modules(tmp_path)
    fake = tmp_path / "bin" / "npm"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'npm error code ETARGET: no matching version' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    lock = (project / "package-lock.json").read_bytes()
    result = run_cli("build", *SMALL, cwd=project, check=False,
                     env={**cache_env(tmp_path), "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"})
    assert_fails_cleanly(result, "`npm ci` failed", "ETARGET")
    assert (project / "package-lock.json").read_bytes() == lock


# --- training cache ------------------------------------------------------------------------

@pytest.mark.parametrize("harm", ["truncate", "remove-manifest"])
def test_damaged_training_cache_is_detected_and_rebuilt(tmp_path, harm):
    env = cache_env(tmp_path)
    run_cli("train", *SMALL, env=env)
    entries = [p for p in (tmp_path / "cache" / "train").iterdir() if not p.name.startswith(".")]
    assert len(entries) == 2  # recognizer and lenet
    entry = entries[0]
    if harm == "truncate":  # as a half-written file would be
        victim = max((p for p in entry.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
        victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    else:
        (entry / "MANIFEST.json").unlink()
    again = run_cli("train", *SMALL, env=env)
    log = again.stdout + again.stderr
    assert f"cache entry {entry} is damaged" in log, log
    assert log.count("not retraining") == 1 and "epoch 1/1" in log  # only the damaged one
    assert (entry / "MANIFEST.json").is_file()


# --- output --------------------------------------------------------------------------------

@pytest.mark.parametrize("option,where", [
    ("--site-dir", "under-a-file/site"),
    ("--zip", "under-a-file/site.zip"),
    ("--site-dir", "/proc/cnn-demos-site"),
    ("--zip", "/proc/cnn-demos/site.zip"),
])
@pytest.mark.parametrize("engine", ENGINES)
def test_output_that_cannot_be_written(tmp_path, option, where, engine):
    (tmp_path / "under-a-file").write_text("the user's own file\n")
    target = Path(where) if where.startswith("/") else tmp_path / where
    others = {"--site-dir": ["--zip", str(tmp_path / "site.zip")],
              "--zip": ["--site-dir", str(tmp_path / "site")]}[option]
    result = run_cli("build", "--engine", engine, option, str(target), *others, *SMALL,
                     env=cache_env(tmp_path), check=False)
    log = assert_fails_cleanly(result, f"{target}: cannot write the", f"Choose another place with {option}")
    assert "epoch" not in log  # checked before any training
    assert (tmp_path / "under-a-file").read_text() == "the user's own file\n"
    assert not (tmp_path / "site").exists() and not (tmp_path / "site.zip").exists()


# --- options -------------------------------------------------------------------------------

@pytest.mark.parametrize("args,option", [
    (["train", "--epochs", "0"], "--epochs"),
    (["build", "--epochs", "-1"], "--epochs"),
    (["build", "--train-examples", "-5"], "--train-examples"),
    (["train", "--train-examples", "0"], "--train-examples"),
])
def test_options_out_of_range(args, option):
    result = run_cli(*args, check=False)
    assert_fails_cleanly(result, option, "range", status=2)
    assert "Usage: " in result.stderr
