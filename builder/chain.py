"""The chain up to the pages, callable without a front end: kit, data, training, export.

prepare() runs it all and returns what the page pipeline (builder/pages/site.py) needs: the
dataset, the demos, the exported models and the files the site ships. train_all() stops after
training (`cnn-demos train`).
"""

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from builder import scratch
from builder.cache import Cache
from builder.data import Dataset, load_dataset
from builder.errors import BuildError
from builder.export import ExportedModel, export
from builder.export.class_names import class_names_script
from builder.export.dataset_script import dataset_scripts
from builder.export.site_files import site_files
from builder.export.tensorspace_font import with_cut_font
from builder.kit import Kit, locate
from builder.kit import demos as demo_registry
from builder.kit.demos import SHARED, Demo
from builder.kit.reader_wheels import reader_wheels
from builder.settings import Settings
from builder.train import ModelSpec, TrainedModel, discover, train
from builder.train.fit import found
from builder.train.side_by_side import After, train_side_by_side

Log = Callable[[str], None]
DATASETS = ("sample",)  # what a demo.json may list under "datasets"
# Renamed: the in-page data is a sample of whatever dataset the site is built on.
RENAMED_DATASETS = {"mnist": "sample"}


@dataclass
class Prepared:
    kit: Kit
    dataset: Dataset
    demos: dict[str, Demo]
    models: dict[str, ExportedModel]
    files: dict[str, Path]  # site path -> file to copy there
    cache: Cache  # where the pages keep what they make from unchanged inputs (compressed entries)


def train_all(settings: Settings, log: Log = print, force: bool = False
              ) -> tuple[Dataset, dict[str, TrainedModel]]:
    kit = locate(log)
    return _train(settings, kit, model_specs(kit, settings, log), log, force)


def prepare(settings: Settings, log: Log = print) -> Prepared:
    kit = locate(log)
    log(f"demos and models: {kit.describe()}")
    shared = kit.demos / SHARED
    demos = _with_authors("demo", demo_registry.discover(kit.demos, shared),
                          settings.demos_dir and demo_registry.discover(settings.demos_dir, shared), log)
    specs = model_specs(kit, settings, log)
    _check_needs(demos, specs)
    demos = _available_extras(demos, specs, log)
    with ThreadPoolExecutor(1) as pip:  # a download, mostly waiting: it overlaps the training
        wheels = pip.submit(reader_wheels, settings.cache, log)  # the notebook widget's dependencies
        # A model trained in a child process is exported there too, into the cache.
        dataset, trained = _train(settings, kit, specs, log, after=export)
    exported = {name: export(t, settings.cache, dataset, log) for name, t in trained.items()}
    datasets = {name: dataset_scripts(dataset, settings.cache, log)
                for name in sorted({n for d in demos.values() for n in d.datasets})}
    files = site_files(kit.node_modules, shared, demos, exported, datasets,
                       class_names_script(dataset.identity, settings.cache))
    with_cut_font(files, dataset.identity, settings.cache, log)
    files.update(wheels.result())
    return Prepared(kit, dataset, demos, exported, files, settings.cache)


def model_specs(kit: Kit, settings: Settings, log: Log) -> dict[str, ModelSpec]:
    return _with_authors("model", discover(kit.models),
                         settings.models_dir and discover(settings.models_dir), log)


def _with_authors(what: str, bundled: dict, authors: dict | None, log: Log) -> dict:
    """The bundled demos or models, with the author's added; an author's one replaces a
    bundled one of the same name, and the build says so."""
    merged = dict(bundled)
    for name, own in (authors or {}).items():
        if name in bundled:
            where = own.folder if what == "demo" else own.path
            log(f"{where}: replaces the bundled {what} {name!r}")
        merged[name] = own
    return merged


def _check_needs(demos: dict[str, Demo], specs: dict[str, ModelSpec]) -> None:
    for demo in demos.values():
        for name in demo.models:
            if name not in specs:
                raise BuildError(f"{demo.folder / 'demo.json'}: needs model {name!r}, but no model "
                                 f"definition (bundled or in models_dir) has NAME = {name!r}; known: "
                                 f"{', '.join(sorted(specs))}.")
        for name in demo.datasets:
            if name not in DATASETS:
                renamed = RENAMED_DATASETS.get(name)
                hint = (f" ({name!r} is now {renamed!r}, with sample-data.js in \"shared\" and "
                        "CnnDemos.loadSample())" if renamed else "")
                raise BuildError(f"{demo.folder / 'demo.json'}: unknown dataset {name!r}{hint}; "
                                 f"known: {', '.join(DATASETS)}.")


def _available_extras(demos: dict[str, Demo], specs: dict[str, ModelSpec], log: Log) -> dict[str, Demo]:
    """Each demo with the model_extras its models make. A model that makes fewer (an author's
    own, in place of a bundled one) leaves the demo without that part, and the build says so;
    the demo's code copes with a missing extra (no time-lapse, no list of mistakes, no map)."""
    kept = {}
    for name, demo in demos.items():
        made = [k for k in demo.model_extras if all(k in specs[m].extras for m in demo.models)]
        for extra in sorted(set(demo.model_extras) - set(made)):
            paths = ", ".join(str(specs[m].path) for m in demo.models)
            log(f"{name}: goes without {extra!r}: {paths} does not make it "
                '(TRAINING "snapshots" makes snapshots; EXPORT "mistakes", "units" and "map" make '
                'the others)')
        kept[name] = dataclasses.replace(demo, model_extras=made) if made != demo.model_extras else demo
    return kept


def _train(settings: Settings, kit: Kit, specs: dict[str, ModelSpec], log: Log,
           force: bool = False, after: After | None = None) -> tuple[Dataset, dict[str, TrainedModel]]:
    scratch.sweep()  # the temp folders of killed builds (builder/scratch.py), also when nothing trains
    dataset = load_dataset(settings.data, kit.node_modules, settings.cache, settings.classes)
    log(f"data: {dataset.describe()}")
    options = settings.train_options(force)
    done = train_side_by_side(specs.values(), dataset, settings.cache, options, log, after)
    trained = {}
    for name, spec in specs.items():
        made = found(spec, dataset, settings.cache, options) if name in done else None
        trained[name] = made or train(spec, dataset, settings.cache, options, log)
    return dataset, trained
