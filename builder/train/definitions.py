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
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from builder.cache import file_digest
from builder.errors import BuildError

REQUIRED_TRAINING = ("epochs", "batch_size", "learning_rate", "seed")
# What tensorflowjs 4.22 accepts as a quantisation dtype (the keys of
# tensorflowjs.quantization.QUANTIZATION_OPTION_TO_DTYPES; tests/test_export.py checks).
QUANTIZE_CHOICES = ("float16", "uint8", "uint16")
EXPORT_KEYS = ("quantize", "mistakes", "units", "map")
FULL_SIZE_KEYS = ("epochs", "batch_size", "learning_rate", "augment")  # what TRAINING["full_size"] may change


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
        raise BuildError(f"{path}: fails to load: {type(exc).__name__}: {exc}") from exc
    for attr in ("NAME", "TRAINING", "build"):
        if not hasattr(module, attr):
            raise BuildError(f"{path}: defines no {attr}; a model definition needs NAME, "
                             "TRAINING and build(keras).")
    missing = [k for k in REQUIRED_TRAINING if k not in module.TRAINING]
    if missing:
        raise BuildError(f"{path}: TRAINING lacks {', '.join(missing)}.")
    full = module.TRAINING.get("full_size", {})
    if not isinstance(full, dict) or set(full) - set(FULL_SIZE_KEYS):
        raise BuildError(f"{path}: TRAINING[\"full_size\"] must be a dict of settings for a large "
                         f"train split, with keys among {', '.join(FULL_SIZE_KEYS)}; got {full!r}.")
    export = dict(getattr(module, "EXPORT", {}))
    _check_export(path, export)
    return ModelSpec(module.NAME, path, module, dict(module.TRAINING), export)


def _check_export(path: Path, export: dict[str, Any]) -> None:
    unknown = sorted(set(export) - set(EXPORT_KEYS))
    if unknown:
        raise BuildError(f"{path}: EXPORT has unknown keys {unknown}; known: {', '.join(EXPORT_KEYS)}.")
    quantize = export.get("quantize")
    if quantize is not None and quantize not in QUANTIZE_CHOICES:
        raise BuildError(f"{path}: EXPORT quantize {quantize!r} is not one tensorflowjs knows; "
                         f"use one of {', '.join(QUANTIZE_CHOICES)}, or leave it out for float32.")


def discover(models_dir: Path) -> dict[str, ModelSpec]:
    specs = [load_spec(p) for p in sorted(models_dir.glob("*.py")) if not p.name.startswith("_")]
    by_name: dict[str, ModelSpec] = {}
    for s in specs:
        if s.name in by_name:
            raise BuildError(f"{s.path}: NAME {s.name!r} is also used by {by_name[s.name].path}.")
        by_name[s.name] = s
    return by_name
