"""The chain and the page pipeline run without MkDocs or Zensical: front ends only wire."""

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
import builder.offline_zip, builder.pages.site  # the page pipeline, imported without a front end
from builder.settings import Settings
s = Settings(Path(sys.argv[1]), None, Path(sys.argv[2]), 1, 300, None)
p = prepare(s, lambda message: None)
print(json.dumps({"files": sorted(p.files), "demos": sorted(p.demos), "models": sorted(p.models),
                  "front_ends": sorted(m for m in sys.modules if m.split(".")[0] in ("mkdocs", "zensical"))}))
"""


@pytest.mark.slow
def test_prepare_and_the_page_pipeline_run_without_a_front_end(tmp_path):
    out = subprocess.run([sys.executable, "-c", PREPARE, str(ROOT), str(tmp_path / "cache")],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    assert found["front_ends"] == []
    assert found["models"] == ["lenet", "recognizer"]
    for model in found["models"]:
        assert f"cnn-demos/models/{model}/{model}.js" in found["files"]
        assert f"downloads/models/{model}-tfjs.zip" in found["files"]
    for demo in found["demos"]:
        assert any(f.startswith(f"cnn-demos/demos/{demo}/") for f in found["files"]), demo
    assert "cnn-demos/data/sample-data.js" in found["files"]
    # The build-time extras ship beside their models (a 1-epoch run still keeps and lists them).
    assert "cnn-demos/models/lenet/lenet-snapshots.js" in found["files"]
    assert "cnn-demos/models/recognizer/recognizer-mistakes.js" in found["files"]


def test_a_demo_goes_without_an_extra_its_model_does_not_make_and_says_so():
    """As when an author's own recogniser, without EXPORT "mistakes", replaces the bundled one."""
    from builder.chain import _available_extras
    from builder.kit.demos import discover
    from builder.train import discover as models

    demos = discover(ROOT / "demos", ROOT / "demos" / "_shared")
    specs = models(ROOT / "models")
    said: list[str] = []
    assert _available_extras(demos, specs, said.append) == demos and said == []
    both = dataclasses.replace(demos["draw-a-digit"], model_extras=["snapshots", "mistakes"])
    asking = {"draw-a-digit": both}
    kept = _available_extras(asking, specs, said.append)
    assert kept["draw-a-digit"].model_extras == ["mistakes"]
    assert len(said) == 1 and said[0].startswith("draw-a-digit: goes without 'snapshots'")
    assert "recognizer.py" in said[0]
