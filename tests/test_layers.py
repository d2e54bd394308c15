"""The build's stages import in one direction (kit, data, train, export, pages, zip, front
ends), the page pipeline imports no front end, and the Jupyter helper stands alone: the
contracts in pyproject.toml, checked by import-linter on the real package."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT = [str(Path(sys.executable).with_name("lint-imports"))]


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(LINT, cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(folder)})


def test_the_stages_keep_their_contracts():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_an_import_back_up_the_chain_breaks_a_contract(tmp_path):
    """The contracts bite: the kit importing the page pipeline, or the pages importing MkDocs."""
    shutil.copytree(ROOT / "builder", tmp_path / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / "builder" / "kit" / "vendor.py", "a") as f:
        f.write("\nimport builder.pages.site  # noqa\n")
    with open(tmp_path / "builder" / "pages" / "render.py", "a") as f:
        f.write("\nimport mkdocs  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "builder.kit is not allowed to import builder.pages" in result.stdout
    assert "builder.pages.render -> mkdocs" in result.stdout
