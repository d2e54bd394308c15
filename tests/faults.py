"""Builds under force: killed with SIGKILL at a chosen moment, or run side by side on one cache.

Shared by the suite (tests/test_faults.py, a few rounds) and the benchmarks
(benchmarks/bench_kills.py, benchmarks/bench_side_by_side.py, many). Every build runs
`python -m builder.cli build` in a copy of this checkout (tests/test_build.py's copy_project)
on small training settings, with its own cache folder and TMPDIR, so that everything a build
leaves behind can be found and checked:

- outputs(): the site folder and the zip, byte for byte, to compare with an uninterrupted build;
- entries(): every cache entry, whether it is whole (its manifest matches) and its identity
  (inode and change time: an entry made again has new ones);
- leftovers(): what a build writes aside (cache folders, the zip's partial file, a site's .old
  folder, the Zensical stage, anything in TMPDIR), which must be gone after a build that ends;
- author_files(): the author's files (pages, demos, models, mkdocs.yml), never to change.
"""

import hashlib
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from builder.cache import MANIFEST, _damage

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--train-examples", "200", "--epochs", "1"]
ATTEMPTS = 4  # tries at killing a round's build before it ends
AUTHORS = ("site_src", "demos", "models", "mkdocs.yml", "package.json", "package-lock.json")


@dataclass
class Project:
    """A copy of this checkout with its own cache and TMPDIR; builds go to named outputs."""
    root: Path
    cache: Path
    tmp: Path
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(cls, folder: Path) -> "Project":
        from test_build import copy_project

        root = copy_project(folder / "project")
        cache, tmp = folder / "cache", folder / "tmp"
        tmp.mkdir()
        env = {**os.environ, "CNN_DEMOS_CACHE": str(cache), "TMPDIR": str(tmp),
               "PYTHONDONTWRITEBYTECODE": "1"}
        # Dated by a fixed commit time, not today's: outputs compared across rounds stay equal.
        env.setdefault("SOURCE_DATE_EPOCH", "1780000000")
        return cls(root, cache, tmp, env)

    def command(self, site: str = "site", zip_name: str = "dist/cnn-demos-site.zip",
                engine: str = "mkdocs") -> list[str]:
        return [sys.executable, "-m", "builder.cli", "build", "--engine", engine, *SMALL,
                "--site-dir", str(self.root / site), "--zip", str(self.root / zip_name)]

    def start(self, command: list[str]) -> subprocess.Popen:
        """A build in a session of its own (so a kill reaches all it started)."""
        return subprocess.Popen(command, cwd=self.root, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def build(self, command: list[str] | None = None) -> tuple[int, str, float]:
        """Run a build to its end: exit status, log, seconds."""
        started = time.monotonic()
        run = self.start(command or self.command())
        out, _ = run.communicate()
        return run.returncode, out, time.monotonic() - started

    def kill_after(self, seconds: float, command: list[str] | None = None) -> tuple[bool, float]:
        """Start a build and SIGKILL it after `seconds`: whether it was still running, and how
        long it ran."""
        started = time.monotonic()
        run = self.start(command or self.command())
        try:
            run.wait(timeout=seconds)
            killed = False
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
            killed = True
        run.communicate()
        return killed, time.monotonic() - started


def digests(folder: Path) -> dict[str, str]:
    """Each file under folder (a file itself: its own) -> its SHA-256."""
    if folder.is_file():
        return {folder.name: hashlib.sha256(folder.read_bytes()).hexdigest()}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(project: Project, site: str = "site", zip_name: str = "dist/cnn-demos-site.zip"
            ) -> dict[str, str]:
    found = {f"site/{k}": v for k, v in digests(project.root / site).items()}
    zip_path = project.root / zip_name
    if zip_path.is_file():
        found["zip"] = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    return found


def author_files(project: Project) -> dict[str, str]:
    return {f"{name}/{k}": v for name in AUTHORS for k, v in digests(project.root / name).items()}


@dataclass(frozen=True)
class Entry:
    whole: bool  # its manifest is there and every file matches it
    identity: tuple[int, int]  # (inode, change time): a remade entry has new ones


def entries(cache: Path) -> dict[str, Entry]:
    """section/key -> Entry, for every entry in the cache (hidden files are not entries)."""
    found = {}
    for section in sorted(p for p in cache.iterdir() if p.is_dir()) if cache.is_dir() else []:
        for entry in sorted(section.iterdir()):
            if entry.name.startswith("."):
                continue
            manifest = entry / MANIFEST
            stat = (manifest if manifest.exists() else entry).stat()
            found[f"{section.name}/{entry.name}"] = Entry(entry.is_dir() and _damage(entry) is None,
                                                          (stat.st_ino, stat.st_ctime_ns))
    return found


def leftovers(project: Project) -> list[str]:
    """What builds write aside and must not leave: hidden cache folders (lock files excepted),
    the zip's partial files, a site's .old folder, the Zensical stage, files in TMPDIR."""
    found = []
    if project.cache.is_dir():
        found += [str(p) for p in project.cache.glob("*/.*") if not p.name.endswith(".lock")]
    found += [str(p) for folder in (project.root, project.root / "dist") for p in folder.glob(".partial-*")]
    found += [str(p) for p in project.root.glob("*.old")]
    found += [str(p) for p in (project.root / ".cnn-demos").rglob("*") if not p.is_dir()]
    found += [str(p) for p in project.tmp.rglob("*")]
    return sorted(found)


@dataclass
class Round:
    """One kill and the build after it."""
    number: int
    start: str  # the cache the killed build found: "empty", "part" (some entries removed) or "full"
    after: float  # seconds from its start to the kill
    killed: bool  # False: it had ended by then
    problems: list[str]  # what did not hold; empty when all did
    retrained: int  # models the build after the kill trained ("epoch 1/1" in its log)
    seconds: float  # the build after the kill

    def describe(self) -> str:
        state = "killed" if self.killed else "had ended"
        return (f"round {self.number}: cache {self.start}, {state} at {self.after:.1f} s; the next build "
                f"took {self.seconds:.1f} s and trained {self.retrained}"
                + (": " + "; ".join(self.problems) if self.problems else ": all held"))


@dataclass
class Reference:
    """An uninterrupted build from an empty cache, and how long builds take."""
    outputs: dict[str, str]
    authors: dict[str, str]
    cold: float  # seconds, from an empty cache
    warm: float  # seconds, every entry in the cache


def reference(project: Project) -> Reference:
    authors = author_files(project)
    shutil.rmtree(project.cache, ignore_errors=True)
    status, log, cold = project.build()
    assert status == 0, log
    status, log, warm = project.build()
    assert status == 0 and "epoch" not in log, log
    return Reference(outputs(project), authors, cold, warm)


def kill_round(project: Project, ref: Reference, number: int, rng: random.Random) -> Round:
    """Prepare the cache (empty, part or full), kill a build at a random moment of its expected
    run, check what it left, build again to the end and check everything against ref."""
    start = rng.choice(["empty", "part", "full"])
    removed = [n for n in entries(project.cache)
               if start == "empty" or (start == "part" and rng.random() < 0.5)]
    after = rng.uniform(0.0, ref.warm if start == "full" else ref.cold)
    for _ in range(ATTEMPTS):
        for name in removed:
            shutil.rmtree(project.cache / name, ignore_errors=True)
        killed, ran = project.kill_after(after)
        if killed:
            break
        # It ended first (the machine was less busy than when timed): a moment of this run instead.
        after = rng.uniform(0.0, ran)
    problems = []
    before = entries(project.cache)
    broken = sorted(name for name, e in before.items() if not e.whole)
    if broken:
        problems.append(f"the kill left entries that are not whole: {broken}")
    status, log, seconds = project.build()
    if status != 0:
        problems.append(f"the build after the kill failed ({status}): {log[-2000:]}")
    after_entries = entries(project.cache)
    remade = sorted(n for n, e in before.items() if e.whole and after_entries.get(n) != e)
    if remade:
        problems.append(f"entries that were whole were made again: {remade}")
    if any(not e.whole for e in after_entries.values()):
        problems.append("entries not whole after the build")
    if outputs(project) != ref.outputs:
        differ = sorted(set(outputs(project).items()) ^ set(ref.outputs.items()))
        problems.append(f"site or zip differ from the uninterrupted build's: {differ[:6]}")
    if author_files(project) != ref.authors:
        problems.append("the author's files changed")
    left = leftovers(project)
    if left:
        problems.append(f"left behind: {left}")
    return Round(number, start, after, killed, problems, log.count("epoch 1/1"), seconds)


@dataclass
class SideBySide:
    """Builds started together on one cache, each into its own site folder and zip."""
    statuses: list[int]
    logs: list[str]
    outputs: list[dict[str, str]]
    trained: dict[str, int]  # model -> how many builds trained it
    waited: int  # builds that logged waiting for another's entry
    seconds: float

    def problems(self, ref: dict[str, str] | None = None) -> list[str]:
        found = [f"build {i} failed ({s}): {log[-1500:]}"
                 for i, (s, log) in enumerate(zip(self.statuses, self.logs, strict=True)) if s != 0]
        if any(o != self.outputs[0] for o in self.outputs):
            found.append("the builds' sites or zips differ")
        if ref is not None and self.outputs[0] != ref:
            found.append("the site or zip differs from a build of its own")
        found += [f"{model} trained {n} times" for model, n in self.trained.items() if n > 1]
        return found


MODELS = ("recognizer", "lenet")


def side_by_side(project: Project, count: int, engines: tuple[str, ...] = ("mkdocs",)) -> SideBySide:
    """count builds started together (engines taken in turn) on the project's cache."""
    commands = [project.command(f"site-{i}", f"dist-{i}/cnn-demos-site.zip", engines[i % len(engines)])
                for i in range(count)]
    started = time.monotonic()
    runs = [project.start(c) for c in commands]
    logs = [run.communicate()[0] for run in runs]
    seconds = time.monotonic() - started
    return SideBySide([run.returncode for run in runs], logs,
                      [outputs(project, f"site-{i}", f"dist-{i}/cnn-demos-site.zip") for i in range(count)],
                      {m: sum(f"{m}: epoch 1/1" in log for log in logs) for m in MODELS},
                      sum("waiting for it" in log for log in logs), seconds)


# `cnn-demos` with Ctrl+C raising KeyboardInterrupt, as in a terminal. A suite started as a
# shell's background job (`bash .ci/run &`) inherits SIGINT ignored, Python then leaves it so,
# and a serve stopped with Ctrl+C never stopped (the side-by-side test's serve, killed after
# 120 s, left its temporary site: 5 full runs here).
WITH_CTRL_C = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
               "runpy.run_module('builder.cli', run_name='__main__', alter_sys=True)")


class Serve:
    """`cnn-demos serve` on a free port, its log read as it comes."""

    def __init__(self, project: Project) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([sys.executable, "-c", WITH_CTRL_C, "serve", *SMALL,
                                         "-a", f"127.0.0.1:{port}"], cwd=project.root,
                                        env={**project.env, "PYTHONFAULTHANDLER": "1"},
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, seconds: float, count: int = 1) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.process.poll() is None:
            if len(re.findall(re.escape(text), self.log())) >= count:
                return True
            time.sleep(0.5)
        return False

    def idle(self, seconds: float = 300) -> bool:
        """Until no rebuild runs (every "Building documentation" has its "Documentation built")
        for two seconds. Twice, in the whole suite on a busy machine, serve stopped with Ctrl+C
        left its temporary site behind, which it never did stopped idle here; the cause is not
        known yet (a rebuild interrupted while it writes is the suspect). The test asks what a
        stopped, idle serve leaves."""
        end, quiet_since = time.monotonic() + seconds, None
        while time.monotonic() < end and self.process.poll() is None:
            log = self.log()
            if log.count("Building documentation") <= log.count("Documentation built"):
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= 2:
                    return True
            else:
                quiet_since = None
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        self.idle()
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            # Ctrl+C ignored (as it was before WITH_CTRL_C): SIGABRT makes faulthandler print
            # where each of serve's threads stands, into the log the test shows.
            self.lines.append("(the test: serve did not stop within 120 s of Ctrl+C; SIGABRT)\n")
            self.process.send_signal(signal.SIGABRT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            time.sleep(1)  # the reader thread takes the last lines
        self.lines.append(f"(the test: serve exited with {self.process.returncode})\n")
