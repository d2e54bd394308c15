"""Third-party browser files the site ships, each taken from an npm package (never committed).

The key is what a demo's demo.json lists under "vendor"; the credits page reads this table
too, so a library is credited exactly when the site ships it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from builder import paths
from builder.errors import BuildError


@dataclass(frozen=True)
class VendorFile:
    package: str
    path: str  # inside the package
    site_name: str  # file name under paths.VENDOR_DIR
    needs: tuple[str, ...] = ()  # other VENDOR keys that must load before it

    def source(self, node_modules: Path) -> Path:
        found = node_modules / self.package / self.path
        if not found.is_file():
            raise BuildError(
                f"{found}: missing from the npm package {self.package}. Delete node_modules "
                "and build again so `npm ci` reinstalls the pinned versions."
            )
        return found


# TF.js's ES2017 build: the same library as tf.min.js for every browser the site supports, with
# native async functions instead of a bundled regenerator runtime, and a quarter smaller
# (1.11 MB against 1.47 MB; 271 KB against 366 KB gzipped). TF.js's split packages would be
# smaller still, but their UMD scripts register neither the gradients (training) nor the
# chained tensor methods (x.argMax()): only the whole library's bundle does.
# Load order matters: TensorSpace expects tf, THREE, TWEEN and TrackballControls as globals.
VENDOR: dict[str, VendorFile] = {
    "tfjs": VendorFile("@tensorflow/tfjs", "dist/tf.es2017.min.js", "tf.es2017.min.js"),
    "tfjs-vis": VendorFile("@tensorflow/tfjs-vis", "dist/tfjs-vis.umd.min.js", "tfjs-vis.umd.min.js",
                           needs=("tfjs",)),
    "three": VendorFile("three", "build/three.min.js", "three.min.js"),
    "three-trackball": VendorFile(
        "three", "examples/js/controls/TrackballControls.js", "three-TrackballControls.js", needs=("three",)
    ),
    "tween": VendorFile("@tweenjs/tween.js", "src/Tween.js", "tween.js"),
    "tensorspace": VendorFile("tensorspace", "dist/tensorspace.min.js", "tensorspace.min.js",
                              needs=("tfjs", "three", "three-trackball", "tween")),
    "convnetjs": VendorFile("convnetjs", "build/convnet-min.js", "convnet-min.js"),
    # The file name must contain "iframe-worker": mkdocs-material's offline plugin then
    # keeps our local copy instead of adding its CDN one.
    "iframe-worker": VendorFile("iframe-worker", "shim/index.js", "iframe-worker-shim.js"),
}

SITE_ONLY = ("iframe-worker",)  # shipped on every page, not listed by demos


def with_needs(keys: Iterable[str]) -> list[str]:
    """The keys with what each needs, in load (VENDOR) order."""
    found: set[str] = set()

    def add(key: str) -> None:
        if key not in found:
            found.add(key)
            for need in VENDOR[key].needs:
                add(need)

    for key in keys:
        add(key)
    return [key for key in VENDOR if key in found]


def vendor_site_path(key: str) -> str:
    return paths.vendor_file(VENDOR[key].site_name)
