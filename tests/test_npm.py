"""npm: installed when missing or stale; a clear message when npm is absent or fails."""

import os
import shutil
import stat

import pytest

from builder.errors import BuildError
from builder.kit.npm import ensure_node_modules
from conftest import ROOT


def _project(tmp_path):
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_up_to_date_node_modules_is_left_alone():
    before = (ROOT / "node_modules" / ".package-lock.json").stat().st_mtime_ns
    assert ensure_node_modules(ROOT) == ROOT / "node_modules"
    assert (ROOT / "node_modules" / ".package-lock.json").stat().st_mtime_ns == before


def test_npm_not_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(BuildError, match="npm is not installed.*apt-get install -y nodejs npm"):
        ensure_node_modules(_project(tmp_path))


def test_npm_ci_failure_is_reported_with_its_output(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "npm"
    fake.write_text("#!/bin/sh\necho 'npm error code E404: no such package' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    project = tmp_path / "project"
    project.mkdir()
    with pytest.raises(BuildError, match=r"(?s)`npm ci` failed .*exit 1.*E404"):
        ensure_node_modules(_project(project))


def test_missing_lockfile(tmp_path):
    with pytest.raises(BuildError, match="package-lock.json: missing"):
        ensure_node_modules(tmp_path)
