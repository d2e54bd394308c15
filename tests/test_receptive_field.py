"""The receptive-field demo in a real browser: every field it states against a field found
another way, picking units by keyboard, mouse, touch and pen, and its keyboard walk-through.

The page works fields out arithmetically from the layers' definitions (model.js). The check
here carries a one-hot mask at the unit back to the input instead, through all-ones kernels
with each layer's own stride and padding (tf.conv2dTranspose), and reads which input pixels
it reaches: they must be exactly the rectangle the page states, on the image and in the
zero-padded frame around it.
"""

import pytest

from browser import Watched, data, draw_strokes, ink_strokes, open_page
from test_keyboard import AT_READY as KEYBOARD_LIST
from test_keyboard import focused, ink, open_demo, pen_stroke, tab_to, tab_walk  # noqa: F401 - open_demo is a fixture

pytestmark = pytest.mark.browser
ROOT = '[data-cnn-demo="receptive-field"]'
PAGE = "cnns-and-mlps.html"
AT_READY = KEYBOARD_LIST["receptive-field"]
FIELD_COLOUR = (0xFF, 0xC1, 0x07)  # the outline (demos/receptive-field/ui.js)

# Backward propagation of a one-hot mask (or, for a dense unit, of every unit of the last map
# it is wired to) to the input. Returns, for the image and for the padded frame (when the
# network pads), the number of nonzero pixels and their bounding box.
BACKWARD_JS = """async ([name, units]) => {
  const model = await CnnDemos.loadModel('lenet');
  const layers = model.layers;
  const upto = layers.findIndex(l => l.name === name);
  function nonzero(t, offset) {
    const [h, w] = [t.shape[1], t.shape[2]], v = t.dataSync();
    const out = {count: 0, top: Infinity, left: Infinity, bottom: -Infinity, right: -Infinity};
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
      if (v[r * w + c] <= 0) continue;
      out.count++;
      out.top = Math.min(out.top, r - offset[0]); out.bottom = Math.max(out.bottom, r - offset[0]);
      out.left = Math.min(out.left, c - offset[1]); out.right = Math.max(out.right, c - offset[1]);
    }
    return out;
  }
  return units.map(([row, col]) => {
    let i = upto, frame = null, offset = null;
    const image = tf.tidy(() => {
      let mask;
      if (layers[i].outputShape.length === 4) {
        const [, h, w] = layers[i].outputShape;
        const buffer = tf.buffer([1, h, w, 1]);
        buffer.set(1, 0, row, col, 0);
        mask = buffer.toTensor();
      } else {  // a dense unit: wired to every unit of the last layer with maps
        while (layers[i].outputShape.length !== 4) i--;
        const [, h, w] = layers[i].outputShape;
        mask = tf.ones([1, h, w, 1]);
      }
      for (; i > 0; i--) {
        const layer = layers[i], kind = layer.getClassName(), config = layer.getConfig();
        const [, inH, inW] = layers[i - 1].outputShape;
        if (kind === 'Conv2D' || kind === 'MaxPooling2D' || kind === 'AveragePooling2D') {
          const k = config.kernelSize || config.poolSize;
          mask = tf.conv2dTranspose(mask, tf.ones([k[0], k[1], 1, 1]), [1, inH, inW, 1],
                                    config.strides, config.padding);
        } else if (kind === 'ZeroPadding2D') {
          const [[top], [left]] = config.padding;
          frame = tf.keep(mask.clone());
          offset = [top, left];
          mask = mask.slice([0, top, left, 0], [1, inH, inW, 1]);
        } else {
          throw new Error('the check does not handle ' + kind);
        }
      }
      return mask;
    });
    const found = {image: nonzero(image, [0, 0])};
    if (frame) found.frame = nonzero(frame, offset);
    image.dispose();
    if (frame) frame.dispose();
    return found;
  });
}"""


def ready(watched: Watched):
    watched.page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=90_000)
    return watched.page


@pytest.fixture(params=["file", "http"])
def page_url(request, built_site, http_site):
    if request.param == "file":
        return (built_site.unzipped / PAGE).as_uri()
    return f"{http_site}/{PAGE}"


def choices(page) -> list[dict]:
    """The layers the demo offers: name, kind and output grid."""
    return page.evaluate("""() => CnnDemos.ReceptiveField.load().then(net => net.choices().map(l =>
        ({name: l.name, kind: l.kind, rows: l.grid.rows, cols: l.grid.cols, maps: l.grid.maps})))""")


def field_of(page, layer: str, row: int, col: int) -> dict:
    return page.evaluate("([l, r, c]) => CnnDemos.ReceptiveField.fieldOf(l, r, c)", [layer, row, col])


def test_every_stated_field_is_what_backward_propagation_finds(browser, page_url):
    watched = open_page(browser, page_url)
    page = ready(watched)
    layers = choices(page)
    assert [(layer["name"], layer["kind"]) for layer in layers] == [
        ("conv1", "convolution"), ("pool1", "pooling"), ("conv2", "convolution"), ("pool2", "pooling"),
        ("dense1", "dense")]
    sizes = []
    for layer in layers:
        last_row, last_col = layer["rows"] - 1, layer["cols"] - 1
        units = sorted({(0, 0), (0, last_col), (last_row, 0), (last_row, last_col),
                        (last_row // 2, last_col // 2), (1, last_col // 3)})
        found = page.evaluate(BACKWARD_JS, [layer["name"], units])
        for (row, col), backward in zip(units, found, strict=True):
            stated = field_of(page, layer["name"], row, col)
            where = f"{layer['name']} ({row}, {col})"
            seen = stated["seen"]
            # The pixels of the image it sees: exactly the stated rectangle.
            assert backward["image"] == {
                "count": seen["height"] * seen["width"], "top": seen["top"], "left": seen["left"],
                "bottom": seen["bottom"], "right": seen["right"]}, where
            # The whole field, zero padding included: exactly the stated rectangle too.
            assert backward["frame"] == {
                "count": stated["height"] * stated["width"], "top": stated["top"],
                "left": stated["left"], "bottom": stated["bottom"], "right": stated["right"]}, where
            cut = seen["height"] < stated["height"] or seen["width"] < stated["width"]
            assert stated["onPadding"] == cut, where
        sizes.append((stated["height"], stated["width"]))
        if layer["kind"] == "dense":
            assert stated["wholeImage"] and stated["pixels"] == 28 * 28
    # LeNet by hand: 5 (conv 5x5), +1 (pool 2x2), +4 steps of 2 (conv 5x5), +1 step of 2 (pool).
    assert sizes[:4] == [(5, 5), (6, 6), (14, 14), (16, 16)]
    watched.assert_clean()


def outline_box(page) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1) of the outline's colour on the input figure, in its pixels."""
    return tuple(page.evaluate("""([s, colour]) => {
        const c = document.querySelector(s);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
        for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
          const i = (y * c.width + x) * 4;
          const off = [0, 1, 2].reduce((sum, k) => sum + Math.abs(d[i + k] - colour[k]), 0);
          if (off < 12) {
            x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
          }
        }
        return [x0, y0, x1, y1];
    }""", [f"{ROOT} [data-role='field']", list(FIELD_COLOUR)]))


def expected_box(page) -> tuple[int, int, int, int]:
    """Where the outline of the chosen unit's field belongs on the input figure (padding frame
    of 2 pixels, as LeNet pads), from the page's own numbers."""
    top, left, bottom, right = (int(v) for v in data(page, ROOT, "field").split(","))
    width = page.eval_on_selector(f"{ROOT} [data-role='field']", "c => c.width")
    cell = width // 32
    clip = lambda v: max(0, min(31, v + 2))  # noqa: E731
    return clip(left) * cell, clip(top) * cell, (clip(right) + 1) * cell - 1, (clip(bottom) + 1) * cell - 1


def state(page) -> tuple[str | None, str | None, str | None]:
    return data(page, ROOT, "layer"), data(page, ROOT, "unit"), data(page, ROOT, "field")


def text(page, role: str) -> str:
    return page.inner_text(f"{ROOT} [data-role='{role}']")


def test_keyboard_moves_the_outline_and_tells_its_size(browser, page_url):
    watched = open_page(browser, page_url)
    page = ready(watched)
    units = f"{ROOT} [data-role='units']"
    result = page.locator(f"{ROOT} [data-role='result']")
    assert result.get_attribute("aria-live") == "polite"

    page.focus(f"{ROOT} [data-layer='conv1'][data-action='layer']")
    page.keyboard.press("Enter")
    page.focus(units)
    for key in ("Shift+ArrowUp", "Shift+ArrowLeft", "Shift+ArrowLeft", "Home", "PageUp"):
        page.keyboard.press(key)  # to map 0 (the top left one), then its top left corner
    assert state(page)[:2] == ("conv1", "0,0,0")
    assert text(page, "size") == "Sees 5 × 5, 3 × 3 of it on the digit"
    assert "zero padding" in result.inner_text() and "rows 0 to 2, columns 0 to 2" in result.inner_text()
    assert outline_box(page) == expected_box(page)

    for _ in range(14):
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowRight")
    assert state(page) == ("conv1", "0,14,14", "12,12,16,16")
    assert text(page, "size") == "Sees 5 × 5 pixels"
    assert result.inner_text().startswith("conv1 map 0, row 14, column 14: output ")
    assert outline_box(page) == expected_box(page)
    page.keyboard.press("ArrowRight")
    assert state(page)[2] == "12,13,16,17"  # one unit on: one pixel on
    page.keyboard.press("Shift+ArrowRight")  # the same unit, next map: the same field
    assert state(page) == ("conv1", "1,14,15", "12,13,16,17")
    for _ in range(14):  # off the right edge of map 1, on into map 2
        page.keyboard.press("ArrowRight")
    assert data(page, ROOT, "unit") == "2,14,1"

    # Another layer keeps looking at about the same spot, and a step there moves further.
    tab_to(page, f"{ROOT} [data-layer='pool2']", "Shift+Tab")
    page.keyboard.press("Space")
    assert data(page, ROOT, "layer") == "pool2"
    assert data(page, ROOT, "unit") == "2,2,0"  # the conv1 field was centred on pixel (14, 1)
    assert text(page, "size").startswith("Sees 16 × 16")
    tab_to(page, units)
    page.keyboard.press("End")
    page.keyboard.press("PageDown")
    assert state(page) == ("pool2", "2,4,4", "14,14,29,29")
    assert text(page, "size") == "Sees 16 × 16, 14 × 14 of it on the digit"
    assert "reaches 2 pixels past the bottom edge and 2 pixels past the right edge" in result.inner_text()
    assert outline_box(page) == expected_box(page)
    page.keyboard.press("ArrowUp")
    assert data(page, ROOT, "field") == "10,14,25,29"  # 4 pixels a step
    assert page.get_attribute(f"{ROOT} [data-layer='pool2']", "aria-pressed") == "true"

    # A dense unit sees the whole image.
    tab_to(page, f"{ROOT} [data-layer='dense1']", "Shift+Tab")
    page.keyboard.press("Enter")
    assert data(page, ROOT, "seen") == "0,0,27,27"
    assert text(page, "size") == "Sees the whole image: 28 × 28 pixels"
    assert "It sees the whole image: all 784 pixels (28 × 28)" in result.inner_text()
    assert "400 weights" in result.inner_text()
    tab_to(page, units)
    page.keyboard.press("ArrowRight")
    assert result.inner_text().startswith("dense1 unit ") and data(page, ROOT, "seen") == "0,0,27,27"
    watched.assert_clean()


def unit_point(page, map_: int, row: int, col: int) -> tuple[float, float]:
    """Where on the screen the unit (map, row, col) of the shown layer is drawn (its centre)."""
    return tuple(page.evaluate("""([s, unit]) => {
        const canvas = document.querySelector(s);
        const layer = document.querySelector('[data-cnn-demo="receptive-field"]').dataset.layer;
        return CnnDemos.ReceptiveField.load().then(n => {
          const layout = new CnnDemos.ReceptiveField.Layout(n.layer(layer));
          const at = layout.origin(unit), box = canvas.getBoundingClientRect();
          return [box.left + (at.x + layout.cell / 2) * box.width / canvas.width,
                  box.top + (at.y + layout.cell / 2) * box.height / canvas.height];
        });
    }""", [f"{ROOT} [data-role='units']", {"map": map_, "row": row, "col": col}]))


def pen_tap(page, x: float, y: float) -> None:
    cdp = page.context.new_cdp_session(page)
    base = {"x": x, "y": y, "button": "left", "pointerType": "pen", "clickCount": 1}
    cdp.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y, "pointerType": "pen"})
    cdp.send("Input.dispatchMouseEvent", {"type": "mousePressed", "buttons": 1, **base})
    cdp.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "buttons": 0, **base})
    cdp.detach()


def test_mouse_touch_and_pen_pick_units_on_a_phone(browser, built_site, dataset):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri(), has_touch=True)
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    ready(watched)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click(f"{ROOT} [data-layer='conv2']")
    page.locator(f"{ROOT} [data-role='units']").scroll_into_view_if_needed()

    x, y = unit_point(page, 5, 2, 7)
    page.mouse.click(x, y)
    assert data(page, ROOT, "unit") == "5,2,7"
    assert data(page, ROOT, "field") == "2,12,15,25"  # conv2: 14 x 14, 2 pixels a step
    x, y = unit_point(page, 15, 9, 0)
    page.touchscreen.tap(x, y)
    assert data(page, ROOT, "unit") == "15,9,0"
    x, y = unit_point(page, 0, 0, 9)
    pen_tap(page, x, y)
    assert data(page, ROOT, "unit") == "0,0,9"
    assert outline_box(page) == expected_box(page)

    # A tap on a pixel of the input goes to the unit centred on it (for conv1, the same place).
    page.click(f"{ROOT} [data-layer='conv1']")
    figure = page.locator(f"{ROOT} [data-role='field']")
    figure.scroll_into_view_if_needed()
    box = figure.bounding_box()
    cell = box["width"] / 32  # 28 pixels and 2 of padding on each side
    page.touchscreen.tap(box["x"] + (20 + 2.5) * cell, box["y"] + (10 + 2.5) * cell)
    assert state(page) == ("conv1", "0,10,20", "8,18,12,22")
    assert outline_box(page) == expected_box(page)

    # A digit drawn with the finger goes through LeNet: the maps and the figures follow it.
    maps = text(page, "maps")
    page.locator(f"{ROOT} [data-role='pad']").scroll_into_view_if_needed()
    seven = dataset.x_test[dataset.y_test.tolist().index(7)]
    draw_strokes(page, f"{ROOT} [data-role='pad']", ink_strokes(seven), pointer="touch")
    page.wait_for_function(f"document.querySelector('{ROOT}').dataset.input === 'drawing'")
    assert text(page, "maps") != maps and data(page, ROOT, "unit") == "0,10,20"
    # The maps' legend gives the range of the outputs drawn, black at 0 or below (ReLU: 0).
    legend = f"{ROOT} [data-role='units-legend']"
    low, high = (float(page.get_attribute(legend, f"data-{end}")) for end in ("low", "high"))
    assert low == 0 < high and "white" in text(page, "units-legend")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    watched.assert_clean()


def test_weights_and_the_mlp_unit_come_from_the_model(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    page = ready(watched)
    mlp = text(page, "mlp-text")
    assert "it sees all 784 pixels (28 × 28) and needs 784 weights + 1 bias" in mlp
    weights = page.locator(f"{ROOT} [data-role='weights'] > li")
    assert weights.count() == 2
    conv1 = weights.nth(0).inner_text()
    assert "4,704 outputs (6 × 28 × 28) from 784 inputs" in conv1
    assert "6 filters × (5 × 5 × 1 weights + 1 bias) = 156" in conv1
    assert "4,704 outputs × (784 weights + 1 bias) = 3,692,640" in conv1
    params = page.evaluate("""() => CnnDemos.loadModel('lenet').then(m =>
        ['conv1', 'conv2'].map(n => m.getLayer(n).countParams()))""")
    assert params == [156, 2416] and "= 2,416" in weights.nth(1).inner_text()
    rows = page.eval_on_selector_all(f"{ROOT} [data-role='sizes'] tbody tr",
                                     "rs => rs.map(r => [...r.cells].map(c => c.textContent))")
    assert rows == [["conv1", "6 × 28 × 28", "5 × 5", "25 + 1 bias"],
                    ["pool1", "6 × 14 × 14", "6 × 6", "none"],
                    ["conv2", "16 × 10 × 10", "14 × 14", "150 + 1 bias"],
                    ["pool2", "16 × 5 × 5", "16 × 16", "none"],
                    ["dense1", "120", "the whole image", "400 + 1 bias"]]
    watched.assert_clean()


def test_receptive_field_by_keyboard(open_demo):  # noqa: F811 - the fixture imported above
    watched = open_demo(PAGE, ROOT)
    page = watched.page
    assert tab_walk(page, ROOT) == AT_READY

    samples = page.locator(f"{ROOT} [data-role='samples'] button")
    tab_to(page, f"{ROOT} [data-role='samples'] button:nth-child(4)")
    page.keyboard.press("Enter")
    assert samples.nth(3).get_attribute("aria-pressed") == "true"
    assert data(page, ROOT, "input") == f"sample {samples.nth(3).get_attribute('data-sample')}"

    tab_to(page, f"{ROOT} [data-layer='pool1']")
    page.keyboard.press("Space")
    assert data(page, ROOT, "layer") == "pool1" and focused(page) == "layer"
    assert tab_to(page, f"{ROOT} [data-role='units']") == 4  # past conv2, pool2 and dense1
    unit = data(page, ROOT, "unit")
    page.keyboard.press("ArrowLeft")
    assert data(page, ROOT, "unit") != unit and "pool1 map" in text(page, "result")

    tab_to(page, f"{ROOT} [data-role='pad']", "Shift+Tab")
    pen_stroke(page)
    page.keyboard.press("Enter")  # the stroke goes to LeNet
    assert data(page, ROOT, "input") == "drawing" and "true" not in [
        samples.nth(i).get_attribute("aria-pressed") for i in range(samples.count())]
    page.keyboard.press("Tab")
    assert focused(page) == "clear"
    page.keyboard.press("Space")
    assert data(page, ROOT, "input") == "empty" and ink(page, f"{ROOT} [data-role='pad']") == 0
    assert focused(page) == "pad"
    assert data(page, ROOT, "layer") == "pool1"  # the fields stay: they do not depend on the digit
    watched.assert_clean()
