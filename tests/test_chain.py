"""The chain up to the pages runs without MkDocs, so a second front end needs only a small module."""

import dataclasses
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
    # The build-time extras ship beside their models (a 1-epoch run still keeps and lists them).
    assert "cnn-demos/models/lenet/lenet-snapshots.js" in found["files"]
    assert "cnn-demos/models/recognizer/recognizer-mistakes.js" in found["files"]


def test_a_demo_asking_for_an_extra_its_model_does_not_make_fails_naming_both():
    from builder.assets.demos import discover
    from builder.chain import _check_needs
    from builder.errors import BuildError
    from builder.train import discover as models

    demos = discover(ROOT / "demos", ROOT / "demos" / "_shared")
    specs = models(ROOT / "models")
    _check_needs(demos, specs)  # the bundled demos ask only for what their models make
    wrong = dataclasses.replace(demos["draw-a-digit"], model_extras=["snapshots"])
    with pytest.raises(BuildError, match=r"demo.json: model_extras lists 'snapshots', but .*recognizer.py"):
        _check_needs({"draw-a-digit": wrong}, specs)
