"""Third-party browser files the site ships, each taken from an npm package (never committed).

The key is what a demo's demo.json lists under "vendor"; the credits page reads this table
too, so a library is credited exactly when the site ships it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from builder import paths
from builder.errors import BuildError
from builder.kit import tfjs_bundle


@dataclass(frozen=True)
class VendorFile:
    package: str
    path: str  # inside the package
    site_name: str  # file name under paths.VENDOR_DIR
    needs: tuple[str, ...] = ()  # other VENDOR keys that must load before it
    replaces: tuple[str, ...] = ()  # VENDOR keys it holds all of: a page that loads it needs not them
    carries: tuple[str, ...] = ()  # the npm packages bundled in it, when not just `package`

    @property
    def credited(self) -> tuple[str, ...]:
        """The npm packages whose code the file is (the credits page names each)."""
        return self.carries or (self.package,)

    def source(self, node_modules: Path) -> Path:
        found = node_modules / self.package / self.path
        if not found.is_file():
            raise BuildError(
                f"{found}: missing from the npm package {self.package}. Delete node_modules "
                "and build again so `npm ci` reinstalls the pinned versions."
            )
        return found


# TF.js comes as two bundles that the kit makes from its split packages (builder/kit/tfjs_bundle.py):
# core, layers and the CPU backend in one; the same with the WebGL backend in the other, for the
# demos that train. A page loads one of them.
# Load order matters: TensorSpace expects tf, THREE, TWEEN and TrackballControls as globals.
VENDOR: dict[str, VendorFile] = {
    "tfjs": VendorFile(tfjs_bundle.FOLDER, "tf.min.js", "tf.min.js",
                       carries=tfjs_bundle.BUNDLES["tf.min.js"]),
    "tfjs-webgl": VendorFile(tfjs_bundle.FOLDER, "tf-webgl.min.js", "tf-webgl.min.js", replaces=("tfjs",),
                             carries=tfjs_bundle.BUNDLES["tf-webgl.min.js"]),
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
    """The keys with what each needs, in load (VENDOR) order: what the site ships for them."""
    found: set[str] = set()

    def add(key: str) -> None:
        if key not in found:
            found.add(key)
            for need in VENDOR[key].needs:
                add(need)

    for key in keys:
        add(key)
    return [key for key in VENDOR if key in found]


def for_one_page(keys: Iterable[str]) -> list[str]:
    """What one page loads for these keys: with_needs, less any key another one holds all of."""
    found = with_needs(keys)
    held = {r for key in found for r in VENDOR[key].replaces}
    return [key for key in found if key not in held]


def vendor_site_path(key: str) -> str:
    return paths.vendor_file(VENDOR[key].site_name)
