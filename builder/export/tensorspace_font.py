"""TensorSpace with its typeface cut to the characters this site's 3D views can write.

tensorspace.min.js embeds a three.js typeface (Droid Sans, 591 glyphs: Latin, Greek, Cyrillic)
for the text it draws in 3D: feature-map sizes and lengths (numbers) and the output layer's
labels, which our views set to the dataset's class names (demos/_shared/lenet-3d.js). The glyphs
are 313 KB of the file's 697 KB. The site keeps those of printable ASCII and of every character
in its class names; three.js draws any other character as "?", as it did for one the typeface
never had. The file says so in a comment at its top (TensorSpace and Droid Sans are Apache-2.0).
"""

import ast
import re
from collections.abc import Callable
from pathlib import Path

from builder.cache import Cache, content_key, file_digest
from builder.data.classes import Identity
from builder.errors import BuildError
from builder.kit.vendor import VENDOR, vendor_site_path

KEY = "tensorspace"
ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))
GLYPHS = re.compile(r"Font\(\{glyphs:\{")
# A glyph's key as a minifier writes it: a quoted string, a name or a number.
GLYPH_KEY = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][\w$]*|\d+""")


def characters(identity: Identity) -> frozenset[str]:
    """What the site's 3D views may write: numbers, and the dataset's class names."""
    return ASCII | frozenset("".join(identity.classes))


def cut_font(script: str, keep: frozenset[str]) -> tuple[str, int, int]:
    """script with only the glyphs of the characters in keep; also how many glyphs it had and kept."""
    found = list(GLYPHS.finditer(script))
    if len(found) != 1:
        raise BuildError(f"{VENDOR[KEY].path} of the npm package {VENDOR[KEY].package}: expected one "
                         f"embedded typeface (`Font({{glyphs:{{`), found {len(found)}; the pinned "
                         "version in package-lock.json is the one builder/export/tensorspace_font.py reads.")
    at = found[0].end()
    kept: list[str] = []
    total = 0
    try:
        while script[at] != "}":
            key = GLYPH_KEY.match(script, at)
            if key is None or script[key.end():key.end() + 2] != ":{":
                raise BuildError(f"{VENDOR[KEY].path}: could not read the typeface's glyph at character {at}")
            end = _object_end(script, key.end() + 1)
            total += 1
            if _character(key.group()) in keep:
                kept.append(script[at:end])
            at = end + (script[end] == ",")
    except IndexError:
        raise BuildError(f"{VENDOR[KEY].path}: ends inside its typeface; run `npm ci` again") from None
    return script[:found[0].end()] + ",".join(kept) + script[at:], total, len(kept)


def _character(key: str) -> str:
    # JavaScript's simple escapes (\\, \", \uXXXX) read the same in a Python literal
    return ast.literal_eval(key) if key[0] in "\"'" else key


def _object_end(script: str, start: int) -> int:
    """Just past the object literal opening at start (strings in it may hold braces)."""
    depth, at, quote = 0, start, ""
    while True:
        c = script[at]
        if quote:
            if c == "\\":
                at += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return at + 1
        at += 1


def with_cut_font(files: dict[str, Path], identity: Identity, cache: Cache,
                  log: Callable[[str], None] = print) -> None:
    """files (site path -> file) with TensorSpace's, if the site ships it, cut for identity."""
    site_path = vendor_site_path(KEY)
    if site_path not in files:
        return
    source, keep = files[site_path], characters(identity)

    def build(work: Path) -> None:
        script, total, kept = cut_font(source.read_text(encoding="utf-8"), keep)
        note = (f"/* Changed by cnn-demos: the embedded typeface keeps {kept} of its {total} glyphs, "
                "those of printable ASCII and of this site's class names. */\n")
        (work / VENDOR[KEY].site_name).write_text(note + script, encoding="utf-8")
        log(f"TensorSpace: its typeface cut to {kept} of {total} glyphs "
            f"({source.stat().st_size:,} -> {(work / VENDOR[KEY].site_name).stat().st_size:,} bytes)")

    key = content_key(file_digest(source), sorted(keep), file_digest(Path(__file__)))
    files[site_path] = cache.get_or_build("tensorspace", key, build) / VENDOR[KEY].site_name
