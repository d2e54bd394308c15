"""The cache: entries appear whole or not at all, and damage is noticed."""

import os

import pytest

from builder.cache import Cache


def test_entry_appears_only_when_complete(tmp_path):
    cache = Cache(tmp_path)
    with cache.create("section", "k1") as work:
        (work / "a.txt").write_text("hello")
        assert cache.lookup("section", "k1") is None  # not visible while being written
    entry = cache.lookup("section", "k1")
    assert entry is not None and (entry / "a.txt").read_text() == "hello"


def test_interrupted_write_leaves_nothing(tmp_path):
    cache = Cache(tmp_path)
    with pytest.raises(KeyboardInterrupt), cache.create("section", "k1") as work:
        (work / "half.bin").write_bytes(b"x" * 10)
        raise KeyboardInterrupt
    assert cache.lookup("section", "k1") is None
    assert list((tmp_path / "section").iterdir()) == []


def test_damaged_entry_is_detected_and_removed(tmp_path):
    cache = Cache(tmp_path)
    with cache.create("section", "k1") as work:
        (work / "model.bin").write_bytes(b"weights" * 100)
    (cache.path("section", "k1") / "model.bin").write_bytes(b"weights")  # truncated
    assert cache.lookup("section", "k1") is None
    assert not cache.path("section", "k1").exists()


def test_entry_without_manifest_is_not_trusted(tmp_path):
    (tmp_path / "section" / "k1").mkdir(parents=True)
    (tmp_path / "section" / "k1" / "model.bin").write_bytes(b"?")
    assert Cache(tmp_path).lookup("section", "k1") is None


def test_leftover_from_a_killed_run_is_cleared(tmp_path):
    dead = tmp_path / "section" / ".k1.tmp-999999999"
    dead.mkdir(parents=True)
    (dead / "half.bin").write_bytes(b"x")
    live = tmp_path / "section" / f".k1.tmp-{os.getppid()}"  # a process that is running
    live.mkdir()
    with Cache(tmp_path).create("section", "k1") as work:
        (work / "a").write_text("a")
    assert not dead.exists() and live.exists()
