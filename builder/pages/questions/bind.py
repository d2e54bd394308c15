"""A question block bound to the quantity it asks about: every field checked against the demo's
demo.json (builder/kit/quantities.py), with messages that name the page and line.

The fields (docs/authors.md, "Questions the demos answer"):

| field | needed | what it is |
| --- | --- | --- |
| name | yes | the question's name, unique in the course: lower-case words joined by hyphens |
| demo | yes | the demo whose quantity answers it |
| quantity | yes | one of the quantities that demo exposes |
| answer | yes | slider, number, choice or sketch: how the learner answers |
| at | for one point of a series | the x value (a shift, a layer's name) |
| when | no | conditions a live measurement must have been made under (the quantity's context) |
| min, max, step | no | the slider's (or sketch's) range; in percent for a fraction |
| choices | for choice | the choices (a category's values by default) |
| explain | no | the author's one-line explanation, shown once the learner has said why |

A quantity measured live needs its demo on the same page; one computed by the build does not
(the summary page asks about LeNet without showing it).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from builder.kit.quantities import NAME, QuantitySpec
from builder.pages.questions.measures import Measured
from builder.pages.questions.syntax import QuestionBlock, QuestionSyntaxError

ANSWERS = ("slider", "number", "choice", "sketch")
FIELDS = ("name", "demo", "quantity", "answer", "at", "when", "min", "max", "step", "choices", "explain")
REQUIRED = ("name", "demo", "quantity", "answer")
NUMERIC = ("fraction", "count", "number")


@dataclass(frozen=True)
class Bound:
    """A checked question, with all its page needs (as JSON, for demos/_shared/questions.js)."""
    block: QuestionBlock
    spec: QuantitySpec
    widget: dict[str, Any]

    @property
    def name(self) -> str:
        return self.widget["name"]


@dataclass(frozen=True)
class Embedded:
    """A demo embedded on the page: its name, its line and its root's id."""
    name: str
    line: int
    id: str


def bind(block: QuestionBlock, quantities: Mapping[str, Mapping[str, QuantitySpec]],
         on_page: list[Embedded], measure: Callable[[str, QuantitySpec], Measured],
         classes: list[str]) -> Bound:
    """The question checked against the demos (each demo's quantities), the demos on its page and
    the build's measurements; QuestionSyntaxError (with the line) when something is wrong."""
    f = block.fields

    def bad(field: str, message: str) -> QuestionSyntaxError:
        return QuestionSyntaxError(block.line_of(field), f"question {f.get('name', block.text)!r}: {message}")

    unknown = [k for k in f if k not in FIELDS]
    if unknown:
        raise bad(unknown[0], f"unknown field {unknown[0]!r}. A question takes: {', '.join(FIELDS)}.")
    missing = [k for k in REQUIRED if k not in f]
    if missing:
        raise QuestionSyntaxError(block.line, f"question {block.text!r} needs the field"
                                  f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}.")
    if not isinstance(f["name"], str) or not NAME.fullmatch(f["name"]):
        raise bad("name", "name must be lower-case words joined by hyphens (it names the learner's "
                  "kept answers, so keep it once chosen).")
    demo, name = f["demo"], f["quantity"]
    if demo not in quantities:
        raise bad("demo", f"unknown demo {demo!r}. Known demos: {', '.join(sorted(quantities))}.")
    exposed = quantities[demo]
    if name not in exposed:
        listing = "; ".join(s.describe() for s in exposed.values()) or "nothing"
        raise bad("quantity", f"demo {demo!r} exposes no quantity {name!r}. It exposes: {listing}.")
    spec = exposed[name]
    target = _target(block, demo, on_page)
    if spec.live and target is None:
        here = ", ".join(dict.fromkeys(e.name for e in on_page)) or "none"
        raise bad("demo", f"demo {demo!r} is not on this page (its demos: {here}), and {name!r} is "
                  f"measured in the page by that demo: embed it here with {{{{ demo(\"{demo}\") }}}}.")
    if f["answer"] not in ANSWERS:
        raise bad("answer", f"answer {f['answer']!r} is not one of {', '.join(ANSWERS)}.")
    measured = None if spec.live else measure(demo, spec)
    widget = {
        "name": f["name"], "text": block.text, "demo": demo, "quantity": name, "answer": f["answer"],
        "description": spec.description, "live": spec.live, "target": target or "",
        "revealed_by": list(spec.revealed_by), "unit": spec.unit, "type": spec.value_type,
        "explain": _text(f, "explain", bad),
    }
    widget["when"] = _when(f, spec, bad)
    value = measured.value if measured else None
    x_values = [x for x, _ in value] if measured and spec.type == "series" else list(spec.x)
    if f["answer"] == "sketch" and "at" in f:
        raise bad("at", "a sketch answers a whole series: leave out at, which asks about one point.")
    if spec.type == "series" and f["answer"] != "sketch":
        if "at" not in f:
            raise bad("answer", f"{name!r} is a series by {spec.x_label or 'x'}: answer it with a sketch, "
                      f"or give at: one of {', '.join(map(str, x_values))} to ask about one point.")
        at = next((x for x in x_values if str(x) == str(f["at"])), None)
        if at is None:
            raise bad("at", f"at: {f['at']!r} is not one of {name!r}'s x values: "
                      f"{', '.join(map(str, x_values))}.")
        widget["at"] = at
        if measured:
            value = dict((str(x), y) for x, y in value)[str(at)]
    elif "at" in f:
        raise bad("at", f"at is for a point of a series, and {name!r} is a {spec.type}.")
    if f["answer"] == "sketch":
        if spec.type != "series":
            raise bad("answer", f"a sketch answers a whole series, and {name!r} is a {spec.type}.")
        widget.update(x=x_values, x_label=spec.x_label)
    widget.update(_range(f, spec, bad))
    widget["choices"] = _choices(f, spec, classes, bad)
    if measured:
        widget.update(value=value, source=measured.source)
    return Bound(block, spec, widget)


def _target(block: QuestionBlock, demo: str, on_page: list[Embedded]) -> str | None:
    """The embed a question belongs to: the first of its demo after it, else the last before."""
    after = [e for e in on_page if e.name == demo and e.line > block.line]
    before = [e for e in on_page if e.name == demo and e.line < block.line]
    return after[0].id if after else before[-1].id if before else None


def _text(f: dict[str, Any], key: str, bad) -> str:
    value = f.get(key, "")
    if not isinstance(value, str):
        raise bad(key, f"{key} must be text on one line.")
    return value.strip()


def _when(f: dict[str, Any], spec: QuantitySpec, bad) -> dict[str, Any]:
    when = f.get("when", {})
    if not isinstance(when, dict) or any(isinstance(v, dict | list) for v in when.values()):
        raise bad("when", "when must be lines of condition: value, indented under it.")
    for key in when:
        if key not in spec.context:
            takes = "; ".join(f"{k}: {v}" for k, v in spec.context.items())
            raise bad("when", f"{spec.name!r} is not measured with a condition {key!r}. "
                      + (f"Its measurements record: {takes}." if takes else "Its measurements record none."))
    return when


def _number(f: dict[str, Any], key: str, bad) -> float | None:
    value = f.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise bad(key, f"{key} must be a number.")
    return value


def _range(f: dict[str, Any], spec: QuantitySpec, bad) -> dict[str, Any]:
    kind = spec.value_type
    if kind not in NUMERIC:
        for key in ("min", "max", "step"):
            if key in f:
                raise bad(key, f"{key} is for a number, and {spec.name!r} is a {kind}.")
        return {}
    low, high, step = (_number(f, k, bad) for k in ("min", "max", "step"))
    if kind == "fraction":  # answered in percent
        low = 0 if low is None else low
        high = 100 if high is None else high
    else:
        low = spec.min if low is None else low
        high = spec.max if high is None else high
    step = step if step is not None else (1 if kind != "number" else None)
    if f["answer"] in ("slider", "sketch") and (low is None or high is None):
        raise bad("answer", f"a {f['answer']} needs a range: give min and max "
                  f"({spec.name!r} declares none).")
    if low is not None and high is not None and low >= high:
        raise bad("max", f"max ({high}) must be larger than min ({low}).")
    if step is not None and step <= 0:
        raise bad("step", "step must be larger than 0.")
    return {"min": low, "max": high, "step": step}


def _choices(f: dict[str, Any], spec: QuantitySpec, classes: list[str], bad) -> list[Any]:
    kind = spec.value_type
    if f["answer"] != "choice":
        if "choices" in f:
            raise bad("choices", "choices are for answer: choice, and this one is answered with a "
                      f"{f['answer']}.")
        if kind == "category":
            raise bad("answer", f"{spec.name!r} is one of several words: answer it with a choice.")
        return []
    values = classes if spec.values == "classes" else list(spec.values)
    given = f.get("choices")
    if given is None:
        if kind != "category":
            raise bad("answer", "a choice about a number needs choices: a list of numbers"
                      + (" in percent." if kind == "fraction" else "."))
        return values
    if not isinstance(given, list) or len(given) < 2:
        raise bad("choices", "choices must be a list of two or more, such as [a, b, c].")
    if kind == "category":
        strange = [c for c in given if str(c) not in values]
        if strange:
            raise bad("choices", f"{strange[0]!r} is not a value of {spec.name!r}: it can be "
                      f"{', '.join(values)}.")
        return [str(c) for c in given]
    if any(isinstance(c, bool) or not isinstance(c, int | float) for c in given):
        raise bad("choices", f"the choices about {spec.name!r}, a {kind}, must be numbers"
                  + (" (in percent)." if kind == "fraction" else "."))
    if len(set(given)) != len(given):
        raise bad("choices", "each choice must be given once.")
    return given
