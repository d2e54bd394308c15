"""Convert a trained model for the browser: a TF.js layers model, a classic script, a zip.

The layers model (model.json + weight shards) is published for download, and zipped for the
downloads page. The classic script carries the same topology and base64 weights in one file,
because pages opened from file:// cannot fetch model.json (Chromium refuses fetch and XHR
there); the page hands them to tf.io.fromMemory.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.cache import Cache, content_key, file_digest
from builder.data import Dataset
from builder.export import dataset_script, layer_map, layer_values, mistakes, snapshot_script, units
from builder.for_readers import classic_script
from builder.reproducible_zip import zip_bytes
from builder.train import TrainedModel

ZIP_NAME = "model.zip"
# Classic scripts beside the model's, when the model has them.
EXTRAS = ("snapshots", "mistakes", "units", "map")
EXPORT_MODULES = (classic_script, dataset_script, layer_map, layer_values, mistakes, snapshot_script, units)
EXPORT_CODE = (Path(__file__), *(Path(m.__file__) for m in EXPORT_MODULES))


@dataclass(frozen=True)
class ExportedModel:
    name: str
    folder: Path
    metrics: dict[str, Any]

    @property
    def tfjs_dir(self) -> Path:
        return self.folder / "tfjs"

    @property
    def script(self) -> Path:
        return self.folder / f"{self.name}.js"

    @property
    def zip(self) -> Path:
        """model.json and its weight files in a folder named after the model."""
        return self.folder / ZIP_NAME

    def extra(self, which: str) -> Path:
        """The script of one of EXTRAS (it exists only if the model has it)."""
        return self.folder / f"{self.name}-{which}.js"

    def extras(self) -> dict[str, Path]:
        return {which: self.extra(which) for which in EXTRAS if self.extra(which).is_file()}

    def tfjs_files(self) -> list[Path]:
        return sorted(self.tfjs_dir.iterdir())

    def stored_dtypes(self) -> list[str]:
        """How the weights are stored in the .bin files, read from model.json (float16 when
        quantised, else the tensors' own dtype)."""
        manifest = json.loads((self.tfjs_dir / "model.json").read_text())
        return sorted({w.get("quantization", {}).get("dtype", w["dtype"])
                       for group in manifest["weightsManifest"] for w in group["weights"]})

    def weight_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.tfjs_dir.glob("*.bin"))


def export(
    trained: TrainedModel, cache: Cache, dataset: Dataset, log: Callable[[str], None] = print
) -> ExportedModel:
    """dataset: the one the model was trained on (its key covers it), for the mistakes."""
    spec = trained.spec
    quantize = spec.export.get("quantize")  # checked against tensorflowjs's choices on load
    key = content_key(trained.key, spec.export, [file_digest(p) for p in EXPORT_CODE])

    def build(work: Path) -> None:
        log(f"{spec.name}: converting to TF.js (weights: {quantize or 'float32'})")
        _convert(trained, quantize, work / "tfjs")
        _write_script(spec.name, work / "tfjs", _public_metrics(trained), work / f"{spec.name}.js")
        _write_zip(spec.name, work / "tfjs", work / ZIP_NAME)
        _write_extras(trained, dataset, cache, quantize, work, log)

    return ExportedModel(spec.name, cache.get_or_build("export", key, build), _public_metrics(trained))


def _public_metrics(trained: TrainedModel) -> dict[str, Any]:
    # Only what is fixed by the inputs: the site must be byte-identical between builds.
    m = trained.metrics
    return {k: m[k] for k in ("held_out_accuracy", "held_out_examples", "parameters",
                              "train_examples", "epochs")}


def _convert(trained: TrainedModel, quantize: str | None, out: Path) -> None:
    from builder.train.tf_runtime import import_tf, import_tfjs

    _, keras = import_tf()
    tfjs = import_tfjs()

    model = keras.models.load_model(trained.keras_path, compile=False)
    reshape = getattr(trained.spec.module, "export_model", None)
    if reshape is not None:
        model = reshape(model, keras)
    dtype_map = {quantize: "*"} if quantize else None
    tfjs.converters.save_keras_model(model, str(out), quantization_dtype_map=dtype_map)


def _write_extras(trained: TrainedModel, dataset: Dataset, cache: Cache, quantize: str | None, out: Path,
                  log: Callable[[str], None]) -> None:
    name, wanted = trained.spec.name, trained.spec.export
    if snapshot_script.write_script(name, trained.folder, out / f"{name}-snapshots.js"):
        log(f"{name}: training snapshots written ({(out / f'{name}-snapshots.js').stat().st_size:,} bytes)")
    if not any(wanted.get(k) for k in ("mistakes", "units", "map")):
        return
    from builder.train.tf_runtime import import_tf

    _, keras = import_tf()

    def fresh():
        return keras.models.load_model(trained.keras_path, compile=False)

    if wanted.get("mistakes"):
        found = mistakes.find(fresh(), dataset, quantize)
        mistakes.write_script(name, found, out / f"{name}-mistakes.js")
        log(f"{name}: {found['wrong']} of {found['held_out_examples']} held-out digits misread")
    if wanted.get("units") or wanted.get("map"):
        page_held_out = dataset_script.held_out_sample(dataset, cache)
    if wanted.get("units"):
        found_units = units.find(fresh(), dataset, quantize, page_held_out)
        units.write_script(name, found_units, out / f"{name}-units.js")
        log(f"{name}: each unit's strongest and weakest held-out examples written "
            f"({(out / f'{name}-units.js').stat().st_size:,} bytes)")
    if wanted.get("map"):
        model = layer_values.as_shipped(fresh(), quantize)
        sets = layer_map.weight_sets(model, trained.folder, trained.metrics["epochs"],
                                     trained.metrics["held_out_accuracy"])
        found = layer_map.find(model, dataset.x_test[page_held_out], sets)
        layer_map.write_script(name, found, out / f"{name}-map.js")
        log(f"{name}: the map of {found['examples']:,} held-out examples at {len(sets)} snapshots written "
            f"({(out / f'{name}-map.js').stat().st_size:,} bytes)")


def _write_script(name: str, tfjs_dir: Path, metrics: dict[str, Any], out: Path) -> None:
    script = classic_script.model_script(name, tfjs_dir, metrics, "the trained model")
    out.write_text(script, encoding="utf-8")


def _write_zip(name: str, tfjs_dir: Path, out: Path) -> None:
    files = sorted(tfjs_dir.iterdir())
    out.write_bytes(zip_bytes([(f"{name}/{path.name}", path.read_bytes()) for path in files]))
