"""TensorSpace's embedded typeface, cut to what the site's 3D views write (builder/export/
tensorspace_font.py): the typeface is read back by running the pinned tensorspace.min.js and the
cut one in Node with a three.js whose Font records what it is given, so the check does not rely
on the code that cut it."""

import json
import subprocess

import pytest

from builder.data.classes import MNIST
from builder.errors import BuildError
from builder.export.tensorspace_font import ASCII, characters, cut_font
from builder.kit.vendor import VENDOR
from conftest import ROOT

SOURCE = ROOT / "node_modules" / VENDOR["tensorspace"].package / VENDOR["tensorspace"].path
# Runs each script given, with stand-ins for its globals; prints the typeface each made.
TYPEFACES_JS = r"""
const vm = require('vm'), fs = require('fs');
function typeface(file) {
  let font = null;
  const anything = () => new Proxy(function () {}, {
    get: (target, key) => key === 'prototype' ? {} : anything(),
    construct: () => anything(), apply: () => anything() });
  const THREE = new Proxy({}, {
    get: (t, key) => key === 'Font' ? function (data) { font = data; } : anything() });
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), { tf: anything(), THREE: THREE, TWEEN: anything() });
  return font;
}
console.log(JSON.stringify(process.argv.slice(1).map(typeface)));
"""


def typefaces(*scripts):
    done = subprocess.run(["node", "-e", TYPEFACES_JS, *map(str, scripts)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_the_cut_typeface_keeps_ascii_and_the_class_names_glyphs_as_they_were(tmp_path):
    names = ("Äpfel", "ζώνη", "Шапка", "Ñu ✓")  # ✓: a character the typeface never had
    keep = characters(MNIST.with_classes(names))
    text, total, kept = cut_font(SOURCE.read_text(encoding="utf-8"), keep)
    cut = tmp_path / "tensorspace.min.js"
    cut.write_text(text, encoding="utf-8")
    original, after = typefaces(SOURCE, cut)
    glyphs, original_glyphs = after["glyphs"], original["glyphs"]
    assert glyphs == {c: g for c, g in original_glyphs.items() if c in keep}
    del after["glyphs"], original["glyphs"]
    assert after == original
    assert ASCII | set("ÄζώνηШапкаÑ") <= set(glyphs) and "✓" not in original_glyphs
    assert len(original_glyphs) > 500 and kept == len(glyphs) + 1 < 120  # one key is there twice
    print(f"kept {kept} of {total} glyphs: {SOURCE.stat().st_size:,} -> {len(text.encode()):,} bytes")


def test_a_tensorspace_without_its_typeface_where_expected_is_refused_by_name():
    with pytest.raises(BuildError, match=r"tensorspace.min.js of the npm package tensorspace: expected one "
                                         r"embedded typeface .*found 0.*package-lock.json"):
        cut_font("var TSP = {};", characters(MNIST))
    with pytest.raises(BuildError, match=r"tensorspace.min.js: ends inside its typeface"):
        cut_font('j=new e.Font({glyphs:{a:{x_min:0,o:"m 1 2"},b:{x_', characters(MNIST))


def test_the_site_ships_the_cut_tensorspace(built_site):
    shipped = built_site.site / "cnn-demos" / "vendor" / VENDOR["tensorspace"].site_name
    text = shipped.read_text(encoding="utf-8")
    assert text.startswith("/* Changed by cnn-demos: the embedded typeface keeps ")
    assert len(text.encode()) < SOURCE.stat().st_size - 250_000
