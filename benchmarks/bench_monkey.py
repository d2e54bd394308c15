"""A restless reader, 60 s a demo (CNN_DEMOS_MONKEY_SECONDS): every demo's own page from the
unzipped zip driven at random by tests/monkey.py with tests/test_monkey.py's checks and seeds
(CNN_DEMOS_MONKEY_SEED sets one for all). Figures per demo: actions done, console errors and
unhandled rejections, tensors and JS heap before and after, and whether a drawn digit is read as
before. About 15 minutes for the eleven demos: run it alone, `benchmarks/run.py --only monkey`.
"""

import os

import numpy as np

from common import Context, Figure

AREA = "monkey"


def run(ctx: Context) -> list[Figure]:
    import monkey
    import test_monkey
    from builder.cache import Cache
    from builder.data import load_dataset

    seconds = float(os.environ.get("CNN_DEMOS_MONKEY_SECONDS", 60))
    dataset = load_dataset(None, ctx.root / "node_modules", Cache(ctx.root / ".cnn-demos" / "cache"))
    digit = dataset.x_test[int(np.flatnonzero(dataset.y_test == 2)[0])]
    figures = []
    for demo in test_monkey.DEMOS:
        watched = monkey.open_demo(ctx.browser(), ctx.unzipped, demo)
        page = watched.page
        before = monkey.reads(page, demo, digit) if demo in test_monkey.READS else None
        result = monkey.run(watched, demo, seconds, test_monkey.seed_of(demo), test_monkey.FILES)
        after = monkey.reads(page, demo, digit) if before is not None else None
        page.context.close()
        problems = len(result.errors) + len(result.rejections) + int(result.failed)
        grown = (result.heap[1] - result.heap[0]) / 1e6
        tensors = "" if result.tensors[0] is None else f", tensors {result.tensors[0]} -> {result.tensors[1]}"
        print(f"  {demo}: {len(result.actions)} actions, seed {result.seed}, {problems} errors{tensors}, "
              f"heap {result.heap[0] / 1e6:.1f} -> {result.heap[1] / 1e6:.1f} MB"
              + (f", reads a 2 as {before} then {after}" if before is not None else ""), flush=True)
        if problems:
            print(result.replay(), "\n", result.errors, result.rejections, flush=True)
        figures += [
            Figure(AREA, f"{demo}: actions in {seconds:.0f} s", len(result.actions), "", "higher",
                   f"seed {result.seed}"),
            Figure(AREA, f"{demo}: errors and unhandled rejections", problems, "", "lower",
                   "; ".join(result.errors + result.rejections)[:200]),
            Figure(AREA, f"{demo}: JS heap growth", round(grown, 1), "MB", "lower",
                   f"bound {test_monkey.HEAP_MARGIN / 1e6:.0f} MB"),
        ]
        if result.tensors[0] is not None:
            figures.append(Figure(AREA, f"{demo}: tensors added", result.tensors[1] - result.tensors[0], "",
                                  "lower", f"bound {test_monkey.TENSOR_MARGIN}"))
        if before is not None:
            figures.append(Figure(AREA, f"{demo}: reads a drawn digit as before", int(after == before), "",
                                  "higher", f"{before} before, {after} after"))
    return figures
