"""Model definitions (models/*.py), read without importing TensorFlow.

A definition module has NAME, TRAINING (a dict of settings; "snapshots" lists epochs whose
weights are kept, builder/train/snapshots.py), optional EXPORT ("quantize": a dtype; "mistakes":
True to list the held-out digits it misreads, builder/export/mistakes.py; "units": True for each
unit's strongest and weakest held-out examples, builder/export/units.py; "map": True for the
held-out sample mapped in two dimensions per layer and snapshot, builder/export/layer_map.py), and a
`build(keras)` function that receives tf_keras and returns an uncompiled model. It may also
have `export_model(model, keras)` returning the model to convert (e.g. with extra outputs).
"""

import importlib.util
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from builder.cache import file_digest
from builder.errors import BuildError, one_line

REQUIRED_TRAINING = ("epochs", "batch_size", "learning_rate", "seed")
# What tensorflowjs 4.22 accepts as a quantisation dtype (the keys of
# tensorflowjs.quantization.QUANTIZATION_OPTION_TO_DTYPES; tests/test_export.py checks).
QUANTIZE_CHOICES = ("float16", "uint8", "uint16")
EXPORT_KEYS = ("quantize", "mistakes", "units", "map")
FULL_SIZE_KEYS = ("epochs", "batch_size", "learning_rate", "augment")  # what TRAINING["full_size"] may change
# The settings training reads as numbers: their types, and how a message says them.
SETTING_TYPES = {
    "epochs": (int, "a whole number, 1 or more"),
    "batch_size": (int, "a whole number, 1 or more"),
    "learning_rate": ((int, float), "a number above 0"),
    "seed": (int, "a whole number"),
}
NAME = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class ModelSpec:
    name: str
    path: Path
    module: ModuleType
    training: dict[str, Any]
    export: dict[str, Any] = field(default_factory=dict)

    @property
    def extras(self) -> tuple[str, ...]:
        """The build-time scripts its export writes beside the model (builder/export/tfjs.py)."""
        return tuple(k for k, on in (("snapshots", self.training.get("snapshots")),
                                     *((k, self.export.get(k)) for k in ("mistakes", "units", "map"))) if on)

    @property
    def digest(self) -> str:
        return file_digest(self.path)


def load_spec(path: Path) -> ModelSpec:
    spec = importlib.util.spec_from_file_location(f"cnn_demos_models.{path.stem}", path)
    if spec is None or spec.loader is None:
        raise BuildError(f"{path}: cannot be loaded as a Python module.")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the author's file: report it, whatever it raised
        raise BuildError(f"{path}: fails to load: {type(exc).__name__}: {one_line(exc)}") from exc
    for attr in ("NAME", "TRAINING", "build"):
        if not hasattr(module, attr):
            raise BuildError(f"{path}: defines no {attr}; a model definition needs NAME, "
                             "TRAINING and build(keras).")
    if not isinstance(module.NAME, str) or not NAME.fullmatch(module.NAME):
        raise BuildError(f"{path}: NAME = {_short(module.NAME)}; it must be a string of letters, digits, "
                         "- and _ (demo.json's \"models\" names it).")
    if not callable(module.build):
        raise BuildError(f"{path}: build is {_short(module.build)}, not a function; define "
                         "build(keras) returning the model.")
    _check_training(path, module.TRAINING)
    export = getattr(module, "EXPORT", {})
    if not isinstance(export, dict):
        raise BuildError(f"{path}: EXPORT = {_short(export)}; it must be a dict (keys among "
                         f"{', '.join(EXPORT_KEYS)}), or left out.")
    export = dict(export)
    _check_export(path, export)
    return ModelSpec(module.NAME, path, module, dict(module.TRAINING), export)


def _check_training(path: Path, training: Any) -> None:
    """TRAINING's required settings, each of the type training needs, and its full_size."""
    if not isinstance(training, dict):
        raise BuildError(f"{path}: TRAINING = {_short(training)}; it must be a dict of settings "
                         f"({', '.join(REQUIRED_TRAINING)}, ...).")
    missing = [k for k in REQUIRED_TRAINING if k not in training]
    if missing:
        raise BuildError(f"{path}: TRAINING lacks {', '.join(missing)}.")
    full = training.get("full_size", {})
    if not isinstance(full, dict) or set(full) - set(FULL_SIZE_KEYS):
        raise BuildError(f"{path}: TRAINING[\"full_size\"] must be a dict of settings for a large "
                         f"train split, with keys among {', '.join(FULL_SIZE_KEYS)}; got {_short(full)}.")
    for where, settings in (("TRAINING", training), ("TRAINING[\"full_size\"]", full)):
        for key in set(settings) & set(SETTING_TYPES):
            kinds, what = SETTING_TYPES[key]
            value = settings[key]
            if isinstance(value, bool) or not isinstance(value, kinds) or not _in_range(key, value):
                raise BuildError(f"{path}: {where}[{key!r}] = {_short(value)}; it must be {what}.")


def _in_range(key: str, value: int | float) -> bool:
    return key == "seed" or (value > 0 and math.isfinite(value))


def _short(value: Any) -> str:
    """A value as a message shows it: its repr on one line, cut short."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _check_export(path: Path, export: dict[str, Any]) -> None:
    unknown = sorted(repr(k) for k in set(export) - set(EXPORT_KEYS))
    if unknown:
        raise BuildError(f"{path}: EXPORT has unknown keys {', '.join(unknown)}; "
                         f"known: {', '.join(EXPORT_KEYS)}.")
    quantize = export.get("quantize")
    if quantize is not None and quantize not in QUANTIZE_CHOICES:
        raise BuildError(f"{path}: EXPORT quantize {_short(quantize)} is not one tensorflowjs knows; "
                         f"use one of {', '.join(QUANTIZE_CHOICES)}, or leave it out for float32.")


def discover(models_dir: Path) -> dict[str, ModelSpec]:
    specs = [load_spec(p) for p in sorted(models_dir.glob("*.py")) if not p.name.startswith("_")]
    by_name: dict[str, ModelSpec] = {}
    for s in specs:
        if s.name in by_name:
            raise BuildError(f"{s.path}: NAME {s.name!r} is also used by {by_name[s.name].path}.")
        by_name[s.name] = s
    return by_name
