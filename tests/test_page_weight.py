"""What a page loads when it opens: only the TF.js its demos use, the data sample's first held-out
images, and at most 3 MB in all; the rest of the data sample comes when a demo starts to train.
The figures a student meets (seconds and bytes on a phone) are benchmarks/bench_phone.py's."""

import re
from pathlib import Path

import pytest

from browser import act, open_page

pytestmark = pytest.mark.browser

BUDGET = 3_000_000  # bytes a page loads as it opens, uncompressed
# Pages whose demos never train: they load TF.js without its WebGL backend.
NO_WEBGL = ("index", "draw-a-digit", "cnns-and-mlps", "lenet-3d", "why-it-decides", "one-step",
            "new-symbol")
TRAINING = "cnn-demos/data/sample-training.js"


def opening_files(page: Path) -> list[Path]:
    """The page and every script and stylesheet it loads as it opens (not those held back)."""
    html = page.read_text()
    refs = re.findall(r'<script src="([^"]+)"', html)
    refs += re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    return [page, *dict.fromkeys((page.parent / ref).resolve() for ref in refs if "://" not in ref)]


def demo_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("*.html") if "data-cnn-demo=" in p.read_text())


def test_no_page_loads_more_than_its_budget_as_it_opens(built_site):
    weights = {p.name: sum(f.stat().st_size for f in opening_files(p)) for p in demo_pages(built_site.site)}
    assert len(weights) >= 10, weights
    assert max(weights.values()) <= BUDGET, weights


def test_tfjs_without_webgl_where_no_demo_trains_and_never_twice(built_site):
    for page in demo_pages(built_site.site):
        names = [f.name for f in opening_files(page)]
        assert not {"tf.min.js", "tf-webgl.min.js"} <= set(names), page.name
        if page.stem in NO_WEBGL:
            assert "tf.min.js" in names and "tf-webgl.min.js" not in names, page.name
        assert not {"sample-held-out.js", "sample-training.js"} & set(names), page.name


def test_the_training_part_of_the_data_comes_when_training_starts(built_site, browser):
    watched = open_page(browser, (built_site.unzipped / "mlp-vs-cnn.html").as_uri())
    page, root = watched.page, '[data-cnn-demo="mlp-vs-cnn"]'
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.wait_for_selector(f'{root}[data-demo-state="ready"]', timeout=120_000)
    assert not any(u.endswith(TRAINING) for u in asked)
    assert page.evaluate("typeof window.CNN_DEMOS_SAMPLE_TRAINING") == "undefined"
    page.click(act(root, "start"))
    page.wait_for_function(f"Number(document.querySelector('{root}').dataset.examplesSeen) > 0",
                           timeout=120_000)
    assert [u for u in asked if u.endswith(TRAINING)] != []
    assert page.evaluate("window.CNN_DEMOS_SAMPLE_TRAINING.count") == page.evaluate(
        "CnnDemos.loadSample().then(s => s.train.count)")
    page.click(act(root, "stop"))
    watched.assert_clean()
