"""The demos: one folder each, described by its demo.json.

demo.json names what the demo needs, in load order: "vendor" libraries (keys of
builder.kit.vendor.VENDOR), trained "models" (model definition NAMEs), "shared" files from
the kit's demos/_shared/, "model_extras" (build-time scripts of its models to load too:
"snapshots", "mistakes", "units", "map"), its own "scripts" and "styles", the Jinja2 "template"
of its embed, the "options" its embed line takes (builder/for_readers/demo_options.py), and the
"quantities" a question can be bound to (builder/kit/quantities.py). "load_later" names those of
its vendor libraries, models and model extras that the page holds back until the demo asks for
them (CnnDemos.loadLater; a held-back model comes with the first CnnDemos.loadModel of it), and
"sample-opening" for a demo that opens on the first held-out image of each class (the rest of
the opening images come with CnnDemos.loadHeldOut): what the reader may never use need not
delay the page.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.errors import BuildError
from builder.for_readers.demo_options import OptionSpec, parse_specs
from builder.kit.quantities import QuantitySpec, parse_quantities
from builder.kit.vendor import VENDOR

SHARED = "_shared"
# The shared files a page with questions loads (builder/pages/questions/), demos or none.
QUESTION_FILES = ("cnn-demos.js", "browser-storage.js", "kept-answers.js", "question-words.js",
                  "question-sketch.js", "questions.js", "answers-page.js", "questions.css")
NAME = re.compile(r"[A-Za-z0-9_-]+")  # what an embed line can name (builder/pages/embeds.py)


@dataclass(frozen=True)
class Demo:
    name: str
    folder: Path
    title: str
    template: str
    vendor: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    model_extras: list[str] = field(default_factory=list)
    load_later: list[str] = field(default_factory=list)  # vendor keys, models, model extras held back
    datasets: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    options: dict[str, OptionSpec] = field(default_factory=dict)
    quantities: dict[str, QuantitySpec] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.options.items()}


def load_demo(folder: Path, shared_dir: Path) -> Demo:
    manifest = folder / "demo.json"
    if not NAME.fullmatch(folder.name):
        raise BuildError(f"{folder}: a demo folder's name is how pages embed it, so it may hold only "
                         "letters, digits, - and _; rename the folder.")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{manifest}: missing; every demo folder needs a demo.json.") from None
    except UnicodeDecodeError as exc:
        raise BuildError(f"{manifest}: not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None
    except ValueError as exc:
        raise BuildError(f"{manifest}: invalid JSON: {exc}") from exc
    _check_shape(manifest, data)
    try:
        data["options"] = parse_specs(data.get("options", {}), str(manifest))
        data["quantities"] = parse_quantities(data.get("quantities", {}), str(manifest),
                                              list(data.get("models", [])))
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    demo = Demo(name=folder.name, folder=folder, **data)
    for key in demo.vendor:
        if key not in VENDOR:
            raise BuildError(f"{manifest}: unknown vendor library {key!r}; "
                             f"known: {', '.join(sorted(VENDOR))}.")
    openings = {f"{name}-opening" for name in demo.datasets}
    for key in demo.load_later:
        lists = [k for k in ("vendor", "models", "model_extras") if key in getattr(demo, k)]
        if key in openings:
            lists.append("datasets")
        if len(lists) != 1:
            raise BuildError(f"{manifest}: \"load_later\" lists {key!r}, which must be in exactly one "
                             f"of its \"vendor\", \"models\" and \"model_extras\", or name a dataset's "
                             f"opening images (\"<dataset>-opening\" with the dataset in its \"datasets\"; "
                             f"it is in {', '.join(lists) or 'none'}).")
    own = [demo.template, *demo.scripts, *demo.styles]
    shared = [shared_dir / s for s in demo.shared]
    for path in [folder / f for f in own] + shared:
        if not path.is_file():
            raise BuildError(f"{manifest}: lists {path.name}, but {path} does not exist.")
    _check_revealed_by(demo, manifest)
    return demo


TEXT_KEYS = ("title", "template")
LIST_KEYS = ("vendor", "models", "model_extras", "load_later", "datasets", "shared", "scripts", "styles")


def _check_shape(manifest: Path, data: Any) -> None:
    """demo.json is an object of the known keys, each of its type: names and file names are
    strings, the lists are lists of strings."""
    if not isinstance(data, dict):
        raise BuildError(f"{manifest}: must hold a JSON object (\"title\", \"template\", ...), "
                         f"not {type(data).__name__}.")
    known = set(Demo.__dataclass_fields__) - {"name", "folder"}
    unknown = set(data) - known
    if unknown:
        raise BuildError(f"{manifest}: unknown keys {sorted(unknown)}; allowed: {sorted(known)}.")
    if "title" not in data or "template" not in data:
        raise BuildError(f"{manifest}: needs a \"title\" and a \"template\".")
    for key in TEXT_KEYS:
        if not isinstance(data[key], str) or not data[key].strip():
            raise BuildError(f"{manifest}: \"{key}\" must be a non-empty string.")
    for key in LIST_KEYS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise BuildError(f"{manifest}: \"{key}\" must be a list of names in quotes, like [\"a\", \"b\"].")


def _check_revealed_by(demo: Demo, manifest: Path) -> None:
    """Each control a quantity names as revealing it is a data-action or data-setting of the
    demo's template."""
    template = (demo.folder / demo.template).read_text(encoding="utf-8")
    for spec in demo.quantities.values():
        for control in spec.revealed_by:
            if f'data-action="{control}"' not in template and f'data-setting="{control}"' not in template:
                raise BuildError(f"{manifest}: quantity {spec.name!r} is revealed_by {control!r}, but "
                                 f'{demo.template} has no data-action="{control}" or '
                                 f'data-setting="{control}".')


def discover(demos_dir: Path, shared_dir: Path) -> dict[str, Demo]:
    """Every demo folder in demos_dir (not _shared/, nor hidden folders)."""
    if not demos_dir.is_dir():
        raise BuildError(f"{demos_dir}: the demos folder is missing.")
    return {
        d.name: load_demo(d, shared_dir)
        for d in sorted(demos_dir.iterdir())
        if d.is_dir() and d.name != SHARED and not d.name.startswith((".", "_"))
    }
