"""The chain up to the pages, callable without MkDocs: data, training, export, assets.

prepare() runs it all and returns what a front end needs to render pages: the dataset, the
demos, the exported models and the files the site ships. train_all() stops after training
(`cnn-demos train`). The MkDocs plugin (builder/pages) is one front end over prepare().
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.assets import demos as demo_registry
from builder.assets.demos import SHARED, Demo
from builder.assets.npm import ensure_node_modules
from builder.assets.site_files import site_files
from builder.data import Dataset, load_dataset
from builder.errors import BuildError
from builder.export import ExportedModel, export
from builder.export.dataset_script import dataset_script
from builder.settings import Settings
from builder.train import ModelSpec, TrainedModel, discover, train

Log = Callable[[str], None]
DATASETS = ("mnist",)  # what a demo.json may list under "datasets"


@dataclass
class Prepared:
    dataset: Dataset
    demos: dict[str, Demo]
    models: dict[str, ExportedModel]
    files: dict[str, Path]  # site path -> file to copy there


def train_all(settings: Settings, log: Log = print, force: bool = False
              ) -> tuple[Dataset, dict[str, TrainedModel]]:
    node_modules = ensure_node_modules(settings.root, log)
    return _train(settings, node_modules, discover(settings.root / "models"), log, force)


def prepare(settings: Settings, log: Log = print) -> Prepared:
    node_modules = ensure_node_modules(settings.root, log)
    demos = demo_registry.discover(settings.root / "demos")
    specs = discover(settings.root / "models")
    _check_needs(demos, specs)
    dataset, trained = _train(settings, node_modules, specs, log)
    exported = {name: export(t, settings.cache, log) for name, t in trained.items()}
    datasets = {name: dataset_script(dataset, settings.cache, log)
                for name in sorted({n for d in demos.values() for n in d.datasets})}
    files = site_files(node_modules, settings.root / "demos" / SHARED, demos, exported, datasets)
    return Prepared(dataset, demos, exported, files)


def _check_needs(demos: dict[str, Demo], specs: dict[str, ModelSpec]) -> None:
    for demo in demos.values():
        for name in demo.models:
            if name not in specs:
                raise BuildError(f"{demo.folder / 'demo.json'}: needs model {name!r}, but no "
                                 f"file in models/ defines NAME = {name!r}.")
        for name in demo.datasets:
            if name not in DATASETS:
                raise BuildError(f"{demo.folder / 'demo.json'}: unknown dataset {name!r}; "
                                 f"known: {', '.join(DATASETS)}.")


def _train(settings: Settings, node_modules: Path, specs: dict[str, ModelSpec], log: Log,
           force: bool = False) -> tuple[Dataset, dict[str, TrainedModel]]:
    dataset = load_dataset(settings.data, node_modules, settings.cache)
    log(f"data: {dataset.describe()}")
    options = settings.train_options(force)
    return dataset, {n: train(s, dataset, settings.cache, options, log) for n, s in specs.items()}
