"""The cache: entries appear whole or not at all, and damage is noticed."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cache import Cache

ROOT = Path(__file__).resolve().parents[1]


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
    assert [p.name for p in (tmp_path / "section").iterdir()] == [".k1.lock"]  # the lock file only


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


def test_leftovers_of_killed_runs_are_cleared(tmp_path):
    """A run killed while writing (tmp) or removing (old) leaves a hidden folder, named for its
    process; the next run that takes the key's lock clears them, whatever the process id."""
    folder = tmp_path / "section"
    folder.mkdir()
    leftovers = [folder / ".k1.tmp-999999999", folder / f".k1.old-{os.getpid()}"]
    for leftover in leftovers:
        leftover.mkdir()
        (leftover / "half.bin").write_bytes(b"x")
    with Cache(tmp_path).create("section", "k1") as work:
        (work / "a").write_text("a")
    assert not any(p.exists() for p in leftovers)
    assert sorted(p.name for p in folder.iterdir()) == [".k1.lock", "k1"]


def test_other_keys_leftovers_are_swept_unless_their_build_runs(tmp_path):
    folder = tmp_path / "section"
    folder.mkdir()
    dead, busy = folder / ".k2.tmp-999999999", folder / ".k3.tmp-999999998"
    for leftover in (dead, busy):
        leftover.mkdir()
    holder = _hold_lock(folder / ".k3.lock")
    try:
        with Cache(tmp_path).create("section", "k1") as work:
            (work / "a").write_text("a")
    finally:
        holder.kill()
        holder.wait()
    assert not dead.exists() and busy.exists()


def _hold_lock(lock: Path) -> subprocess.Popen:
    """Another process that holds lock until killed."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder


HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""

# Several processes ask for one entry at once; building it takes a while and is counted.
RACE = """
import logging, sys, time
from pathlib import Path
from builder.cache import Cache

logging.basicConfig(level=logging.INFO)

root, count = Path(sys.argv[1]), Path(sys.argv[2])
def build(work):
    with count.open("a") as f:
        f.write("built\\n")
    time.sleep(1.0)
    (work / "model.bin").write_bytes(b"weights" * 1000)
entry = Cache(root).get_or_build("train", "k1", build)
print((entry / "model.bin").read_bytes() == b"weights" * 1000, flush=True)
"""


def test_builds_side_by_side_make_an_entry_once(tmp_path):
    count = tmp_path / "count.txt"
    runs = [subprocess.Popen([sys.executable, "-c", RACE, str(tmp_path / "cache"), str(count)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [out for out, _ in outputs] == ["True\n"] * 4, outputs
    assert count.read_text() == "built\n"
    assert sum("another build is making train k1; waiting" in err for _, err in outputs) == 3, outputs
    assert sorted(p.name for p in (tmp_path / "cache" / "train").iterdir()) == [".k1.lock", "k1"]


def test_a_held_lock_is_released_when_its_process_is_killed(tmp_path):
    cache = Cache(tmp_path)
    (tmp_path / "section").mkdir()
    holder = _hold_lock(tmp_path / "section" / ".k1.lock")
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    entry = cache.get_or_build("section", "k1", lambda work: (work / "a").write_text("a"))
    assert (entry / "a").read_text() == "a"


SCRATCH = """
import sys, tempfile, time
from builder import scratch
folder = scratch.use_own_tempdir()
tempfile.NamedTemporaryFile(suffix=".py", delete=False).write(b"generated")
print(folder, flush=True)
time.sleep(600)
"""


def test_a_killed_builds_temp_folder_is_removed_by_the_next(tmp_path):
    """What libraries write to the temp folder (TensorFlow's autograph modules) goes into the
    build's own folder there, which the next build removes if its owner was killed."""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    build = subprocess.Popen([sys.executable, "-c", SCRATCH], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                             env=env)
    folder = Path(build.stdout.readline().strip())
    assert folder.parent == tmp_path and any(folder.iterdir())
    running = subprocess.run([sys.executable, "-c", "from builder import scratch; scratch.sweep()"],
                             cwd=ROOT, env=env, check=True)
    assert running.returncode == 0 and folder.exists()  # its build still runs
    build.send_signal(signal.SIGKILL)
    build.wait()
    subprocess.run([sys.executable, "-c", "from builder import scratch; scratch.sweep()"], cwd=ROOT, env=env,
                   check=True)
    assert list(tmp_path.iterdir()) == []
