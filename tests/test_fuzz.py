"""Fuzzed input files never escape as tracebacks (property-based, with Hypothesis).

Every parser of what an author hands the build is fed generated files and values: IDX files
(headers, counts, truncations, wrong magic numbers, huge dimensions, gzip damage),
classes.txt, .ipynb notebooks, jupytext headers, embed lines and their options, demo.json,
model definition files and the plugin's mkdocs.yml options. Each case must give a well-formed
result (what the build goes on with) or stop with our one error: a BuildError whose message
is one line and names the file (and the line, where there is one). IDX reading is also watched
with tracemalloc: it may never allocate in proportion to a count it has not checked (a 1 KB
file whose header claims 4 billion images).

CNN_DEMOS_FUZZ_EXAMPLES sets the cases per property (default 150 here; the benchmark,
benchmarks/bench_fuzz.py, runs 1,000 each with a random seed it prints). The suite's runs are
derandomized, so they are the same at every run.
"""

import gzip
import json
import math
import os
import struct
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import settings as build_settings
from builder.data.classes import CLASS_COUNT, MAX_NAME, read_classes_file
from builder.data.idx import IMAGES_MAGIC, LABELS_MAGIC, read_pair
from builder.errors import BuildError
from builder.kit.demos import SHARED, Demo, discover, load_demo
from builder.pages import notebooks
from builder.pages.embeds import transform
from builder.train.definitions import REQUIRED_TRAINING, load_spec

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("CNN_DEMOS_FUZZ_EXAMPLES", 150))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="CNN_DEMOS_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])
CASES: Counter = Counter()  # (parser, "built" or "refused") -> cases; the benchmark prints them
KIT_DEMOS = discover(ROOT / "demos", ROOT / "demos" / SHARED)
OPTIONS = {name: demo.options for name, demo in KIT_DEMOS.items()}
PLACEHOLDERS = ("credits", "downloads")


def outcome(parser: str, run: Callable[[], Any], *named: str) -> Any:
    """run()'s result, or None when it stopped with our error: one line that names each of named."""
    try:
        result = run()
    except BuildError as exc:
        message = str(exc)
        assert "\n" not in message, f"a message of more than one line: {message!r}"
        for name in named:
            assert name in message, f"{name!r} not named in {message!r}"
        CASES[parser, "refused"] += 1
        return None
    CASES[parser, "built"] += 1
    return result


def fresh(folder: Path) -> Path:
    """An empty folder (Hypothesis runs many cases in one test's tmp_path)."""
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Text with what breaks parsers: line ends of every kind, NUL, quotes, braces, non-ASCII.
any_char = st.characters(codec="utf-8", exclude_categories=("Cs",))
awkward_text = st.text(any_char, max_size=80) | st.sampled_from(
    ["", "\x00", "\r\n", "\u2028", "\ufeff", "{{", "}}", "\"", "'", "</script>", "---", "...", "\t"])


# --- IDX files -------------------------------------------------------------------------------

U32 = st.integers(0, 2**32 - 1)


@st.composite
def idx_file(draw, kind: str) -> tuple[bytes, int, bool]:
    """The bytes of an IDX file of `kind` ("images" or "labels"), sound or damaged, the length
    of its uncompressed contents (what reading it may cost), and whether it is gzipped."""
    magic = draw(st.sampled_from([IMAGES_MAGIC, LABELS_MAGIC]) | U32) if draw(st.booleans()) else \
        (IMAGES_MAGIC if kind == "images" else LABELS_MAGIC)
    dims = (draw(st.just((28, 28)) | st.tuples(U32, U32) | st.tuples(st.integers(0, 30), st.integers(0, 30)))
            if kind == "images" else ())
    count = draw(st.integers(0, 12) | st.sampled_from([2**32 - 1, 10**9, 2**31]) | U32)
    header = struct.pack(">II", magic, count) + b"".join(struct.pack(">I", d) for d in dims)
    per_item = 28 * 28 if kind == "images" else 1
    promised = count * per_item if count <= 12 else draw(st.integers(0, 12)) * per_item
    length = draw(st.just(promised) | st.integers(0, promised + 2 * per_item))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    top = 256 if kind == "images" or draw(st.booleans()) else 10  # labels mostly 0-9
    data = header + rng.integers(0, top, length, dtype=np.uint8).tobytes()
    cut = draw(st.none() | st.integers(0, len(data)))
    if cut is not None and draw(st.booleans()):
        data = data[:cut]
    raw_length = len(data)
    if draw(st.booleans()):
        data = gzip.compress(data, mtime=0)
        damage = draw(st.sampled_from(["none", "cut", "flip"]))
        if damage == "cut":
            data = data[: draw(st.integers(0, len(data)))]
        elif damage == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        return data, raw_length, True
    return data, raw_length, False


@st.composite
def sound_idx_file(draw, kind: str, count: int) -> tuple[bytes, int, bool]:
    magic, dims = (IMAGES_MAGIC, (28, 28)) if kind == "images" else (LABELS_MAGIC, ())
    header = struct.pack(">II", magic, count) + b"".join(struct.pack(">I", d) for d in dims)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    data = header + rng.integers(0, 256 if kind == "images" else 10, count * (784 if dims else 1),
                                 dtype=np.uint8).tobytes()
    gz = draw(st.booleans())
    return (gzip.compress(data, mtime=0) if gz else data), len(data), gz


sound_idx_pair = st.integers(0, 12).flatmap(
    lambda n: st.tuples(sound_idx_file("images", n), sound_idx_file("labels", n)))


@FUZZ
@given(pair=sound_idx_pair | st.tuples(idx_file("images"), idx_file("labels")))
def test_idx_files(tmp_path, pair):
    images, labels = pair
    folder = fresh(tmp_path / "idx")
    paths = []
    for (data, _, gz), name in ((images, "train-images-idx3-ubyte"), (labels, "train-labels-idx1-ubyte")):
        paths.append(folder / (name + (".gz" if gz else "")))
        paths[-1].write_bytes(data)
    tracemalloc.start()
    try:
        result = outcome("IDX files", lambda: read_pair(*paths))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    if result is None:
        return
    x, y = result
    assert x.shape == (len(y), 28, 28) and x.dtype == np.uint8 and (y <= 9).all()
    # Memory follows what the files hold (flipped gzip bits can only make a little more).
    holds = sum(max(length, len(data)) for data, length, _ in (images, labels))
    assert peak <= 4 * holds + 4 * 2**20, (peak, holds)


def test_a_header_claiming_4_billion_images_reads_only_the_file(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(struct.pack(">IIII", IMAGES_MAGIC, 2**32 - 1, 28, 28) + bytes(1000))
    labels = tmp_path / "train-labels-idx1-ubyte"
    labels.write_bytes(struct.pack(">II", LABELS_MAGIC, 2**32 - 1) + bytes(10))
    tracemalloc.start()
    try:
        with pytest.raises(BuildError, match="truncated: the header promises 4294967295 images"):
            read_pair(path, labels)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20  # a block of reading, for a header that claims 3.4 TB


# --- classes.txt -----------------------------------------------------------------------------

short_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                      min_size=1, max_size=MAX_NAME).filter(lambda n: n.strip() == n and n)


@st.composite
def classes_file(draw) -> bytes:
    names = draw(st.lists(short_names, min_size=10, max_size=10, unique_by=str.casefold)
                 | st.lists(awkward_text | short_names, min_size=0, max_size=14))
    end = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n", ""]))
    data = end.join(names).encode("utf-8")
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"", b"\xff\xfe"])) + data
    if draw(st.integers(0, 4)) == 0:
        data += draw(st.binary(max_size=20))
    return data


@FUZZ
@given(data=classes_file())
def test_classes_file(tmp_path, data):
    path = fresh(tmp_path / "data") / "classes.txt"
    path.write_bytes(data)
    names = outcome("classes.txt", lambda: read_classes_file(path), str(path))
    if names is not None:
        assert len(names) == CLASS_COUNT and len({n.casefold() for n in names}) == CLASS_COUNT
        assert all(0 < len(n) <= MAX_NAME and n == n.strip() and "\n" not in n for n in names)


# --- notebooks: .ipynb JSON and jupytext headers -----------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | awkward_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(awkward_text, inner, max_size=4),
    max_leaves=12)


some_embeds = st.sampled_from(['{{ demo("draw-a-digit") }}', '{{ demo("draw-a-digit", steps=True) }}',
                               "{{ demo(draw-a-digit) }}", '{{ demo("nope") }}', "{{ credits() }}",
                               '```\n{{ demo("x") }}\n```'])


@st.composite
def notebook_json(draw) -> str:
    """A notebook as JSON text: sound, with parts missing or of the wrong type, or any JSON."""
    cell_source = st.lists(awkward_text | some_embeds, max_size=4).map("\n".join)
    cell = st.fixed_dictionaries({
        "cell_type": st.sampled_from(["markdown", "code", "raw"]) | awkward_text,
        "metadata": st.just({}) | json_values,
        "source": cell_source | st.lists(awkward_text, max_size=3) | json_values,
    }, optional={"outputs": st.just([]) | json_values, "execution_count": st.none() | st.integers(),
                 "id": st.text("abc-_0123", min_size=1, max_size=8) | json_values,
                 "attachments": json_values})
    sound_cell = st.builds(lambda kind, text, number: {
        "cell_type": kind, "metadata": {}, "source": text, "id": f"c{number}",
        **({"outputs": [], "execution_count": None} if kind == "code" else {})},
        st.sampled_from(["markdown", "code", "raw"]), cell_source, st.integers(0, 99))
    sound = st.fixed_dictionaries({
        "cells": st.lists(sound_cell, max_size=4, unique_by=lambda c: c["id"]),
        "metadata": st.just({"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}}),
        "nbformat": st.just(4), "nbformat_minor": st.just(5)})
    notebook = draw(sound | st.fixed_dictionaries({
        "cells": st.lists(sound_cell | cell, max_size=4) | json_values,
        "metadata": st.just({}) | st.just({"kernelspec": {"name": "python3", "display_name": "P",
                                                          "language": "python"}}) | json_values,
        "nbformat": st.just(4) | st.integers(0, 6) | json_values,
        "nbformat_minor": st.integers(0, 6) | json_values,
    }) | json_values)
    text = json.dumps(notebook)
    if draw(st.integers(0, 5)) == 0:  # damaged JSON: cut, or a character changed
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", "}", ",", "\x00", "\n\n{"]))
    return text


def notebook_page(tmp_path: Path, name: str, text: str, parser: str) -> Any:
    """What the build does with a notebook page of docs/: read it, then make each download
    (hosted and offline versions). (found notebooks, downloads) or None when refused."""
    docs = fresh(tmp_path / "project" / "docs")
    (docs / name).write_text(text, encoding="utf-8")

    def make() -> tuple[notebooks.Notebooks, list[str]]:
        found = notebooks.find_notebooks(docs, docs.parent, OPTIONS, PLACEHOLDERS)
        return found, [d.make(inside) for d in found.all_downloads() for inside in (False, True)]

    return outcome(parser, make, name)


@FUZZ
@given(text=notebook_json())
def test_ipynb_pages(tmp_path, text):
    result = notebook_page(tmp_path, "page.ipynb", text, ".ipynb")
    if result is not None:
        found, made = result
        assert "page.ipynb" in found.ipynb_pages and all(isinstance(m, str) for m in made)
        for made_ipynb in made:
            json.loads(made_ipynb)  # the downloads are notebooks too


@st.composite
def jupytext_page(draw) -> str:
    header = draw(st.fixed_dictionaries({
        "jupyter": st.fixed_dictionaries({
            "jupytext": st.just({"text_representation": {"extension": ".md", "format_name": "markdown",
                                                         "format_version": "1.3"}}) | json_values,
            "kernelspec": st.just({"name": "python3", "display_name": "Python 3", "language": "python"})
            | json_values,
        }) | json_values}) | json_values)
    head = yaml.safe_dump(header, allow_unicode=True) if draw(st.booleans()) else draw(awkward_text)
    body = draw(st.lists(awkward_text | some_embeds |
                         st.sampled_from(["```python", "```", "print(1)", "# Title", "<!-- #region -->",
                                          "<!-- #endregion -->"]), max_size=8))
    close = draw(st.sampled_from(["---", "...", "", "--- "]))
    return f"---\n{head}{close}\n" + "\n".join(body) + "\n"


@FUZZ
@given(text=jupytext_page())
def test_jupytext_pages(tmp_path, text):
    result = notebook_page(tmp_path, "page.md", text, "jupytext header")
    if result is not None:
        assert all(isinstance(m, str) for m in result[1])


# --- embed lines and their options ---------------------------------------------------------------

literals = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | awkward_text | st.binary(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner) | st.sets(st.integers(), max_size=3)
    | st.dictionaries(st.integers(), inner, max_size=2), max_leaves=6)
option_names = st.sampled_from(sorted({o for opts in OPTIONS.values() for o in opts})) | \
    st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)


@st.composite
def embed_lines(draw) -> str:
    name = draw(st.sampled_from(sorted(OPTIONS)) | st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True))
    args = [json.dumps(name) if draw(st.integers(0, 9)) else draw(awkward_text)]
    for _ in range(draw(st.integers(0, 3))):
        value = draw(literals)
        # repr() is a literal for these; a few raw texts try what the parser makes of anything.
        args.append(f"{draw(option_names)}={repr(value) if draw(st.integers(0, 7)) else draw(awkward_text)}")
    line = "{{ demo(" + ", ".join(args) + ") }}"
    return draw(st.sampled_from(["", " ", "   ", "\t"])) + line + draw(st.sampled_from(["", " ", " x"]))


@FUZZ
@given(lines=st.lists(embed_lines() | awkward_text | st.sampled_from(["```", "~~~", "{{ credits() }}"]),
                      min_size=1, max_size=5))
def test_embed_lines(lines):
    rendered = []

    def render(name: str, number: int, options: dict) -> list[str]:
        # Templates hand options to the code as JSON (tojson), which JSON.parse must read back.
        assert json.loads(json.dumps(options, allow_nan=False)) == options
        rendered.append(name)
        return ["<div></div>"]

    lines = [piece for line in lines for piece in line.split("\n")]
    result = outcome("embed lines", lambda: transform(lines, "site_src/page.md", OPTIONS, render,
                                                      {p: lambda: "x" for p in PLACEHOLDERS}),
                     "site_src/page.md:")
    if result is not None:
        assert result[1].demos == rendered


# --- demo.json -----------------------------------------------------------------------------------

option_declaration = st.fixed_dictionaries(
    {"type": st.sampled_from(["boolean", "integer", "number", "string", "choice", "list"]) | json_values,
     "default": json_values,
     "help": awkward_text | json_values},
    optional={"choices": st.lists(json_values, max_size=3) | json_values, "min": json_values | st.floats(),
              "max": json_values | st.floats(), "shows": st.lists(awkward_text, max_size=2) | json_values,
              "hides": st.dictionaries(awkward_text, st.lists(json_values, max_size=2), max_size=2)
              | json_values})
files = st.sampled_from(["embed.html.j2", "index.js", "style.css", "missing.js"]) | json_values
demo_manifest = st.fixed_dictionaries(
    {"title": awkward_text | json_values, "template": files},
    optional={"vendor": st.lists(st.sampled_from(["tfjs", "tfjs-vis", "nope"]) | json_values, max_size=3)
              | json_values,
              "models": st.lists(st.sampled_from(["recognizer", "lenet"]) | json_values, max_size=2)
              | json_values,
              "model_extras": st.lists(st.sampled_from(["mistakes", "snapshots"]) | json_values, max_size=2),
              "shared": st.lists(st.sampled_from(["cnn-demos.js", "nope.js"]) | json_values, max_size=2),
              "scripts": st.lists(files, max_size=3) | json_values,
              "styles": st.lists(files, max_size=2) | json_values,
              "datasets": st.lists(st.just("sample") | json_values, max_size=2) | json_values,
              "options": st.dictionaries(option_names | awkward_text, option_declaration, max_size=3)
              | json_values,
              "load_later": st.lists(st.sampled_from(["tfjs-vis", "mistakes", "sample-opening"])
                                     | json_values, max_size=2)
              | json_values,
              "quantities": st.dictionaries(st.from_regex(r"[a-z]+(-[a-z]+)?", fullmatch=True) | awkward_text,
                                            st.fixed_dictionaries({"type": st.sampled_from(
                                                ["number", "fraction", "category", "series"]) | json_values,
                                                "description": awkward_text}) | json_values, max_size=2)
              | json_values,
              "colour": json_values})


SOUND_OPTIONS = [{"type": "boolean", "default": False, "help": "h"},
                 {"type": "integer", "min": 0, "max": 9, "default": 3, "help": "h"},
                 {"type": "choice", "choices": ["a", "b"], "default": "a", "help": "h"},
                 {"type": "list", "choices": ["a", "b"], "default": [], "help": "h"}]
sound_manifest = st.fixed_dictionaries(
    {"title": short_names, "template": st.just("embed.html.j2")},
    optional={"vendor": st.lists(st.sampled_from(["tfjs", "tfjs-vis"]), max_size=2, unique=True),
              "models": st.lists(st.sampled_from(["recognizer", "lenet"]), max_size=2, unique=True),
              "scripts": st.just(["index.js"]), "styles": st.just(["style.css"]),
              "options": st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True),
                                         st.sampled_from(SOUND_OPTIONS) | option_declaration, max_size=3)})


@FUZZ
@given(manifest=sound_manifest | demo_manifest | json_values,
       damage=st.none() | st.none() | st.integers(0, 200))
def test_demo_json(tmp_path, manifest, damage):
    folder = fresh(tmp_path / "demos" / "my-demo")
    for name in ("embed.html.j2", "index.js", "style.css"):
        (folder / name).write_text("x")
    text = json.dumps(manifest)
    if damage is not None:
        text = text[:damage]
    (folder / "demo.json").write_text(text)
    demo = outcome("demo.json", lambda: load_demo(folder, ROOT / "demos" / SHARED), str(folder / "demo.json"))
    if demo is not None:
        assert isinstance(demo, Demo) and isinstance(demo.title, str) and isinstance(demo.template, str)
        for key in ("vendor", "models", "model_extras", "datasets", "shared", "scripts", "styles"):
            assert all(isinstance(v, str) for v in getattr(demo, key)), key
        for spec in demo.options.values():
            assert spec.check(spec.default) == spec.default
            json.dumps(demo.defaults(), allow_nan=False)


# --- model definitions ---------------------------------------------------------------------------

training_value = st.integers(-2, 300) | st.floats(-1, 1) | st.just("5") | st.none() | json_values


@st.composite
def model_definition(draw) -> str:
    if draw(st.booleans()):  # a sound definition, perhaps with one setting changed
        training = {"epochs": 2, "batch_size": 32, "learning_rate": 0.001, "seed": 7}
        if draw(st.booleans()):
            training[draw(st.sampled_from([*REQUIRED_TRAINING, "full_size"]))] = draw(training_value)
        return (f"NAME = 'mine'\nTRAINING = {training!r}\n"
                f"EXPORT = {draw(st.sampled_from([{}, {'quantize': 'float16'}, {'mistakes': True}]))!r}\n"
                "def build(keras):\n    return None\n")
    export = st.dictionaries(st.sampled_from(["quantize", "mistakes"]) | awkward_text, json_values,
                             max_size=2)
    training = draw(st.dictionaries(st.sampled_from([*REQUIRED_TRAINING, "snapshots", "augment", "full_size"])
                                    | awkward_text, training_value, max_size=7))
    if draw(st.booleans()):
        training.update({k: v for k, v in zip(REQUIRED_TRAINING, [1, 32, 0.001, 7], strict=True)
                         if k not in training})
    lines = [
        f"NAME = {draw(st.just(repr('mine')) | st.builds(repr, awkward_text | json_values))}",
        f"TRAINING = {draw(st.just(repr(training)) | st.builds(repr, json_values))}",
        f"EXPORT = {draw(st.builds(repr, export) | st.just('{}'))}",
        draw(st.sampled_from(["def build(keras):\n    return None", "build = 3", "", "def build(:",
                              "raise ValueError('no\\nway')", "import nonexistent_module_xyz"])),
    ]
    draw(st.randoms()).shuffle(lines)
    return "\n".join(lines) + "\n"


@FUZZ
@given(source=model_definition())
def test_model_definitions(tmp_path, source):
    path = fresh(tmp_path / "models") / "mine.py"
    path.write_text(source)
    spec = outcome("model definition", lambda: load_spec(path), str(path))
    if spec is not None:
        assert isinstance(spec.name, str) and spec.name and callable(spec.module.build)
        training = spec.training
        assert isinstance(training["epochs"], int) and training["epochs"] >= 1
        assert isinstance(training["batch_size"], int) and training["batch_size"] >= 1
        assert isinstance(training["learning_rate"], int | float) and training["learning_rate"] > 0
        assert math.isfinite(training["learning_rate"]) and isinstance(training["seed"], int)


# --- mkdocs.yml plugin options ----------------------------------------------------------------------

@st.composite
def plugin_options(draw) -> dict[str, Any]:
    paths = awkward_text | st.sampled_from(["data", "missing", "a-file.txt", "", ".", "/", "\x00", "~",
                                            "../x", "~nobody-here"])
    return draw(st.fixed_dictionaries({}, optional={
        "data_dir": paths | json_values, "classes": st.lists(awkward_text | json_values, max_size=11)
        | awkward_text | st.just(",".join("abcdefghij")) | json_values,
        "demos_dir": paths | json_values, "models_dir": paths | json_values, "cache_dir": paths | json_values,
        "epochs": st.integers(-3, 10**12) | json_values,
        "train_examples": st.integers(-3, 10**12) | json_values,
        "zip": paths | json_values}))


@FUZZ
@given(options=plugin_options())
def test_plugin_options(tmp_path, options):
    """MkDocs checks each option's type (its own message names the option); every value of the
    right type then reaches builder/settings.py, whose errors name mkdocs.yml."""
    from builder.frontends.mkdocs.config import CnnDemosConfig

    root = tmp_path / "course"
    if not root.exists():
        (root / "data").mkdir(parents=True)
        (root / "a-file.txt").write_text("x")
    config = CnnDemosConfig()
    config.load_dict(dict(options))
    errors, _ = config.validate()
    if errors:
        assert all(name in options for name, _ in errors)
        CASES["mkdocs.yml plugin options", "refused by MkDocs"] += 1
        return
    resolved = outcome("mkdocs.yml plugin options", lambda: build_settings.resolve(root, config, env={}),
                       "mkdocs.yml")
    if resolved is not None:
        assert resolved.epochs is None or resolved.epochs >= 1
        assert resolved.data is None or resolved.data.is_dir()
        assert resolved.classes is None or len(resolved.classes) == CLASS_COUNT
