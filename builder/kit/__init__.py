"""The kit: what cnn-demos itself brings to a build, its demos, model definitions and npm files.

Two places hold it. An installed wheel carries it inside the package, under builder/_bundled/
(hatch_build.py puts it there while the wheel is built, npm files included), so an author's
machine needs no Node. A source checkout (an editable install, this repository) uses its own
demos/, models/ and node_modules/, running `npm ci` when node_modules is stale.

The author's own demos_dir and models_dir (builder/settings.py) come on top of the kit.
The kit's inputs live in this package and are read first: npm.py installs the front-end
libraries from package-lock.json, vendor.py names the files the site takes from them, demos.py
reads each demo's demo.json and for_readers/demo_options.py the options its embed line takes;
reader_wheels.py fetches the notebook widget's dependencies pinned in reader-wheels.txt;
new_course.py writes the starter course (starter/) for `cnn-demos new`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.kit.npm import ensure_node_modules

PACKAGE = Path(__file__).resolve().parents[1]  # builder/
BUNDLED = PACKAGE / "_bundled"  # only in a wheel
CHECKOUT = PACKAGE.parent  # the repository, when builder/ is used from a source checkout


@dataclass(frozen=True)
class Kit:
    """root holds demos/ (one folder per demo, and _shared/), models/ (model definitions),
    node_modules/ (the npm files the site ships; in a wheel, only those) and package-lock.json
    (the versions the credits page names), in a wheel as in a checkout."""
    root: Path
    bundled: bool  # True in an installed wheel

    @property
    def demos(self) -> Path:
        return self.root / "demos"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def node_modules(self) -> Path:
        return self.root / "node_modules"

    @property
    def lockfile(self) -> Path:
        return self.root / "package-lock.json"

    def describe(self) -> str:
        return f"the kit bundled in {PACKAGE}" if self.bundled else f"the source checkout {CHECKOUT}"


def locate(log: Callable[[str], None] = print) -> Kit:
    if (BUNDLED / "demos").is_dir():
        return Kit(BUNDLED, bundled=True)
    ensure_node_modules(CHECKOUT, log)
    return Kit(CHECKOUT, bundled=False)
