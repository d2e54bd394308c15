"""The chain up to the pages runs without MkDocs, so a second front end needs only a small module."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

PREPARE = """
import json, sys
from pathlib import Path
from builder.chain import prepare
from builder.pages.markdown import PageTransforms
from builder.settings import Settings
s = Settings(Path(sys.argv[1]), None, Path(sys.argv[2]), 1, 300, None)
p = prepare(s, lambda message: None)
print(json.dumps({"files": sorted(p.files), "demos": sorted(p.demos), "models": sorted(p.models),
                  "mkdocs": sorted(m for m in sys.modules if m.split(".")[0] == "mkdocs")}))
"""


@pytest.mark.slow
def test_prepare_runs_without_mkdocs(tmp_path):
    out = subprocess.run([sys.executable, "-c", PREPARE, str(ROOT), str(tmp_path / "cache")],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    assert found["mkdocs"] == []
    assert found["models"] == ["lenet", "recognizer"]
    for model in found["models"]:
        assert f"cnn-demos/models/{model}/{model}.js" in found["files"]
        assert f"downloads/models/{model}-tfjs.zip" in found["files"]
    for demo in found["demos"]:
        assert any(f.startswith(f"cnn-demos/demos/{demo}/") for f in found["files"]), demo
    assert "cnn-demos/data/mnist-data.js" in found["files"]
