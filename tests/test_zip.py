"""The offline zip's writer: byte for byte what Python's zipfile writes, whether each entry's
compressed bytes are made now or read from the cache, and an archive that zipfile and unzip
accept. Also the other things a warm build takes from the cache instead of making again: the
notebook downloads and the compiled templates give what they gave when made."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import jinja2
import pytest

from builder.cache import Cache
from builder.errors import BuildError
from builder.pages import compiled_templates
from builder.pages.notebooks import _cached_downloads, _markdown_downloads
from builder.reproducible_zip import FIXED_DATE, LEVEL, MODE, SECTION, zip_bytes, zip_folder

ROOT = Path(__file__).resolve().parents[1]


def _folder(root: Path) -> Path:
    files = {
        "index.html": b"<p>hello</p>\n" * 200,
        "empty.txt": b"",
        "assets/app.js": bytes(range(256)) * 300,  # compresses poorly
        "assets/copy.js": b"<p>hello</p>\n" * 200,  # the same bytes as index.html, elsewhere
        "d\u00e9mos/caf\u00e9 \u00fc.txt": b"non-ASCII names get zipfile's UTF-8 flag",
        "deep/a/b/c.json": b'{"a": 1}',
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def add_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """One entry as Python's zipfile writes it, stamped as the build stamps its zips."""
    info = zipfile.ZipInfo(name, FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = MODE << 16
    archive.writestr(info, data, compresslevel=LEVEL)


def _with_zipfile(folder: Path, top: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            add_entry(archive, f"{top}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    return buffer.getvalue()


def test_the_zip_is_zipfiles_made_now_or_from_the_cache(tmp_path):
    folder = _folder(tmp_path / "site")
    expected = _with_zipfile(folder, "top")
    cache = Cache(tmp_path / "cache")
    made = [zip_folder(folder, tmp_path / f"{n}.zip", "top", "zip", "--zip", c).read_bytes()
            for n, c in (("plain", None), ("cold", cache), ("warm", cache))]
    assert made == [expected] * 3
    entries = sorted((tmp_path / "cache" / SECTION).glob("[!.]*"))
    assert entries and all((e / "MANIFEST.json").is_file() for e in entries)  # whole cache entries

    (folder / "index.html").write_bytes(b"<p>changed</p>\n")  # one folder's entry is made again
    assert zip_folder(folder, tmp_path / "w.zip", "top", "zip", "--zip", cache).read_bytes() == \
        _with_zipfile(folder, "top")
    assert len(list((tmp_path / "cache" / SECTION).glob("[!.]*"))) == len(entries) + 1
    with zipfile.ZipFile(tmp_path / "w.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("top/d\u00e9mos/caf\u00e9 \u00fc.txt").startswith(b"non-ASCII")
    if shutil.which("unzip"):
        subprocess.run(["unzip", "-tq", str(tmp_path / "w.zip")], check=True, capture_output=True)


def test_a_damaged_cached_entry_is_made_again(tmp_path):
    folder = _folder(tmp_path / "site")
    cache = Cache(tmp_path / "cache")
    zip_folder(folder, tmp_path / "a.zip", "top", "zip", "--zip", cache)
    for streams in (tmp_path / "cache" / SECTION).glob("*/streams"):
        streams.write_bytes(b"\0" * streams.stat().st_size)
    assert zip_folder(folder, tmp_path / "b.zip", "top", "zip", "--zip", cache).read_bytes() == \
        _with_zipfile(folder, "top")


def test_zip_bytes_in_memory(tmp_path):
    entries = [("pkg/a.py", b"print(1)\n" * 50), ("pkg/b.py", b""), ("pkg-1.0.dist-info/RECORD", b"x")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            add_entry(archive, name, data)
    cache = Cache(tmp_path)
    assert zip_bytes(entries) == zip_bytes(entries, cache) == zip_bytes(entries, cache) == buffer.getvalue()


NOTEBOOK = """---
jupyter:
  jupytext:
    text_representation:
      extension: .md
      format_name: markdown
  kernelspec:
    display_name: Python 3
    language: python
    name: python3
---

# A page

{{ demo("draw-a-digit") }}

```python
print(1 + 1)
```
"""


def test_cached_notebook_downloads_are_the_ones_made_now(tmp_path):
    made = _markdown_downloads("part/page.md", NOTEBOOK, "site_src/part/page.md")
    cache = Cache(tmp_path)
    for _ in range(2):  # made into the cache, then read from it
        cached = _cached_downloads("part/page.md", NOTEBOOK, "site_src/part/page.md", cache)
        assert [d.site_path for d in cached] == [d.site_path for d in made]
        assert all(c.make(inside) == m.make(inside) for c, m in zip(cached, made, strict=True)
                   for inside in (False, True))


def test_a_notebook_that_cannot_be_converted_is_not_cached(tmp_path):
    broken = NOTEBOOK.replace("  kernelspec:", "  kernelspec: [\n")
    cache = Cache(tmp_path)
    for _ in range(2):
        with pytest.raises(BuildError, match="cannot be made into the notebook download"):
            _cached_downloads("page.md", broken, "site_src/page.md", cache)
    assert not list((tmp_path / "notebook-downloads").glob("[!.]*"))


def test_compiled_templates_render_as_compiled_ones(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{% for i in range(n) %}{{ i }}<{{ word }}>{% endfor %}")

    def render(cache: Cache | None) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path / "t"), autoescape=True,
                                 bytecode_cache=compiled_templates.CachedTemplates(cache) if cache else None)
        return env.get_template("page.html").render(n=3, word="&")

    cache = Cache(tmp_path / "cache")
    assert render(None) == render(cache) == render(cache) == "0<&amp;>1<&amp;>2<&amp;>"
    assert len(list((tmp_path / "cache" / compiled_templates.SECTION).glob("[!.]*"))) == 1
    (tmp_path / "t" / "page.html").write_text("{{ word }}!")  # a changed template: compiled again
    assert render(cache) == "&amp;!"
