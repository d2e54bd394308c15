"""The demos: one folder each under demos/, described by its demo.json.

demo.json names what the demo needs, in load order: "vendor" libraries (keys of
builder.assets.vendor.VENDOR), trained "models" (models/*.py NAMEs), "shared" files from
demos/_shared/, its own "scripts" and "styles", and the Jinja2 "template" of its embed.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from builder.assets.vendor import VENDOR
from builder.errors import BuildError

SHARED = "_shared"


@dataclass(frozen=True)
class Demo:
    name: str
    folder: Path
    title: str
    template: str
    vendor: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)


def load_demo(folder: Path) -> Demo:
    manifest = folder / "demo.json"
    try:
        data = json.loads(manifest.read_text())
    except FileNotFoundError:
        raise BuildError(f"{manifest}: missing; every demo folder needs a demo.json.") from None
    except ValueError as exc:
        raise BuildError(f"{manifest}: invalid JSON: {exc}") from exc
    known = set(Demo.__dataclass_fields__) - {"name", "folder"}
    unknown = set(data) - known
    if unknown:
        raise BuildError(f"{manifest}: unknown keys {sorted(unknown)}; allowed: {sorted(known)}.")
    if "title" not in data or "template" not in data:
        raise BuildError(f"{manifest}: needs a \"title\" and a \"template\".")
    demo = Demo(name=folder.name, folder=folder, **data)
    for key in demo.vendor:
        if key not in VENDOR:
            raise BuildError(f"{manifest}: unknown vendor library {key!r}; "
                             f"known: {', '.join(sorted(VENDOR))}.")
    own = [demo.template, *demo.scripts, *demo.styles]
    shared = [folder.parent / SHARED / s for s in demo.shared]
    for path in [folder / f for f in own] + shared:
        if not path.is_file():
            raise BuildError(f"{manifest}: lists {path.name}, but {path} does not exist.")
    return demo


def discover(demos_dir: Path) -> dict[str, Demo]:
    if not demos_dir.is_dir():
        raise BuildError(f"{demos_dir}: the demos folder is missing.")
    return {
        d.name: load_demo(d)
        for d in sorted(demos_dir.iterdir())
        if d.is_dir() and d.name != SHARED and not d.name.startswith(".")
    }
