"""The quantities a demo exposes, declared in its demo.json under "quantities": what a question
on a page can be bound to (builder/pages/questions/).

    "quantities": {
      "cnn-accuracy-by-shift": {
        "type": "series", "of": "fraction", "x": [0, 1, 2, 3, 4], "x_label": "pixels moved",
        "description": "the CNN's held-out accuracy on digits moved 0 to 4 pixels",
        "revealed_by": ["test-all"]},
      "conv1-weights": {
        "type": "count", "unit": "weights", "description": "the weights of LeNet's conv1",
        "build": {"model": "lenet", "measure": "layer_weights", "layer": "conv1"}}
    }

A quantity is measured live, in the page (the demo calls CnnDemos.publish), unless it has
"build": then the build computes it from a trained model (builder/pages/questions/measures.py)
and the page states it. Types:

- "fraction": a share from 0 to 1 (an accuracy, a probability), answered in percent;
- "count": a whole number (weights, pixels); "unit" names what is counted;
- "number": any number ("unit" optional; "min" and "max" bound an answer's slider);
- "category": one of "values" (a list of words, or "classes": the dataset's class names);
- "series": numbers by x ("of" is fraction, count or number; "x" lists the x values, which a
  build series takes from the model instead; "x_label" says what x is).

"context" names what a live measurement records besides its value (a stride, a layer): a
question's `when` may ask for a measurement made under given conditions. "revealed_by" lists
the demo's controls (data-action or data-setting names) that show the quantity to the reader:
until a question about it is answered, those controls say so.
"""

import re
from dataclasses import dataclass, field
from typing import Any

TYPES = ("fraction", "count", "number", "category", "series")
SERIES_OF = ("fraction", "count", "number")
# What the build can measure of a trained model: the quantity's type (a series' "of" after it)
# and what the measure needs besides "model".
MEASURES = {
    "parameters": ("count", ()),
    "held_out_accuracy": ("fraction", ()),
    "layer_weights": ("count", ("layer",)),
    "weights_by_layer": ("series of count", ()),
    "receptive_field": ("count", ("layer",)),
    "receptive_field_by_layer": ("series of count", ()),
}
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KEYS = {"type", "description", "unit", "of", "x", "x_label", "values", "min", "max", "context",
        "revealed_by", "build"}


@dataclass(frozen=True)
class QuantitySpec:
    name: str
    type: str
    description: str
    unit: str = ""
    of: str = ""  # a series' values
    x: tuple[Any, ...] = ()  # a live series' x values
    x_label: str = ""
    values: tuple[str, ...] | str = ()  # a category's values, or "classes"
    min: float | None = None
    max: float | None = None
    context: dict[str, str] = field(default_factory=dict)
    revealed_by: tuple[str, ...] = ()
    build: dict[str, Any] | None = None

    @property
    def live(self) -> bool:
        return self.build is None

    @property
    def value_type(self) -> str:
        """The type of one value: a series' "of", else the quantity's own type."""
        return self.of if self.type == "series" else self.type

    def describe(self) -> str:
        """How an error message lists this quantity: name, kind, what it is."""
        kind = f"series of {self.of} by {self.x_label or 'x'}" if self.type == "series" else self.type
        how = "computed by the build" if self.build else "measured in the page"
        return f"{self.name} ({kind}, {how}): {self.description}"


def parse_quantities(declared: Any, where: str, models: list[str]) -> dict[str, QuantitySpec]:
    """demo.json's "quantities" as specs; a bad declaration is a ValueError naming `where`.
    models: the demo's own models, the only ones a build quantity may measure."""
    if not isinstance(declared, dict):
        raise ValueError(f"{where}: \"quantities\" must be an object of quantity name -> declaration.")
    return {name: _parse_one(name, d, where, models) for name, d in declared.items()}


def _parse_one(name: str, d: Any, where: str, models: list[str]) -> QuantitySpec:
    def bad(what: str) -> ValueError:
        return ValueError(f"{where}: quantity {name!r} {what}")

    if not NAME.fullmatch(name):
        raise bad("must be named in lower-case words joined by hyphens (questions write it so).")
    if not isinstance(d, dict) or d.get("type") not in TYPES or not isinstance(d.get("description"), str) \
            or not d["description"].strip():
        raise bad(f"needs \"type\" (one of {', '.join(TYPES)}) and a \"description\" (what it is, in words).")
    unknown = set(d) - KEYS
    if unknown:
        raise bad(f"has unknown keys {sorted(unknown)}; allowed: {sorted(KEYS)}.")
    kind = d["type"]
    if kind == "series" and d.get("of") not in SERIES_OF:
        raise bad(f"of type series needs \"of\": one of {', '.join(SERIES_OF)}.")
    if kind != "series" and ("of" in d or "x" in d):
        raise bad("has \"of\" or \"x\", which only a series takes.")
    values = d.get("values", ())
    if kind == "category":
        if values != "classes" and not (isinstance(values, list) and values
                                        and all(isinstance(v, str) for v in values)):
            raise bad("of type category needs \"values\": a list of words, or \"classes\".")
        values = values if values == "classes" else tuple(values)
    elif "values" in d:
        raise bad("has \"values\", which only a category takes.")
    for key in ("min", "max"):
        if key in d and (isinstance(d[key], bool) or not isinstance(d[key], int | float)):
            raise bad(f"has a \"{key}\" that is not a number.")
    context = d.get("context", {})
    if not isinstance(context, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in context.items()):
        raise bad("has a \"context\" that is not an object of name -> what it is.")
    revealed_by = d.get("revealed_by", [])
    if not isinstance(revealed_by, list) or not all(isinstance(a, str) for a in revealed_by):
        raise bad("has a \"revealed_by\" that is not a list of the demo's data-action or data-setting names.")
    build = d.get("build")
    x = d.get("x", ())
    if build is not None:
        _check_build(build, f"series of {d['of']}" if kind == "series" else kind, models, bad)
        if context or revealed_by or x:
            raise bad("is computed by the build, so it takes no \"context\", \"revealed_by\" or \"x\".")
    elif kind == "series" and not (isinstance(x, list) and x and len(set(map(str, x))) == len(x)):
        raise bad("is a live series, so it needs \"x\": its x values, each once.")
    return QuantitySpec(name, kind, d["description"].strip(), str(d.get("unit", "")), d.get("of", ""),
                        tuple(x), str(d.get("x_label", "")), values, d.get("min"), d.get("max"),
                        dict(context), tuple(revealed_by), build)


def _check_build(build: Any, kind: str, models: list[str], bad) -> None:
    if not isinstance(build, dict) or build.get("measure") not in MEASURES:
        raise bad(f"has a \"build\" that needs \"measure\": one of {', '.join(MEASURES)}.")
    measured, needs = MEASURES[build["measure"]]
    if build.get("model") not in models:
        raise bad(f"is measured from model {build.get('model')!r}, which is not one of the demo's "
                  f"\"models\" ({', '.join(models) or 'none'}).")
    unknown = set(build) - {"measure", "model", *needs}
    missing = [n for n in needs if not isinstance(build.get(n), str)]
    if unknown or missing:
        raise bad(f"has a \"build\" {build['measure']} that takes \"model\""
                  + "".join(f" and \"{n}\"" for n in needs) + " only.")
    if measured != kind:
        raise bad(f"is a {kind}, but {build['measure']} measures a {measured}.")
