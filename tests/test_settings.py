"""Settings are resolved once (builder/settings.py): mkdocs.yml, the CLI and the environment
give the same data and cache to `cnn-demos build`, `serve`, `train` and a bare `mkdocs build`,
and each limit's message names where the bad value came from."""

from pathlib import Path

import numpy as np
import pytest

from builder.data.idx import write_idx
from builder.errors import BuildError
from builder.settings import DEFAULT_CACHE, resolve
from conftest import run_cli
from test_bad_input import assert_fails_cleanly
from test_build import SMALL, copy_project


def test_defaults_are_relative_to_mkdocs_yml(tmp_path):
    s = resolve(tmp_path, {}, {})
    assert (s.data, s.epochs, s.train_examples) == (None, None, None)
    assert s.cache_dir == (tmp_path / DEFAULT_CACHE).resolve()
    assert s.zip == (tmp_path / "dist" / "cnn-demos-site.zip").resolve()


def test_mkdocs_yml_then_environment(tmp_path):
    (tmp_path / "idx").mkdir()
    plugin = {"data_dir": "idx", "cache_dir": "c", "epochs": 2, "train_examples": 50, "zip": ""}
    s = resolve(tmp_path, plugin, {})
    assert (s.data, s.cache_dir, s.epochs, s.train_examples, s.zip) == (
        tmp_path / "idx", tmp_path / "c", 2, 50, None)
    env = {"CNN_DEMOS_EPOCHS": "3", "CNN_DEMOS_CACHE": str(tmp_path / "env-cache"),
           "CNN_DEMOS_ZIP": str(tmp_path / "z.zip")}
    s = resolve(tmp_path, plugin, env)
    assert (s.epochs, s.cache_dir, s.zip, s.train_examples) == (
        3, tmp_path / "env-cache", tmp_path / "z.zip", 50)


@pytest.mark.parametrize("plugin,env,message", [
    ({"epochs": 0}, {}, "epochs: 0 in mkdocs.yml (the cnn-demos plugin's options) is out of range: "
                        "it must be 1 or more"),
    ({"train_examples": 5}, {}, "train_examples: 5 in mkdocs.yml (the cnn-demos plugin's options) "
                                "is out of range: it must be 10"),
    ({}, {"CNN_DEMOS_EPOCHS": "0"}, "CNN_DEMOS_EPOCHS=0 is out of range"),
    ({}, {"CNN_DEMOS_TRAIN_EXAMPLES": "ten"}, "CNN_DEMOS_TRAIN_EXAMPLES='ten': expected a whole number"),
    ({"data_dir": "nowhere"}, {}, "data_dir: {root}/nowhere in mkdocs.yml (the cnn-demos plugin's "
                                  "options): not a folder"),
])
def test_bad_values_name_their_source(tmp_path, plugin, env, message):
    with pytest.raises(BuildError) as caught:
        resolve(tmp_path, plugin, env)
    assert message.format(root=tmp_path) in str(caught.value)


def small_idx(folder: Path) -> None:
    rng = np.random.default_rng(3)
    folder.mkdir(parents=True)
    for split, n in (("train", 60), ("t10k", 20)):
        write_idx(folder / f"{split}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28), np.uint8))
        write_idx(folder / f"{split}-labels-idx1-ubyte", (np.arange(n) % 10).astype(np.uint8))


def with_plugin_options(project: Path, options: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - cnn-demos\n", f"  - cnn-demos:\n{options}"))


@pytest.mark.slow
def test_train_command_honours_data_dir_and_cache_dir_in_mkdocs_yml(tmp_path):
    project = copy_project(tmp_path / "project")
    small_idx(project / "my-data")
    with_plugin_options(project, "      data_dir: my-data\n      cache_dir: my-cache\n")
    result = run_cli("train", "--epochs", "1", env={"CNN_DEMOS_CACHE": ""}, cwd=project)
    described = f"my-data (IDX files in {project / 'my-data'}): 60 training and 20 held-out images"
    assert described in result.stdout
    trained = sorted((project / "my-cache" / "train").glob("*/metrics.json"))
    assert len(trained) == 2  # both models, in the cache mkdocs.yml names
    assert not (project / ".cnn-demos" / "cache" / "train").exists()


@pytest.mark.slow
def test_a_limit_in_mkdocs_yml_is_reported_as_the_key(tmp_path):
    project = copy_project(tmp_path / "project")
    with_plugin_options(project, "      epochs: 0\n")
    for command in (["build", "--train-examples", "300"], ["train"]):
        log = assert_fails_cleanly(run_cli(*command, cwd=project, check=False),
                                   "epochs: 0 in mkdocs.yml (the cnn-demos plugin's options) is out of range")
        assert "--epochs" not in log
    assert not (project / "site").exists()


def test_cli_limits_are_click_usage_errors_naming_the_option():
    log = assert_fails_cleanly(run_cli("build", *SMALL[:2], "--epochs", "0", check=False),
                               "--epochs 0 is out of range", status=2)
    assert "Usage: " in log
