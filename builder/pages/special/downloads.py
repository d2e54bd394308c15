"""The downloads page: the offline zip and the trained models.

The zip holds the finished site, so a page inside it cannot state the zip's own size. The
design: the page carries one slot, `<div data-cnn-zip="...">`. Rendered, it says no zip was
built (true for `mkdocs serve`). Just before the zip is written, the slot in the built page
says "you are reading the offline copy", and that is what goes into the zip. After the zip
is written, it is copied to downloads/cnn-demos-site.zip beside the site (never into the zip
itself) and the slot in the hosted page gets a relative link with the zip's exact size.
"""

import html
import posixpath
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from builder import paths
from builder.errors import BuildError
from builder.export import ExportedModel

SLOT = re.compile(r'<div class="cnn-zip" data-cnn-zip="[a-z]+">.*?</div>', re.S)


def _slot(state: str, body: str) -> str:
    return f'<div class="cnn-zip" data-cnn-zip="{state}">{body}</div>'


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


def render(page_src_uri: str, models: dict[str, ExportedModel]) -> str:
    """The Markdown that replaces {{ downloads() }}: the zip slot and a table of models."""
    here = posixpath.dirname(page_src_uri) or "."

    def rel(target: str) -> str:
        return posixpath.relpath(target, here)

    no_zip = _slot("none", "<p>This copy of the site was built without the offline zip (as "
                           "<code>mkdocs serve</code> does); <code>cnn-demos build</code> makes it.</p>")
    rows = ["| Model | Held-out accuracy | Weights | Download | Files |",
            "| --- | --- | --- | --- | --- |"]
    for name, model in sorted(models.items()):
        metrics = model.metrics
        accuracy = metrics.get("held_out_accuracy")
        acc = f"{accuracy:.1%}" if isinstance(accuracy, float) else "?"
        params = metrics.get("parameters")
        weights = f"{params:,} parameters" if isinstance(params, int) else _size(model.weight_bytes())
        weights += f", stored as {' and '.join(model.stored_dtypes())}"
        files = ", ".join(f"[{p.name}]({rel(f'{paths.model_dir(name)}/{p.name}')})"
                          for p in model.tfjs_files())
        rows.append(f"| `{name}` | {acc} | {weights} | [{name}-tfjs.zip]({rel(paths.model_zip(name))}) "
                    f"({_size(model.zip.stat().st_size)}) | {files} |")
    return no_zip + "\n\n" + "\n".join(rows)


def mark_inside(pages: list[Path]) -> None:
    """Before zipping: the copy in the zip says the reader already has it."""
    _fill(pages, lambda _: _slot(
        "inside",
        "<p>You are reading the offline copy, so you already have the zip: this folder is it, "
        "unzipped. Open <code>index.html</code> here to come back to the course at any time.</p>"))


def publish(site_dir: Path, zip_path: Path, pages: list[Path]) -> None:
    """After zipping: copy the zip beside the site and give the hosted page its link and size."""
    target = site_dir / paths.OFFLINE_ZIP
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(zip_path, target)
    except OSError as exc:
        raise BuildError(f"{target}: cannot copy the offline zip into the site ({exc}).") from exc
    size = _size(target.stat().st_size)

    def hosted(page: Path) -> str:
        href = posixpath.relpath(paths.OFFLINE_ZIP, posixpath.dirname(
            page.relative_to(site_dir).as_posix()) or ".")
        return _slot("hosted", f'<p><a href="{html.escape(href)}" download>Download the whole '
                               f"course as a zip</a> ({size}).</p>")

    _fill(pages, hosted)


def _fill(pages: list[Path], body: Callable[[Path], str]) -> None:
    for page in pages:
        text = page.read_text(encoding="utf-8")
        page.write_text(SLOT.sub(lambda _, p=page: body(p), text, count=1), encoding="utf-8")
