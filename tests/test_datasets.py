"""Any MNIST-format dataset, with its class names everywhere (issue 16).

Fashion-MNIST comes from Debian's dataset-fashion-mnist package (scripts/setup installs it for
the tests): the build recognises it by its files' digests, names its classes, and every demo
shows the names. A folder of our own IDX files names its classes in a classes.txt; bad ones
fail with the file and line.
"""

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import numpy as np
import pytest

from browser import ALL_READY, open_page, role
from builder.cache import Cache
from builder.data import load_dataset
from builder.data.classes import FASHION_MNIST, read_classes_file
from builder.data.idx import write_idx
from builder.errors import BuildError
from builder.export.dataset_script import MAX_BYTES
from conftest import CLI, ROOT, run_cli

FASHION = Path("/usr/share/datasets/fashion-mnist")
NAMES = list(FASHION_MNIST.classes)
SMALL_TRAINING = ["--train-examples", "2000", "--epochs", "1"]


def fashion_folder() -> Path:
    if not (FASHION / "t10k-labels-idx1-ubyte.gz").is_file():
        pytest.fail(f"{FASHION} is missing: run scripts/setup --browser "
                    "(apt-get install dataset-fashion-mnist)")
    return FASHION


def write_idx_set(folder: Path, n_train: int = 60, n_test: int = 20) -> Path:
    rng = np.random.default_rng(3)
    folder.mkdir(parents=True, exist_ok=True)
    for stem, n in (("train", n_train), ("t10k", n_test)):
        write_idx(folder / f"{stem}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28), dtype=np.uint8))
        write_idx(folder / f"{stem}-labels-idx1-ubyte", np.arange(n, dtype=np.uint8) % 10)
    return folder


# --- naming the classes ---------------------------------------------------------------------

def test_fashion_mnist_is_recognised_by_its_digests(tmp_path):
    dataset = load_dataset(fashion_folder(), ROOT / "node_modules", Cache(tmp_path / "cache"))
    assert dataset.identity == FASHION_MNIST
    assert dataset.identity.classes[9] == "Ankle boot" and dataset.identity.noun == "item"
    assert len(dataset.y_train) == 60_000 and len(dataset.y_test) == 10_000
    # The same files, un-gzipped and renamed as some mirrors do, are still Fashion-MNIST.
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in FASHION.glob("*.gz"):
        import gzip
        (copy / path.name[:-3].replace("-idx", ".idx")).write_bytes(gzip.decompress(path.read_bytes()))
    assert load_dataset(copy, ROOT / "node_modules", Cache(tmp_path / "cache")).identity == FASHION_MNIST


def test_unknown_folder_numbers_its_classes_until_a_classes_txt_names_them(tmp_path):
    folder = write_idx_set(tmp_path / "letters")
    cache = Cache(tmp_path / "cache")
    plain = load_dataset(folder, ROOT / "node_modules", cache)
    assert plain.identity.classes == tuple("0123456789") and plain.identity.name == "letters"
    (folder / "classes.txt").write_text("\n".join("ABCDEFGHIJ") + "\n\n")
    named = load_dataset(folder, ROOT / "node_modules", cache)
    assert named.identity.classes == tuple("ABCDEFGHIJ")
    assert named.fingerprint == plain.fingerprint  # names alone never retrain a model
    # An explicit list (--classes, the plugin's classes:) wins over the file.
    assert load_dataset(folder, ROOT / "node_modules", cache, tuple("abcdefghij")).identity.classes[0] == "a"


@pytest.mark.parametrize("text, message", [
    ("a\nb\nc\n", "3 class names; the demos need exactly 10"),
    ("a\nb\n\nd\ne\nf\ng\nh\ni\nj\n", "line 3: empty; give class 2 a name"),
    ("a\nb\nc\nd\nA\nf\ng\nh\ni\nj\n", "line 5: 'A' again (first at 1)"),
    ("a\nb\nc\nd\ne\nf\ng\nh\ni\n" + "x" * 30 + "\n", "line 10: '" + "x" * 30 + "' is 30 characters"),
])
def test_bad_classes_txt_names_the_file_and_line(tmp_path, text, message):
    path = tmp_path / "classes.txt"
    path.write_text(text)
    with pytest.raises(BuildError) as failure:
        read_classes_file(path)
    assert str(failure.value).startswith(str(path)) and message in str(failure.value)


def test_classes_txt_that_is_not_utf8(tmp_path):
    path = tmp_path / "classes.txt"
    path.write_bytes("\n".join("abcdefghi").encode() + b"\n\xe9t\xe9\n")
    with pytest.raises(BuildError, match=r"classes.txt: is not UTF-8 text \(byte 18\)"):
        read_classes_file(path)


def test_bad_classes_option_is_a_usage_error_naming_it(tmp_path):
    result = run_cli("build", "--classes", "cat,dog", "--site-dir", str(tmp_path / "site"), check=False)
    assert result.returncode == 2
    assert "--classes: 2 class names; the demos need exactly 10" in result.stderr
    assert not (tmp_path / "site").exists()


def test_classes_txt_names_reach_the_pages(tmp_path):
    folder = write_idx_set(tmp_path / "own", n_train=400, n_test=100)
    (folder / "classes.txt").write_text("\n".join(f"Class {c}" for c in "ABCDEFGHIJ"))
    env = {"CNN_DEMOS_CACHE": str(tmp_path / "cache")}
    site = tmp_path / "site"
    result = run_cli("build", "--data", str(folder), *SMALL_TRAINING, "--site-dir", str(site),
                     "--zip", str(tmp_path / "site.zip"),
                     env=env)
    assert "classes Class A, Class B" in result.stderr + result.stdout
    script = (site / "cnn-demos" / "data" / "dataset.js").read_text()
    named = json.loads(script.split("window.CNN_DEMOS_DATASET = ", 1)[1].rstrip().removesuffix(";"))
    assert named["classes"][:2] == ["Class A", "Class B"] and named["noun"] == "image"
    page = (site / "draw-a-digit.html").read_text() if (site / "draw-a-digit.html").exists() \
        else (site / "draw-a-digit" / "index.html").read_text()
    assert '<span class="cnn-draw__digit">Class J</span>' in page
    assert "Built on own" in page  # the note saying which data the demos were trained on


# --- a full build on Fashion-MNIST, small training, in the browser ----------------------------

@pytest.fixture(scope="module")
def fashion_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("fashion")
    # Its own cache: the models train (small settings), so the log shows how.
    result = run_cli("build", "--data", str(fashion_folder()), *SMALL_TRAINING,
                     "--site-dir", str(out / "site"), "--zip", str(out / "site.zip"),
                     env={"CNN_DEMOS_CACHE": str(out / "cache")})
    return out / "site", result.stdout + result.stderr


def page_url(site: Path, name: str) -> str:
    flat = site / f"{name}.html"
    return (flat if flat.exists() else site / name / "index.html").as_uri()


@pytest.mark.browser
def test_fashion_build_log_and_data_within_budget(fashion_site):
    site, log = fashion_site
    assert "Fashion-MNIST" in log and "60,000 training and 10,000 held-out items" in log
    assert "T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot" in log
    shipped = re.search(r"in-browser data: ([\d,]+) training and ([\d,]+) held-out items", log)
    assert shipped, log
    data = site / "cnn-demos" / "data"
    parts = ("sample-data.js", "sample-opening.js", "sample-held-out.js", "sample-training.js")
    assert sum((data / part).stat().st_size for part in parts) <= MAX_BYTES
    assert int(shipped.group(1).replace(",", "")) >= 1000
    # No rotations or stroke changes for clothes; mirrored pictures instead.
    training = re.search(r"recognizer: training on .*", log).group(0)
    assert "augmentation: mirrored left to right)" in training, training
    credits = Path(page_url(site, "credits")[len("file://"):]).read_text()
    assert "Fashion-MNIST (Zalando Research)" in credits


@pytest.mark.browser
def test_fashion_names_in_the_recogniser_and_lenet(fashion_site, browser):
    site, _ = fashion_site
    watched = open_page(browser, page_url(site, "draw-a-digit"))
    page = watched.page
    page.wait_for_function(ALL_READY, timeout=120_000)
    root = '[data-cnn-demo="draw-a-digit"]'
    assert page.locator(f"{root} .cnn-draw__digit").all_inner_texts() == NAMES
    assert page.locator(role(root, "pad")).get_attribute("aria-label") == "Drawing area: draw one item"
    assert page.inner_text(role(root, "result")) == "Draw an item in the box."
    assert "Built on Fashion-MNIST" in page.inner_text("article")
    watched.assert_clean()

    watched = open_page(browser, page_url(site, "lenet-3d"))
    page = watched.page
    page.wait_for_function(ALL_READY, timeout=180_000)
    lenet = '[data-cnn-demo="tensorspace-lenet"]'
    assert page.locator(f"{lenet} [data-role='digits'] b").all_inner_texts() == NAMES
    samples = page.eval_on_selector_all(f"{lenet} [data-role='samples'] button",
                                        "bs => bs.map(b => b.getAttribute('aria-label'))")
    assert any(s.endswith("an Ankle boot") for s in samples), samples
    boot = samples.index(next(s for s in samples if s.endswith("an Ankle boot")))
    page.locator(f"{lenet} [data-role='samples'] button").nth(boot).click()
    page.wait_for_function("s => document.querySelector(s).textContent.includes('(an Ankle boot) as')",
                           arg=f"{lenet} [data-role='result']", timeout=60_000)
    result = page.inner_text(f"{lenet} [data-role='result']")
    assert re.search(r"as an? (" + "|".join(map(re.escape, NAMES)) + r") \(", result), result
    watched.assert_clean()


@pytest.mark.browser
def test_fashion_names_on_the_confusion_matrix(fashion_site, browser):
    from test_tfjs_vis_mnist import ROOT as VIS
    from test_tfjs_vis_mnist import SMALL, run_step, set_settings

    site, _ = fashion_site
    watched = open_page(browser, page_url(site, "guided-training"))
    page = watched.page
    page.wait_for_selector(f'{VIS}[data-demo-state="ready"]', timeout=120_000)
    run_step(page, "openVisor")
    assert "training items" in run_step(page, "loadData")
    run_step(page, "showExamples")
    captions = page.locator(f'{VIS} [data-role="examples"] figcaption').all_inner_texts()
    assert set(captions) <= set(NAMES) and len(set(captions)) > 3
    run_step(page, "buildModel")
    set_settings(page, {**SMALL, "epochs": "1"})
    run_step(page, "train")
    run_step(page, "perClassAccuracy")
    assert page.locator(f'{VIS} [data-role="per-class"] tbody th').all_inner_texts() == NAMES
    summary = run_step(page, "confusionMatrix")
    heads = page.locator(f'{VIS} [data-role="confusion"] thead th').all_inner_texts()
    assert heads[1:] == NAMES
    assert page.locator(f'{VIS} [data-role="confusion"] tbody th').all_inner_texts() == NAMES
    assert re.search(r"of class (.+) read as (.+)\.", summary), summary
    # The visor's own chart: its axes carry the names too (vega draws them as SVG text or
    # into the chart's accessible description).
    assert "Ankle boot" in page.locator(".visor").inner_text() or \
        page.locator(".visor svg text", has_text="Ankle boot").count() > 0
    watched.assert_clean()


# --- what an author sees in the terminal while the models train -------------------------------

def test_training_shows_keras_progress_in_a_terminal_and_no_start_up_noise(tmp_path):
    """In a terminal (a pty, through util-linux's `script`): Keras's progress bar with batches,
    loss and time left. Captured (a log, CI): one line per epoch, no bar. Neither shows the
    cuDNN / cuBLAS / absl lines TensorFlow prints at start on a machine without a GPU."""
    command = [*CLI, "train", "--epochs", "1", "--train-examples", "640"]
    env = {**os.environ, "CNN_DEMOS_CACHE": str(tmp_path / "tty")}
    terminal = subprocess.run(["script", "-qec", shlex.join(command), "/dev/null"], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True).stdout
    assert re.search(r"10/10 \[=+\] - \d+s \d+ms/step - loss: [\d.]+ - accuracy: [\d.]+", terminal)
    assert "ETA" in terminal  # the time left, while the epoch runs
    captured = run_cli("train", "--epochs", "1", "--train-examples", "640",
                       env={"CNN_DEMOS_CACHE": str(tmp_path / "log")})
    output = captured.stdout + captured.stderr
    assert "lenet: epoch 1/1  loss" in output and "ETA" not in output and "[====" not in output
    for noise in (terminal, output):
        assert "cuDNN" not in noise and "cuBLAS" not in noise and "absl::InitializeLog" not in noise
        assert "computation placer" not in noise


@pytest.mark.browser
def test_fashion_names_in_the_attribution_maps(fashion_site, browser):
    """Why Sneaker and not Sandal? The question, the answer and every map's reading name them."""
    site, _ = fashion_site
    watched = open_page(browser, page_url(site, "why-it-decides"))
    page = watched.page
    page.wait_for_function(ALL_READY, timeout=120_000)
    why = '[data-cnn-demo="why-it-decides"]'
    page.wait_for_function(f"document.querySelector('{why}').dataset.maps === 'ready'", timeout=60_000)
    assert page.locator(f'{why} [data-setting="class"] option').all_inner_texts()[1:] == NAMES
    page.select_option(f'{why} [data-setting="class"]', str(NAMES.index("Sneaker")))
    page.select_option(f'{why} [data-setting="versus"]', str(NAMES.index("Sandal")))
    page.wait_for_function(f"document.querySelector('{why}').dataset.versus === '5'"
                           f" && !!document.querySelector('{why}').dataset.deletion", timeout=60_000)
    assert "why Sneaker and not Sandal" in page.inner_text(f"{why} [data-role='answer']")
    for key in ("occlusion", "saliency", "integrated", "gradcam"):
        reading = page.inner_text(f"{why} [data-role='reading-{key}']")
        assert "a Sneaker rather than a Sandal" in reading or reading.startswith("Nothing"), reading
    assert "probability of Sneaker" in page.inner_text(f"{why} [data-role='deletion-said']")
    watched.assert_clean()


@pytest.mark.browser
def test_fashion_names_in_the_unit_explorer(fashion_site, browser):
    """On the full test split the strongest examples come from all 10,000 held-out items, those
    the page's sample lacks travel with the units; the map's legend, the neighbours and the
    words name the classes."""
    site, log = fashion_site
    assert re.search(r"lenet: the map of [\d,]+ held-out examples at 2 snapshots written", log), log
    watched = open_page(browser, page_url(site, "unit-explorer"))
    page = watched.page
    page.wait_for_function(ALL_READY, timeout=180_000)
    units = '[data-cnn-demo="unit-explorer"]'
    page.wait_for_selector(f"{units}[data-examples='all']", timeout=60_000)  # the held-out sample's rest
    found = page.evaluate("CNN_DEMOS_UNITS.lenet")
    assert found["held_out_examples"] == 10_000 and found["examples"]["outside"]
    assert page.locator(f"{units} [data-role='map-legend'] li").all_inner_texts() == NAMES
    assert "held-out items" in page.inner_text(f"{units} [data-role='histogram-text']")
    labels = page.eval_on_selector_all(f"{units} [data-role='top'] canvas",
                                       "cs => cs.map(c => c.getAttribute('aria-label'))")
    named = re.compile(r"item \d+, an? (" + "|".join(map(re.escape, NAMES)) + "):")
    assert len(labels) == 9 and all(named.search(s) for s in labels), labels
    page.select_option(f"{units} [data-setting='layer']", "softmax")
    assert "the score of T-shirt/top" in page.inner_text(f"{units} [data-role='unit-about']")
    page.locator(f"{units} [data-role='map-part']").scroll_into_view_if_needed()  # the map comes then
    page.wait_for_function(f"!!document.querySelector('{units}').dataset.nearLayer", timeout=120_000)
    near = page.inner_text(f"{units} [data-role='near-text']")
    assert "nearest held-out items" in near and any(name in near for name in NAMES), near
    rows = page.locator(f"{units} [data-role='centroids'] tbody th").all_inner_texts()
    assert rows == NAMES
    watched.assert_clean()
