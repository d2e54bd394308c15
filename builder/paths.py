"""Where things go in the built site: every path the build adds, spelt once.

Every file the build adds lives under ASSETS, except the downloads (the offline zip and the
model zips), which the downloads page links to.
"""

ASSETS = "cnn-demos"
VENDOR_DIR = f"{ASSETS}/vendor"  # third-party browser files, taken from npm
SHARED_DIR = f"{ASSETS}/shared"  # demos/_shared/
OFFLINE_ZIP = "downloads/cnn-demos-site.zip"  # a copy of the offline zip, beside the site
ZIP_TOP = "cnn-demos-site"  # the folder the offline zip unpacks to
STANDALONE_DIR = f"{ASSETS}/embed"  # each demo alone on a page of its own
JUPYTER_HELPER = "show_demo.py"  # at the site root: `%run cnn-demos-site/show_demo.py <demo>` in Jupyter
WHEELS_DIR = "wheels"  # the notebook widget's wheel and its dependencies': pip install --find-links
WIDGET_PACKAGE = "cnn_demos"  # what a notebook imports: `from cnn_demos import show`
WIDGET_DISTRIBUTION = "cnn-demos-widgets"  # what pip installs (cnn-demos is the build itself)


def vendor_file(site_name: str) -> str:
    return f"{VENDOR_DIR}/{site_name}"


def shared_file(name: str) -> str:
    return f"{SHARED_DIR}/{name}"


def demo_file(demo: str, name: str) -> str:
    return f"{ASSETS}/demos/{demo}/{name}"


def standalone_page(demo: str) -> str:
    """The demo alone at full width, with no site chrome: for an <iframe> or a notebook."""
    return f"{STANDALONE_DIR}/{demo}.html"


def wheel(filename: str) -> str:
    return f"{WHEELS_DIR}/{filename}"


def model_dir(model: str) -> str:
    """The model's TF.js files (model.json and weight shards), published for download."""
    return f"{ASSETS}/models/{model}"


def model_script(model: str) -> str:
    """The classic script that carries the model into a page (file:// cannot fetch model.json)."""
    return f"{model_dir(model)}/{model}.js"


def model_extra(model: str, extra: str) -> str:
    """A classic script of the model's build-time extras: "snapshots" or "mistakes"."""
    return f"{model_dir(model)}/{model}-{extra}.js"


CLASS_NAMES = f"{ASSETS}/data/dataset.js"  # the dataset's name and class names, on every page with a demo


def dataset_script(name: str) -> str:
    """A demo.json "datasets" entry's classic script: "sample" is the in-page data sample (its
    first held-out images, loaded with the page)."""
    return f"{ASSETS}/data/{name}-data.js"


def dataset_later_script(name: str, part: str) -> str:
    """A part of a "datasets" entry that a page may load after its first script: "opening" (the
    held-out images demos show or measure at once, with the page unless held back), "held-out"
    (the rest of the held-out images) or "training" (both when a demo asks for them)."""
    return f"{ASSETS}/data/{name}-{part}.js"


def model_zip(model: str) -> str:
    return f"downloads/models/{model}-tfjs.zip"
