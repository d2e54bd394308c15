"""Which files the site ships, and which of them one page loads.

The site gets every vendor file a demo lists (and those every page needs), each demo's own
scripts and styles, the shared files demos list, the exported models, the dataset script and
the script naming the dataset's classes.
A page loads only what the demos it embeds need, in load order, each file once.
"""

from pathlib import Path

from builder import paths
from builder.export import ExportedModel
from builder.kit.demos import QUESTION_FILES, Demo
from builder.kit.vendor import SITE_ONLY, VENDOR, vendor_site_path


def site_files(node_modules: Path, shared_dir: Path, demos: dict[str, Demo],
               models: dict[str, ExportedModel], datasets: dict[str, Path], class_names: Path
               ) -> dict[str, Path]:
    """site path -> the file to copy there."""
    files: dict[str, Path] = {paths.CLASS_NAMES: class_names}
    for key in sorted({*SITE_ONLY, *(k for d in demos.values() for k in d.vendor)}):
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
    for name, script in datasets.items():
        files[paths.dataset_script(name)] = script
    return files


def page_assets(demos: list[Demo], questions: bool = False) -> tuple[list[str], list[str]]:
    """(scripts, styles) the given demos, and the page's questions if it has any, need on one
    page, in load order, each once."""
    scripts: list[str] = []
    styles: list[str] = []

    def add(target: list[str], path: str) -> None:
        if path not in target:
            target.append(path)

    if demos or questions:  # first: any demo's script may ask for a class's name
        add(scripts, paths.CLASS_NAMES)
    vendor_order = list(VENDOR)
    for key in sorted({k for d in demos for k in d.vendor}, key=vendor_order.index):
        add(scripts, vendor_site_path(key))
    for demo in demos:
        for name in demo.models:
            add(scripts, paths.model_script(name))
            for extra in demo.model_extras:
                add(scripts, paths.model_extra(name, extra))
        for name in demo.datasets:
            add(scripts, paths.dataset_script(name))
    for name in [s for demo in demos for s in demo.shared] + list(QUESTION_FILES if questions else ()):
        add(styles if name.endswith(".css") else scripts, paths.shared_file(name))
    for demo in demos:
        for name in demo.scripts:
            add(scripts, paths.demo_file(demo.name, name))
        for name in demo.styles:
            add(styles, paths.demo_file(demo.name, name))
    return scripts, styles
