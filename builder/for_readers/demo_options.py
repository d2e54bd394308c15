"""The options a demo takes on its embed line, declared in its demo.json under "options".

    "options": {
      "network": {"type": "choice", "choices": ["default", "tiny"], "default": "default",
                  "help": "the network the lab starts with"},
      "hide": {"type": "list", "choices": ["trainer", "layers"], "default": [],
               "help": "parts of the lab to leave out"}
    }

Types: "boolean", "integer" and "number" (with optional "min" and "max"), "string", "choice"
(one of "choices") and "list" (any of "choices", each once). A page gives values as Python
literals: {{ demo("convnetjs-mnist", network="tiny", hide=["trainer"]) }}.

An option may show or hide parts of the demo (elements with data-part="<name>" in its template,
which stay in the page, hidden): a boolean's "shows" lists the parts shown only when it is true;
a list's "hides" maps a part to the choices that, all chosen, hide it. hidden_parts() turns the
values into the parts to hide, for the build's templates and for the notebook widget, which sets
options on a page already built (builder/for_readers/page.py).

This file goes into the notebook widget's package as it is (cnn_demos/demo_options.py), so that
show("name", option=value) is checked as the build checks an embed line: standard library only.
"""

import math
from dataclasses import dataclass
from typing import Any

TYPES = ("boolean", "integer", "number", "string", "choice", "list")


class OptionError(ValueError):
    """A value a page gave that the demo does not take; the caller names the page and line."""


@dataclass(frozen=True)
class OptionSpec:
    name: str
    type: str
    default: Any
    help: str
    choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    shows: tuple[str, ...] = ()  # a boolean's parts, hidden when it is false
    hides: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # a list's (part, choices that hide it)

    def takes(self) -> str:
        if self.type == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.type == "list":
            return "a list of any of " + ", ".join(repr(c) for c in self.choices)
        bounds = [f"from {self.min:g}" if self.min is not None else "",
                  f"to {self.max:g}" if self.max is not None else ""]
        return " ".join(["an" if self.type == "integer" else "a", self.type, *filter(None, bounds)])

    def describe(self) -> str:
        """How an error message lists this option: name, what it takes, its default."""
        return f"{self.name} ({self.takes()}; default {self.default!r}): {self.help}"

    def check(self, value: Any) -> Any:
        """The value, if this option takes it; otherwise OptionError saying what it takes."""
        wrong = OptionError(f"option {self.name}={value!r} is not valid: {self.name} takes {self.takes()}.")
        if self.type == "boolean":
            if not isinstance(value, bool):
                raise wrong
        elif self.type in ("integer", "number"):
            kinds = (int,) if self.type == "integer" else (int, float)
            # Not NaN nor infinity: the page reads options as JSON, which has neither.
            if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
                raise wrong
            if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
                raise wrong
        elif self.type == "string":
            if not isinstance(value, str):
                raise wrong
        elif self.type == "choice":
            if value not in self.choices:
                raise wrong
        elif self.type == "list":
            if not isinstance(value, list | tuple) or any(v not in self.choices for v in value) \
                    or any(v in value[:i] for i, v in enumerate(value)):
                raise wrong
            value = list(value)
        return value


def parse_specs(declared: Any, where: str) -> dict[str, OptionSpec]:
    """demo.json's "options" as specs; a bad declaration is a ValueError naming `where`."""
    if not isinstance(declared, dict):
        raise ValueError(f"{where}: \"options\" must be an object of option name -> declaration.")
    specs = {}
    for name, d in declared.items():
        if not name.isidentifier():
            raise ValueError(f"{where}: option name {name!r} must be a Python identifier (letters, "
                             "digits, _), since pages write it as name=value.")
        if not isinstance(d, dict) or d.get("type") not in TYPES or "default" not in d or "help" not in d:
            raise ValueError(f"{where}: option {name!r} needs \"type\" (one of {', '.join(TYPES)}), "
                             "\"default\" and \"help\".")
        unknown = set(d) - {"type", "default", "help", "choices", "min", "max", "shows", "hides"}
        if unknown:
            raise ValueError(f"{where}: option {name!r} has unknown keys {sorted(unknown)}.")
        choices = d.get("choices", [])
        if d["type"] in ("choice", "list") and not choices:
            raise ValueError(f"{where}: option {name!r} of type {d['type']} needs a \"choices\" list.")
        if not isinstance(choices, list) or not all(isinstance(c, str | int | float) for c in choices):
            raise ValueError(f"{where}: option {name!r}: \"choices\" must be a list of strings or numbers.")
        for bound in ("min", "max"):
            value = d.get(bound)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                      or not math.isfinite(value)):
                raise ValueError(f"{where}: option {name!r}: \"{bound}\" must be a number.")
        spec = OptionSpec(name, d["type"], d["default"], str(d["help"]), tuple(choices),
                          d.get("min"), d.get("max"), *_parts(name, d, where))
        try:
            spec.check(spec.default)
        except OptionError as exc:
            raise ValueError(f"{where}: the default of option {name!r} is not valid: {exc}") from None
        specs[name] = spec
    return specs


def _parts(name: str, d: dict, where: str) -> tuple[tuple, tuple]:
    """An option's "shows" (a boolean's) and "hides" (a list's), checked."""
    shows, hides = d.get("shows", []), d.get("hides", {})
    if not isinstance(shows, list) or shows and (d["type"] != "boolean"
                                                 or not all(isinstance(p, str) for p in shows)):
        raise ValueError(f"{where}: option {name!r}: \"shows\" is for a boolean, a list of part names.")
    if not isinstance(hides, dict) or hides and (d["type"] != "list" or not all(
            isinstance(c, list) and c and all(isinstance(x, str | int | float) for x in c)
            and set(c) <= set(d.get("choices", ())) for c in hides.values())):
        raise ValueError(f"{where}: option {name!r}: \"hides\" is for a list, an object of part name -> "
                         "the choices that hide it.")
    return tuple(shows), tuple((part, tuple(c)) for part, c in sorted(hides.items()))


def parts(specs: dict[str, OptionSpec]) -> set[str]:
    """Every part that some option shows or hides."""
    return {p for s in specs.values() for p in s.shows} | {p for s in specs.values() for p, _ in s.hides}


def hidden_parts(specs: dict[str, OptionSpec], values: dict[str, Any]) -> list[str]:
    """The parts the options' values hide (values as resolve() gives them), sorted."""
    hidden = set()
    for name, spec in specs.items():
        if spec.shows and values[name] is False:
            hidden.update(spec.shows)
        hidden.update(part for part, choices in spec.hides if set(choices) <= set(values[name] or ()))
    return sorted(hidden)


def resolve(specs: dict[str, OptionSpec], given: dict[str, Any]) -> dict[str, Any]:
    """Every option's value: the page's, checked, or the default. OptionError on a bad one."""
    unknown = sorted(set(given) - set(specs))
    if unknown:
        takes = ("It takes: " + "; ".join(s.describe() for s in specs.values())) if specs \
            else "It takes no options."
        raise OptionError(f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}. {takes}")
    return {name: spec.check(given[name]) if name in given else spec.default
            for name, spec in specs.items()}
