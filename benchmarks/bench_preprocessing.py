"""The recogniser on digits written small and off-centre (file://, headless Chromium): held-out
accuracy with the page's MNIST preparation (crop, fit into 20 x 20, centre of mass) against a
naive resize of the whole 280 x 280 box, and both on digits that fill the box, centred.

Each held-out digit is painted (its 28 x 28 pixels as ink, smoothly scaled) on a pad-sized
canvas in the page; the page's own CnnDemos.mnist.fromCanvas / naiveFromCanvas and the
page's recogniser read it."""

import base64

from common import Context, Figure

AREA = "preprocessing"
SEL = '[data-cnn-demo="draw-a-digit"]'
PLACEMENTS = {
    # name: (size of the digit's 28 x 28 square on the 280 px box, where: "centre" or "random")
    "small (84 px of 280) and off-centre": (84, "random"),
    "filling the box, centred": (280, "centre"),
}

ACCURACY_JS = """async ([pixels, labels, size, where]) => {
    const net = await CnnDemos.loadClassifier('recognizer');
    const images = CnnDemos.base64ToBytes(pixels), want = CnnDemos.base64ToBytes(labels);
    const digit = document.createElement('canvas'); digit.width = digit.height = 28;
    const dctx = digit.getContext('2d');
    const box = document.createElement('canvas'); box.width = box.height = 280;
    const ctx = box.getContext('2d', {willReadFrequently: true});
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let ours = 0, naive = 0;
    for (let n = 0; n < want.length; n++) {
        const img = dctx.createImageData(28, 28);
        for (let i = 0; i < 784; i++) img.data[i * 4 + 3] = images[n * 784 + i];
        dctx.putImageData(img, 0, 0);
        ctx.clearRect(0, 0, 280, 280);
        const x = where === 'centre' ? (280 - size) / 2 : Math.floor(random() * (280 - size));
        const y = where === 'centre' ? (280 - size) / 2 : Math.floor(random() * (280 - size));
        ctx.drawImage(digit, x, y, size, size);
        const a = CnnDemos.mnist.fromCanvas(box), b = CnnDemos.mnist.naiveFromCanvas(box);
        ours += a !== null && CnnDemos.argmax(net.predict(a)) === want[n];
        naive += b !== null && CnnDemos.argmax(net.predict(b)) === want[n];
    }
    return [ours / want.length, naive / want.length];
}"""


def run(ctx: Context) -> list[Figure]:
    from browser import open_page
    from builder.cache import Cache
    from builder.data import load_dataset

    dataset = load_dataset(None, ctx.root / "node_modules", Cache(ctx.work / "cache"))
    watched = open_page(ctx.browser(), ctx.page_url("draw-a-digit.html"))
    page = watched.page
    page.wait_for_selector(f'{SEL}[data-demo-state="ready"]', timeout=120_000)
    pixels = base64.b64encode(dataset.x_test.tobytes()).decode()
    labels = base64.b64encode(dataset.y_test.astype("uint8").tobytes()).decode()
    figures = []
    for name, (size, where) in PLACEMENTS.items():
        ours, naive = page.evaluate(ACCURACY_JS, [pixels, labels, size, where])
        note = f"{len(dataset.y_test)} held-out digits"
        figures += [
            Figure(AREA, f"held-out accuracy, {name}, our preparation", round(ours, 4), "", "higher", note),
            Figure(AREA, f"held-out accuracy, {name}, naive resize", round(naive, 4), "", "higher", note),
        ]
    page.context.close()
    return figures
