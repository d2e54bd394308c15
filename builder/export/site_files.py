"""Which files the site ships, and which of them one page loads.

The site gets every vendor file a demo lists (and those every page needs), each demo's own
scripts and styles, the shared files demos list, the exported models, the dataset script and
the script naming the dataset's classes.
A page loads only what the demos it embeds need, in load order, each file once.
"""

from dataclasses import dataclass
from pathlib import Path

from builder import paths
from builder.export import ExportedModel
from builder.kit.demos import QUESTION_FILES, Demo
from builder.kit.vendor import SITE_ONLY, VENDOR, for_one_page, vendor_site_path, with_needs


def site_files(node_modules: Path, shared_dir: Path, demos: dict[str, Demo],
               models: dict[str, ExportedModel], datasets: dict[str, tuple[Path, Path, Path, Path]],
               class_names: Path) -> dict[str, Path]:
    """site path -> the file to copy there."""
    files: dict[str, Path] = {paths.CLASS_NAMES: class_names}
    for key in with_needs([*SITE_ONLY, *(k for d in demos.values() for k in d.vendor)]):
        files[vendor_site_path(key)] = VENDOR[key].source(node_modules)
    for name in QUESTION_FILES:
        files[paths.shared_file(name)] = shared_dir / name
    for demo in demos.values():
        for name in demo.shared:
            files[paths.shared_file(name)] = shared_dir / name
        for name in [*demo.scripts, *demo.styles]:
            files[paths.demo_file(demo.name, name)] = demo.folder / name
    for name, model in models.items():
        files[paths.model_script(name)] = model.script
        for f in model.tfjs_files():
            files[f"{paths.model_dir(name)}/{f.name}"] = f
        files[paths.model_zip(name)] = model.zip
        for extra, script in model.extras().items():
            files[paths.model_extra(name, extra)] = script
    for name, (first, opening, held_out, training) in datasets.items():
        files[paths.dataset_script(name)] = first
        files[paths.dataset_later_script(name, "opening")] = opening
        files[paths.dataset_later_script(name, "held-out")] = held_out
        files[paths.dataset_later_script(name, "training")] = training
    return files


@dataclass(frozen=True)
class PageAssets:
    scripts: list[str]  # loaded with the page, in order
    styles: list[str]
    later: dict[str, str]  # name -> script the page loads when a demo asks (CnnDemos.loadLater)


def page_assets(demos: list[Demo], questions: bool = False) -> PageAssets:
    """What the given demos, and the page's questions if it has any, need on one page, in load
    order, each once."""
    scripts: list[str] = []
    styles: list[str] = []
    later: dict[str, str] = {}

    def add(target: list[str], path: str) -> None:
        if path not in target:
            target.append(path)

    def place(name: str, path: str, at_once: bool) -> None:
        """A script with the page, or held back for CnnDemos.loadLater(name)."""
        if at_once:
            add(scripts, path)
        else:
            later[name] = path

    if demos or questions:  # first: any demo's script may ask for a class's name
        add(scripts, paths.CLASS_NAMES)
    # A library, model, model extra or a sample's opening images is held back only if every demo
    # that lists it says load_later.
    eager = for_one_page(k for d in demos for k in d.vendor if k not in d.load_later)
    held = set(eager) | {r for k in eager for r in VENDOR[k].replaces}
    for key in eager:
        add(scripts, vendor_site_path(key))
    for key in for_one_page(k for d in demos for k in d.vendor if k in d.load_later):
        if key not in held:
            later[key] = vendor_site_path(key)
    eager_models = {m for d in demos for m in d.models if m not in d.load_later}
    eager_extras = {(m, e) for d in demos for m in d.models for e in d.model_extras if e not in d.load_later}
    eager_openings = {f"{n}-opening" for d in demos for n in d.datasets if f"{n}-opening" not in d.load_later}
    for demo in demos:
        for name in demo.models:
            place(name, paths.model_script(name), name in eager_models)
            for extra in demo.model_extras:
                place(f"{name}-{extra}", paths.model_extra(name, extra), (name, extra) in eager_extras)
        for name in demo.datasets:
            add(scripts, paths.dataset_script(name))
            for part in ("opening", "held-out", "training"):  # held-out and training: always later
                key = f"{name}-{part}"
                place(key, paths.dataset_later_script(name, part), key in eager_openings)
    for name in [s for demo in demos for s in demo.shared] + list(QUESTION_FILES if questions else ()):
        add(styles if name.endswith(".css") else scripts, paths.shared_file(name))
    for demo in demos:
        for name in demo.scripts:
            add(scripts, paths.demo_file(demo.name, name))
        for name in demo.styles:
            add(styles, paths.demo_file(demo.name, name))
    return PageAssets(scripts, styles, later)
