"""Hostile files in the browser: every demo's image input, and the training lab's network file,
fed damaged and adversarial files (truncated PNG and JPEG, a 20000 x 20000 image, files that
are not what their names say, JSON of the wrong shape, empty and very large files).

Each file gets a message in the page naming it; a refused file leaves the demo as it was (its
pad and its reading); the JS heap after a forced collection grows by less than HEAP_GROWTH over
all the files; no console error. The pages come from the unzipped zip (file://).
"""

import json
import struct
import zlib
from pathlib import Path

import pytest

from browser import Watched, heap_after_collection, open_page, wait_until

pytestmark = pytest.mark.slow

# page -> its demo with an image input (demos/_shared/own-image.js)
IMAGE_PAGES = {"draw-a-digit.html": "draw-a-digit", "lenet-3d.html": "tensorspace-lenet",
               "training-lab.html": "convnetjs-mnist", "why-it-decides.html": "why-it-decides",
               "one-step.html": "one-step", "new-symbol.html": "new-symbol"}
HEAP_GROWTH = 8e6  # bytes; a 12 MB file read into the heap once would exceed it


def png(width: int, height: int, rows: list[bytes] | None = None) -> bytes:
    """A 1-bit greyscale PNG: white, or the given packed rows. Made row by row, so a
    20000 x 20000 image (50 MB of rows) costs a second and is 60 KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packed = (width + 7) // 8
    squeeze = zlib.compressobj(9)
    white = b"\x00" + b"\xff" * packed
    body = b"".join(squeeze.compress(rows[y] if rows else white) for y in range(height)) + squeeze.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def digit_png() -> bytes:
    """A 64 x 64 image of a dark bar on white (a "1"), sound."""
    bar, blank = b"\x00\xff\xf0\x0f\xff\xff\xff\xff\xff", b"\x00" + b"\xff" * 8
    rows = [bar if 12 <= y < 52 else blank for y in range(64)]
    return png(64, 64, rows)


def hostile_images(tmp: Path) -> list[tuple[str, str, bytes | Path, str | None]]:
    """(name, MIME type, content, what a refusal says; None: the browser may read it)."""
    sound = digit_png()
    jpeg_head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    large = tmp / "large.jpg"
    large.write_bytes(jpeg_head + bytes(12 * 1024 * 1024))
    return [
        ("truncated.png", "image/png", sound[: len(sound) // 2], "could not be read as an image"),
        ("header-only.png", "image/png", sound[:33], "could not be read as an image"),
        ("truncated.jpg", "image/jpeg", jpeg_head + b"\xff\xc0\x00\x11\x08\x00\x40\x00\x40", None),
        ("huge.png", "image/png", png(20000, 20000), "20000 x 20000 pixels"),
        ("huge-header.png", "image/png", sound[:16] + struct.pack(">II", 2**31 - 1, 2**31 - 1) + sound[24:],
         "pixels; the limit is"),
        ("notes.png", "image/png", b"Dear diary, today I drew a 7.\n" * 40, "not a PNG or JPEG inside"),
        ("model.jpg", "image/jpeg", json.dumps({"layers": []}).encode(), "not a PNG or JPEG inside"),
        ("empty.png", "image/png", b"", "not a PNG or JPEG inside"),
        ("large.jpg", "image/jpeg", large, "the limit is 10 MB"),
        ("a-png.jpg", "image/jpeg", sound, None),  # a PNG named .jpg: the browser reads what it is
    ]


def give(page, selector: str, name: str, mime: str, content: bytes | Path) -> None:
    if isinstance(content, Path):
        page.set_input_files(selector, str(content))
    else:
        page.set_input_files(selector, {"name": name, "mimeType": mime, "buffer": content})


# What a refused file must leave as it was: the pad's pixels and the demo's reading of them.
STATE = """root => JSON.stringify({pad: root.querySelector('[data-role="pad"]').toDataURL(),
    predicted: root.dataset.predicted})"""


@pytest.mark.parametrize("page_name", sorted(IMAGE_PAGES))
def test_hostile_images_are_refused_in_the_page(browser, built_site, tmp_path, page_name):
    demo = IMAGE_PAGES[page_name]
    root = f'[data-cnn-demo="{demo}"]'
    watched = open_page(browser, (built_site.unzipped / page_name).as_uri())
    page = watched.page
    page.wait_for_selector(f'{root}[data-demo-state="ready"]', timeout=120_000)
    chooser, message = f'{root} [data-role="image-file"]', f'{root} [data-role="image-message"]'
    start = heap_after_collection(page)
    for name, mime, content, refusal in hostile_images(tmp_path):
        page.eval_on_selector(root, "r => { delete r.dataset.imageRead; delete r.dataset.imageRefused; }")
        before = page.eval_on_selector(root, STATE)
        give(page, chooser, name, mime, content)
        wait_until(page, f"(r => r.dataset.imageRead || r.dataset.imageRefused)"
                         f"(document.querySelector('{root}'))", timeout=60)
        said = page.inner_text(message)
        assert name in said, (name, said)
        if page.get_attribute(root, "data-image-refused") == name:
            if refusal is not None:
                assert refusal in said, (name, said)
            _settle(page)
            assert page.eval_on_selector(root, STATE) == before, f"{name} changed the demo"
        else:
            assert refusal is None, f"{name} was read: {said}"
    grown = heap_after_collection(page) - start
    assert grown < HEAP_GROWTH, f"the heap grew by {grown / 1e6:.1f} MB"
    watched.assert_clean()


def _settle(page) -> None:
    """Let a frame or two pass, so a change the file caused would show."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


LAB = '[data-cnn-demo="convnetjs-mnist"]'


def hostile_networks(tmp: Path, sound: str) -> list[tuple[str, bytes | Path, str]]:
    """(name, content, what the refusal says) for the lab's network file input."""
    large = tmp / "large.json"
    large.write_bytes(b" " * (40 * 1024 * 1024))
    layers = json.loads(sound)["net"]["layers"]
    return [
        ("empty.json", b"", "not JSON"),
        ("truncated.json", sound[: len(sound) // 2].encode(), "not JSON"),
        ("a-list.json", b"[1, 2, 3]", 'no "layers" list'),
        ("a-number.json", b"42", 'no "layers" list'),
        ("layers-number.json", b'{"layers": 5}', 'no "layers" list'),
        ("layers-of-numbers.json", b'{"layers": [1, 2, 3]}', "which this lab cannot load"),
        ("no-weights.json", json.dumps({"layers": [{**L, "filters": None} if "filters" in L else L
                                                   for L in layers]}).encode(), "wrong number of filters"),
        ("infinite-weight.json", sound.replace('"w":[', '"w":[1e999,', 1).encode(), "non-numeric weight"),
        ("picture.json", digit_png(), "not JSON"),
        ("large.json", large, "under 10 MB"),
    ]


def test_hostile_network_files_are_refused_in_the_lab(browser, built_site, tmp_path):
    watched: Watched = open_page(browser, (built_site.unzipped / "training-lab.html").as_uri())
    page = watched.page
    page.wait_for_selector(f'{LAB}[data-demo-state="ready"]', timeout=120_000)
    sound = page.evaluate("""() => { const n = CnnDemos.ConvnetjsMnist.network;
        return n.snapshotText(n.buildNet(n.parseLayers(n.text('default')))); }""")
    # The network's layers, by kind (their figures move while it trains).
    layers = f"""[...document.querySelectorAll('{LAB} [data-role="layers"] > li')]
        .map(li => li.textContent.split('—')[0].trim())"""
    layers_before = page.evaluate(layers)
    start = heap_after_collection(page)
    for name, content, says in hostile_networks(tmp_path, sound):
        before = page.inner_text(f'{LAB} [data-role="message"]')
        give(page, f'{LAB} [data-role="load-file"]', name, "application/json", content)
        wait_until(page, f"document.querySelector('{LAB} [data-role=\"message\"]').textContent "
                         f"!== {json.dumps(before)}", timeout=60)
        said = page.inner_text(f'{LAB} [data-role="message"]')
        assert f"Could not load {name}" in said and says in said, (name, said)
        assert page.evaluate(layers) == layers_before, name
    grown = heap_after_collection(page) - start
    assert grown < HEAP_GROWTH, f"the heap grew by {grown / 1e6:.1f} MB"
    watched.assert_clean()
