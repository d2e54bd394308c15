"""The notebook widget's wheel (cnn_demos, distribution cnn-demos-widgets), written into the
site's wheels/ folder beside the wheels of its dependencies (builder/kit/reader_wheels.py), so the
offline zip carries everything `pip install --no-index --find-links cnn-demos-site/wheels
cnn-demos-widgets` needs.

It holds builder/for_readers/ as the package cnn_demos (pure Python and two scripts), and in
cnn_demos/site/ the demos' finished standalone pages with every file they load (the site's own
copies: the same front end, the same trained models) and demos.json, what the widget knows of
each demo (builder/for_readers/page.py). Written by hand rather than by a build backend: its
bytes depend only on what it holds (entries sorted, fixed dates), so the zip stays reproducible.
"""

import base64
import hashlib
import html
import json
import posixpath
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from builder import paths
from builder.cache import Cache
from builder.for_readers import page as widget_page
from builder.for_readers.show_demo import ASSET
from builder.kit.demos import Demo
from builder.reproducible_zip import zip_bytes

SOURCE = Path(__file__).resolve().parents[1] / "for_readers"
PACKAGE = paths.WIDGET_PACKAGE
# Showing demos needs anywidget and NumPy only; converting a student's own model needs what the
# build converts with (pyproject.toml pins the same).
REQUIRES = ["anywidget>=0.9", "numpy>=1.23"]
MODELS_EXTRA = ["tensorflowjs==4.22.0", "tf-keras==2.19.0", "tensorflow==2.19.0", "ydf==0.13.0"]


def wheel_name(version: str) -> str:
    return f"{paths.WIDGET_DISTRIBUTION.replace('-', '_')}-{version}-py3-none-any.whl"


def write(site_dir: Path, demos: Mapping[str, Demo], cache: Cache) -> Path:
    """The wheel, from the finished site (its standalone pages and what they load); cache keeps
    its compressed entries, as the offline zip's (builder/reproducible_zip.py)."""
    version = metadata.version("cnn-demos")
    files = _package_files() | _site_files(site_dir, demos)
    target = site_dir / paths.wheel(wheel_name(version))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_wheel(files, version, cache))
    return target


def _package_files() -> dict[str, bytes]:
    return {f"{PACKAGE}/{p.relative_to(SOURCE).as_posix()}": p.read_bytes()
            for p in sorted(SOURCE.rglob("*")) if p.is_file() and p.suffix in (".py", ".js")}


def _site_files(site_dir: Path, demos: Mapping[str, Demo]) -> dict[str, bytes]:
    """Each demo's standalone page and every file it loads, and the catalogue of demos."""
    site_paths: set[str] = set()
    for name in demos:
        standalone = paths.standalone_page(name)
        site_paths.add(standalone)
        for match in ASSET.finditer((site_dir / standalone).read_text(encoding="utf-8")):
            src = html.unescape(match.group("script") or match.group("style") or match.group("preloaded"))
            site_paths.add(posixpath.normpath(posixpath.join(posixpath.dirname(standalone), src)))
    files = {f"{PACKAGE}/site/{p}": (site_dir / p).read_bytes() for p in sorted(site_paths)}
    catalogue = {name: {
        "title": demo.title,
        "options": json.loads((demo.folder / "demo.json").read_text(encoding="utf-8")).get("options", {}),
        "models": {m: {"script": paths.model_script(m),
                       "extras": [paths.model_extra(m, e) for e in demo.model_extras]} for m in demo.models},
    } for name, demo in sorted(demos.items())}
    listing = json.dumps(catalogue, indent=1, sort_keys=True)
    files[f"{PACKAGE}/site/{widget_page.CATALOGUE}"] = listing.encode()
    return files


def _wheel(files: dict[str, bytes], version: str, cache: Cache) -> bytes:
    dist_info = f"{paths.WIDGET_DISTRIBUTION.replace('-', '_')}-{version}.dist-info"
    requires = [f"Requires-Dist: {r}" for r in REQUIRES]
    requires += ["Provides-Extra: models"] + [f'Requires-Dist: {r}; extra == "models"' for r in MODELS_EXTRA]
    files = dict(files)
    files[f"{dist_info}/METADATA"] = "\n".join([
        "Metadata-Version: 2.1", f"Name: {paths.WIDGET_DISTRIBUTION}", f"Version: {version}",
        "Summary: The CNN course's demos as notebook widgets (JupyterLab, Notebook 7, marimo), offline.",
        "Requires-Python: >=3.10", *requires, ""]).encode()
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: cnn-demos\nRoot-Is-Purelib: true\n"
                                   b"Tag: py3-none-any\n")
    files[f"{dist_info}/top_level.txt"] = f"{PACKAGE}\n".encode()
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in sorted(files.items())]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    names = sorted(files, key=lambda n: (n.startswith(dist_info), n))  # dist-info last
    return zip_bytes([(name, files[name]) for name in names], cache)


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
