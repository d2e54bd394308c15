"""Third-party browser files the site ships, each taken from an npm package (never committed).

The key is what a demo's demo.json lists under "vendor"; the credits page reads this table
too, so a library is credited exactly when the site ships it.
"""

from dataclasses import dataclass
from pathlib import Path

from builder import paths
from builder.errors import BuildError


@dataclass(frozen=True)
class VendorFile:
    package: str
    path: str  # inside the package
    site_name: str  # file name under paths.VENDOR_DIR

    def source(self, node_modules: Path) -> Path:
        found = node_modules / self.package / self.path
        if not found.is_file():
            raise BuildError(
                f"{found}: missing from the npm package {self.package}. Delete node_modules "
                "and build again so `npm ci` reinstalls the pinned versions."
            )
        return found


# Load order matters: TensorSpace expects tf, THREE, TWEEN and TrackballControls as globals.
VENDOR: dict[str, VendorFile] = {
    "tfjs": VendorFile("@tensorflow/tfjs", "dist/tf.min.js", "tf.min.js"),
    "tfjs-vis": VendorFile("@tensorflow/tfjs-vis", "dist/tfjs-vis.umd.min.js", "tfjs-vis.umd.min.js"),
    "three": VendorFile("three", "build/three.min.js", "three.min.js"),
    "three-trackball": VendorFile(
        "three", "examples/js/controls/TrackballControls.js", "three-TrackballControls.js"
    ),
    "tween": VendorFile("@tweenjs/tween.js", "src/Tween.js", "tween.js"),
    "tensorspace": VendorFile("tensorspace", "dist/tensorspace.min.js", "tensorspace.min.js"),
    "convnetjs": VendorFile("convnetjs", "build/convnet-min.js", "convnet-min.js"),
    # The file name must contain "iframe-worker": mkdocs-material's offline plugin then
    # keeps our local copy instead of adding its CDN one.
    "iframe-worker": VendorFile("iframe-worker", "shim/index.js", "iframe-worker-shim.js"),
}

SITE_ONLY = ("iframe-worker",)  # shipped on every page, not listed by demos


def vendor_site_path(key: str) -> str:
    return paths.vendor_file(VENDOR[key].site_name)
