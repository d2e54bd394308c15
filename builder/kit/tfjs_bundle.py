"""TF.js for the pages, bundled from its split npm packages with what the demos use only.

The whole library's script (tf.min.js, 1.47 MB; 1.11 MB in its ES2017 build) carries the graph-
model converter, the data API and the WebGL backend, which most pages never use. The split
packages' own scripts are no help: they register neither the gradients (training) nor the
chained tensor methods (`x.argMax()`); only a bundler can put those in. So esbuild (pinned in
package.json, run from node_modules when the kit is made: after `npm ci` here, and while the
wheel is built, never on an author's machine) bundles two classic scripts that set the global
`tf`:

- tf.min.js: core (with every gradient and chained method), layers and the CPU backend;
- tf-webgl.min.js: the same with the WebGL backend, for the demos that train.

Both land in node_modules/.cnn-demos/, remade when package-lock.json or this file changes.
"""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from builder.errors import BuildError

FOLDER = ".cnn-demos"  # under node_modules: made with it, gone with it
CORE = ("@tensorflow/tfjs-core", "@tensorflow/tfjs-layers", "@tensorflow/tfjs-backend-cpu")
WEBGL = "@tensorflow/tfjs-backend-webgl"
# File name -> the npm packages it carries (the credits page names each).
BUNDLES: dict[str, tuple[str, ...]] = {"tf.min.js": CORE, "tf-webgl.min.js": (*CORE, WEBGL)}
_SIDE_EFFECTS = ("@tensorflow/tfjs-core/dist/register_all_gradients",
                 "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops")


def _entry(packages: tuple[str, ...]) -> str:
    lines = [f"export * from '{p}';" for p in ("@tensorflow/tfjs-core", "@tensorflow/tfjs-layers")]
    lines += [f"import '{m}';" for m in (*_SIDE_EFFECTS, *packages[2:])]
    return "\n".join(lines) + "\n"


def _banner(node_modules: Path, packages: tuple[str, ...]) -> str:
    versions = []
    for package in packages:
        meta = json.loads((node_modules / package / "package.json").read_text())
        versions.append(f"{package} {meta['version']}")
    return (f"/* TensorFlow.js ({', '.join(versions)}), Apache License 2.0, "
            "https://github.com/tensorflow/tfjs; bundled for cnn-demos by esbuild. */")


def _key(node_modules: Path) -> str:
    lock = node_modules.parent / "package-lock.json"
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(lock.read_bytes() if lock.is_file() else b"")
    return digest.hexdigest()


def bundles_current(node_modules: Path) -> bool:
    """Whether the bundles in node_modules were made from this lockfile by this file."""
    made = node_modules / FOLDER / "key.txt"
    return made.is_file() and made.read_text() == _key(node_modules)


def make_bundles(node_modules: Path, log=print) -> None:
    """Bundle TF.js into node_modules/.cnn-demos/ (the caller holds the kit's lock)."""
    out = node_modules / FOLDER
    esbuild = node_modules / ".bin" / "esbuild"
    if not esbuild.exists():
        raise BuildError(f"{esbuild}: missing, so TF.js cannot be bundled for the pages. Delete "
                         "node_modules and build again so `npm ci` reinstalls the pinned packages.")
    log("esbuild: bundling TF.js for the pages ...")
    work = node_modules / f"{FOLDER}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    for name, packages in BUNDLES.items():
        result = subprocess.run(
            [str(esbuild), "--bundle", "--minify", "--format=iife", "--global-name=tf",
             "--target=es2017", "--legal-comments=none", f"--banner:js={_banner(node_modules, packages)}",
             f"--outfile={work / name}", "--log-level=error"],
            input=_entry(packages), cwd=node_modules.parent, capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"esbuild could not bundle TF.js ({name}): {result.stderr.strip()[-2000:]}")
    (work / "key.txt").write_text(_key(node_modules))
    shutil.rmtree(out, ignore_errors=True)
    work.rename(out)  # whole or not at all
