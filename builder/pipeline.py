"""The whole chain, once: npm assets, data, training, export, and the files the site ships.

The MkDocs plugin calls prepare() on every build; the CLI reaches it only through MkDocs
(or train_all() for `cnn-demos train`), so there is one implementation of each step.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder import demos as demo_registry
from builder import models as model_registry
from builder.browser_data import browser_dataset
from builder.cache import Cache
from builder.data import Dataset, load_dataset
from builder.demos import SHARED, Demo
from builder.errors import BuildError
from builder.export import ExportedModel, export
from builder.models import ModelSpec
from builder.npm import ensure_node_modules
from builder.train import TrainedModel, TrainOptions, train
from builder.vendor import SITE_ONLY, VENDOR, vendor_site_path

ASSETS = "cnn-demos"  # every file the build adds to the site lives under this folder
DATASETS = {"mnist": browser_dataset}


@dataclass(frozen=True)
class BuildSettings:
    root: Path
    data: Path | None = None
    cache_dir: Path | None = None
    train: TrainOptions = field(default_factory=TrainOptions)

    @property
    def cache(self) -> Cache:
        default = os.environ.get("CNN_DEMOS_CACHE") or self.root / ".cache" / "cnn-demos"
        return Cache(Path(self.cache_dir or default))


@dataclass
class Prepared:
    dataset: Dataset
    demos: dict[str, Demo]
    models: dict[str, ExportedModel]
    files: dict[str, Path]  # site path -> file to copy there


def train_all(settings: BuildSettings, log: Callable[[str], None] = print
              ) -> tuple[Dataset, dict[str, TrainedModel]]:
    node_modules = ensure_node_modules(settings.root, log)
    return _train(settings, node_modules, model_registry.discover(settings.root / "models"), log)


def _train(settings: BuildSettings, node_modules: Path, specs: dict[str, ModelSpec],
           log: Callable[[str], None]) -> tuple[Dataset, dict[str, TrainedModel]]:
    settings.train.validate()
    cache = settings.cache
    dataset = load_dataset(settings.data, node_modules, cache)
    log(f"data: {dataset.describe()}")
    return dataset, {n: train(s, dataset, cache, settings.train, log) for n, s in specs.items()}


def prepare(settings: BuildSettings, log: Callable[[str], None] = print) -> Prepared:
    node_modules = ensure_node_modules(settings.root, log)
    demos = demo_registry.discover(settings.root / "demos")
    specs = model_registry.discover(settings.root / "models")
    for demo in demos.values():
        for name in demo.models:
            if name not in specs:
                raise BuildError(f"{demo.folder / 'demo.json'}: needs model {name!r}, but no "
                                 f"file in models/ defines NAME = {name!r}.")
        for name in demo.datasets:
            if name not in DATASETS:
                raise BuildError(f"{demo.folder / 'demo.json'}: unknown dataset {name!r}; "
                                 f"known: {', '.join(DATASETS)}.")
    dataset, trained = _train(settings, node_modules, specs, log)
    exported = {name: export(t, settings.cache, log) for name, t in trained.items()}

    files: dict[str, Path] = {}
    for key in sorted({*SITE_ONLY, *(k for d in demos.values() for k in d.vendor)}):
        files[vendor_site_path(key)] = VENDOR[key].source(node_modules)
    shared_dir = settings.root / "demos" / SHARED
    for demo in demos.values():
        for name in demo.shared:
            files[f"{ASSETS}/shared/{name}"] = shared_dir / name
        for name in [*demo.scripts, *demo.styles]:
            files[f"{ASSETS}/demos/{demo.name}/{name}"] = demo.folder / name
    for name, model in exported.items():
        files[model_script_path(name)] = model.script
        for f in sorted(model.tfjs_dir.iterdir()):
            files[f"{ASSETS}/models/{name}/{f.name}"] = f
    for name in sorted({n for d in demos.values() for n in d.datasets}):
        files[dataset_script_path(name)] = DATASETS[name](dataset, settings.cache)
    return Prepared(dataset, demos, exported, files)


def model_script_path(name: str) -> str:
    return f"{ASSETS}/models/{name}/{name}.js"


def dataset_script_path(name: str) -> str:
    return f"{ASSETS}/data/{name}-data.js"


def page_assets(demos: list[Demo]) -> tuple[list[str], list[str]]:
    """(scripts, styles) the given demos need on one page, in load order, each once."""
    scripts: list[str] = []
    styles: list[str] = []

    def add(target: list[str], path: str) -> None:
        if path not in target:
            target.append(path)

    vendor_order = list(VENDOR)
    for key in sorted({k for d in demos for k in d.vendor}, key=vendor_order.index):
        add(scripts, vendor_site_path(key))
    for demo in demos:
        for name in demo.models:
            add(scripts, model_script_path(name))
        for name in demo.datasets:
            add(scripts, dataset_script_path(name))
    for demo in demos:
        for name in demo.shared:
            target = styles if name.endswith(".css") else scripts
            add(target, f"{ASSETS}/shared/{name}")
    for demo in demos:
        for name in demo.scripts:
            add(scripts, f"{ASSETS}/demos/{demo.name}/{name}")
        for name in demo.styles:
            add(styles, f"{ASSETS}/demos/{demo.name}/{name}")
    return scripts, styles
