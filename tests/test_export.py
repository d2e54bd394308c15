"""The export stage's checks: quantisation settings tensorflowjs accepts, and a dataset script
that stays within its byte budget whatever the size of the source."""

import base64
import gzip
import json
import re
from pathlib import Path

import numpy as np
import pytest

import builder.export.dataset_script as module
from builder.cache import Cache
from builder.data import Dataset
from builder.errors import BuildError
from builder.train.definitions import QUANTIZE_CHOICES, load_spec

DEFINITION = 'NAME = "m"\nTRAINING = {"epochs": 1, "batch_size": 8, "learning_rate": 0.1, "seed": 1}\n' \
             'def build(keras):\n    return None\n'


@pytest.mark.slow
def test_quantize_choices_are_the_ones_tensorflowjs_knows():
    from builder.train.tf_runtime import import_tfjs

    import_tfjs()  # tensorflowjs imports TensorFlow (and on Python 3.13 finds no TF-DF): the project's way
    from tensorflowjs.quantization import QUANTIZATION_OPTION_TO_DTYPES

    assert set(QUANTIZE_CHOICES) == set(QUANTIZATION_OPTION_TO_DTYPES)


def test_a_quantize_typo_fails_naming_the_definition(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(DEFINITION + 'EXPORT = {"quantize": "float61"}\n')
    with pytest.raises(BuildError, match=re.escape(f"{path}: EXPORT quantize 'float61' is not one")):
        load_spec(path)
    path.write_text(DEFINITION + 'EXPORT = {"quantise": "float16"}\n')
    with pytest.raises(BuildError, match=r"EXPORT has unknown keys 'quantise'; known"):
        load_spec(path)
    path.write_text(DEFINITION + 'EXPORT = {"quantize": "uint8"}\n')
    assert load_spec(path).export == {"quantize": "uint8"}


def noise_dataset(n_train: int, n_test: int) -> Dataset:
    """Images of pure noise: they do not compress, the worst case for the budget."""
    rng = np.random.default_rng(5)
    return Dataset("noise", rng.integers(0, 256, (n_train, 28, 28), np.uint8),
                   (np.arange(n_train) % 10).astype(np.uint8),
                   rng.integers(0, 256, (n_test, 28, 28), np.uint8),
                   (np.arange(n_test) % 10).astype(np.uint8), f"noise-{n_train}-{n_test}")


def shipped(script: Path) -> tuple[int, int]:
    """(training, held-out) counts, as the script every page opens with says them."""
    text = script.read_text()
    return (int(re.search(r'"trainingCount":(\d+)', text).group(1)),
            int(re.search(r'"heldOutCount":(\d+)', text).group(1)))


def count_in(script: Path) -> int:
    return int(re.search(r'"count":(\d+)', script.read_text()).group(1))


def test_a_large_source_ships_a_stratified_sample_within_budget(tmp_path):
    logged: list[str] = []
    scripts = module.dataset_scripts(noise_dataset(20_000, 5_000), Cache(tmp_path), logged.append)
    size = sum(s.stat().st_size for s in scripts)
    assert size <= module.MAX_BYTES
    script, opening, held_out, training = scripts
    train, test = shipped(script)
    assert count_in(training) == train and count_in(script) + count_in(opening) + count_in(held_out) == test
    assert 0 < train < module.TRAIN and 0 < test < module.HELD_OUT  # noise: smaller than 8000/2000
    assert abs(train / test - module.TRAIN / module.HELD_OUT) < 0.1
    assert logged == [f"in-browser data: {train:,} training and {test:,} held-out digits "
                      f"({size / 1e6:.1f} MB of the 3 MB budget)"]
    picked = module._sample((np.arange(20_000) % 10).astype(np.uint8), 1000)
    assert np.bincount(np.arange(20_000)[picked] % 10).tolist() == [100] * 10  # every class alike


def test_held_out_sample_names_the_images_the_script_carries(tmp_path):
    """What the unit explorer's extras rely on: the held-out images of the page's sample, by
    their index in the held-out split, also when the budget made the sample smaller."""
    dataset, cache = noise_dataset(20_000, 5_000), Cache(tmp_path)
    first, opening, rest, _ = module.dataset_scripts(dataset, cache, lambda _: None)

    def images(script: Path, name: str) -> np.ndarray:
        payload = json.loads(script.read_text().split(f"window.{name} = ", 1)[1].rstrip().rstrip(";"))
        part = payload.get("test", payload)
        return np.frombuffer(gzip.decompress(base64.b64decode(part["images"])), np.uint8)

    both = np.concatenate([images(first, "CNN_DEMOS_SAMPLE"), images(opening, "CNN_DEMOS_SAMPLE_OPENING"),
                           images(rest, "CNN_DEMOS_SAMPLE_HELD_OUT")])
    indices = module.held_out_sample(dataset, cache)
    assert len(indices) == shipped(first)[1] < 5_000
    assert np.array_equal(both.reshape(-1, 28, 28), dataset.x_test[indices])


def test_a_small_source_ships_whole(tmp_path):
    scripts = module.dataset_scripts(noise_dataset(300, 100), Cache(tmp_path), lambda _: None)
    script, opening, held_out, _ = scripts
    assert shipped(script) == (300, 100)
    assert count_in(script) + count_in(opening) == 100 and count_in(held_out) == 0  # fewer than opening


def test_a_page_opens_with_the_first_500_held_out_images_and_20_of_every_class():
    labels = np.array([0] * 600 + list(range(1, 10)) * 20, np.uint8)
    assert module.opening_count(labels) == 600 + 9 * 19 + 9  # class 9's 20th is the last needed
    assert module.opening_count((np.arange(2000) % 10).astype(np.uint8)) == 500


def test_every_page_gets_the_first_held_out_images_until_each_class_has_one(tmp_path):
    """sample-data.js: what the pickers show; sample-opening.js: the rest of the opening images."""
    dataset = noise_dataset(3_000, 1_000)
    first, opening, _, _ = module.dataset_scripts(dataset, Cache(tmp_path), lambda _: None)
    labels = dataset.y_test[module.held_out_sample(dataset, Cache(tmp_path))]
    classes = [len(set(labels[:n].tolist())) for n in range(1, 40)]
    assert count_in(first) == classes.index(10) + 1  # the shortest start with every class
    assert count_in(first) + count_in(opening) == module.opening_count(labels) == 500
    assert re.search(r'"openingCount":(\d+)', first.read_text()).group(1) == "500"


def test_the_budget_is_enforced(tmp_path, monkeypatch):
    monkeypatch.setattr(module, "MAX_BYTES", 2_000)
    with pytest.raises(BuildError, match="over its budget of 2,000 bytes"):
        module.dataset_scripts(noise_dataset(300, 100), Cache(tmp_path), lambda _: None)
    section = tmp_path / "browser-data"  # nothing but the entry's lock file
    assert not section.exists() or all(p.name.endswith(".lock") for p in section.iterdir())


def test_without_tf_df_an_empty_module_stands_in(monkeypatch):
    """Python 3.13 has no TensorFlow Decision Forests, which tensorflowjs imports but the Keras
    conversion never uses (DESIGN.md, "Python versions")."""
    import importlib.util
    import sys

    from builder.train.tf_runtime import _stand_in_for_decision_forests

    name = "tensorflow_decision_forests"
    monkeypatch.setitem(sys.modules, name, None)  # so that the test leaves sys.modules as it was
    monkeypatch.delitem(sys.modules, name)
    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == name else found(n, *a))
    _stand_in_for_decision_forests()
    assert sys.modules[name].__name__ == name and not hasattr(sys.modules[name], "keras")
