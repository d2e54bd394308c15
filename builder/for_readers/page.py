"""The page a notebook widget shows: a demo's standalone page made self-contained
(show_demo.self_contained), with host.js first (the page's side of the widget), the options the
student gave, and the student's own model in place of the site's.

The widget's package carries the site's demo pages and the files they load in its site/ folder,
and site/demos.json (written by builder/pages/widget_wheel.py): for each demo its title, its
options as declared in demo.json, and for each model it reads, the site paths of the model's
script and of its build-time extras.
"""

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

from .demo_options import OptionError, OptionSpec, hidden_parts, parse_specs, parts, resolve
from .show_demo import self_contained

SITE = Path(__file__).with_name("site")
CATALOGUE = "demos.json"
HOST = Path(__file__).with_name("host.js")
_OPTIONS = re.compile(r"data-cnn-options='[^']*'")
_PART = re.compile(r'data-part="([a-z0-9-]+)"( hidden)?')
_META = re.compile(r'<p class="cnn-demo__meta">.*?</p>', re.S)


@functools.cache
def catalogue() -> dict[str, Any]:
    try:
        return json.loads((SITE / CATALOGUE).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuntimeError(f"{SITE / CATALOGUE}: missing ({exc.strerror}). This copy of cnn_demos has no "
                           "demos: install the wheel from the course's offline zip (its wheels/ folder)."
                           ) from None


def demo_entry(name: str) -> dict[str, Any]:
    """The catalogue's entry for a demo; LookupError naming the demos when it has none."""
    found = catalogue().get(name)
    if found is None:
        raise LookupError(f"No demo named {name!r}. The demos are: {', '.join(sorted(catalogue()))}.")
    return found


def specs(name: str) -> dict[str, OptionSpec]:
    return parse_specs(demo_entry(name)["options"], f"{name}'s demo.json")


def options(name: str, given: dict[str, Any]) -> dict[str, Any]:
    """Every option's value, checked as the build checks an embed line; ValueError naming the
    demo and what it takes."""
    try:
        return resolve(specs(name), given)
    except OptionError as exc:
        raise ValueError(f"show({name!r}, ...): {exc}") from None


def page(name: str, values: dict[str, Any], models: dict[str, str] | None = None) -> str:
    """The demo's page with these option values (from options()); models: model name -> its
    classic script (keras_model.model_script) to use instead of the site's. A model of the
    student's leaves out the site model's extras (its training snapshots, its mistakes), which
    describe another network; the demos go on without them."""
    read = demo_entry(name)["models"]
    replaced: dict[str, str | None] = {}
    for model, script in (models or {}).items():
        replaced[read[model]["script"]] = script
        replaced.update(dict.fromkeys(read[model]["extras"]))
    def edit(text: str) -> str:
        text = _with_options(text, specs(name), values)
        if models:
            places = " and ".join(sorted(models))
            note = f"The network: your own, from the notebook (in the {places}'s place)."
            text = _META.sub(f'<p class="cnn-demo__meta">{html.escape(note)}</p>', text)
        return text

    return self_contained(SITE, name, first=[HOST.read_text(encoding="utf-8")], replaced=replaced, edit=edit)


def _with_options(text: str, declared: dict[str, OptionSpec], values: dict[str, Any]) -> str:
    """The options as the build would have rendered them: the root's data-cnn-options, and the
    parts they show or hide."""
    attribute = html.escape(json.dumps(values, sort_keys=True), quote=True)
    text = _OPTIONS.sub(lambda _: f"data-cnn-options='{attribute}'", text, count=1)
    controlled, hidden = parts(declared), set(hidden_parts(declared, values))

    def part(match: re.Match) -> str:
        if match.group(1) not in controlled:
            return match.group(0)
        return f'data-part="{match.group(1)}"' + (" hidden" if match.group(1) in hidden else "")

    return _PART.sub(part, text)
