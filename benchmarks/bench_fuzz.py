"""Fuzzed input files, by the thousand: every property of tests/test_fuzz.py run with 1,000
cases (CNN_DEMOS_FUZZ_EXAMPLES to change it) and a random seed, printed so that a failure can
be replayed (CNN_DEMOS_FUZZ_SEED=<seed>). Figures per parser: the cases tried, how many built
and how many stopped with our one-line error (a case that did neither fails the run), and the
seconds taken.

    .venv/bin/python benchmarks/run.py --only fuzz      (or run this file)
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Context, Figure  # noqa: E402

AREA = "fuzz"


def run(ctx: Context | None = None) -> list[Figure]:
    os.environ.setdefault("CNN_DEMOS_FUZZ_EXAMPLES", "1000")
    seed = int(os.environ.get("CNN_DEMOS_FUZZ_SEED") or random.randrange(2**32))
    print(f"  fuzz: {os.environ['CNN_DEMOS_FUZZ_EXAMPLES']} cases a property, seed {seed} "
          f"(CNN_DEMOS_FUZZ_SEED={seed} replays it)", flush=True)
    import hypothesis

    import test_fuzz

    figures = []
    properties = [(name, f) for name, f in vars(test_fuzz).items()
                  if name.startswith("test_") and hasattr(f, "hypothesis")]
    for name, prop in properties:
        before = dict(test_fuzz.CASES)
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as scratch:
            seeded = hypothesis.seed(seed)(prop)
            seeded(tmp_path=Path(scratch)) if "tmp_path" in prop.hypothesis.inner_test.__code__.co_varnames \
                else seeded()
        seconds = time.monotonic() - started
        counts = {k: v - before.get(k, 0) for k, v in test_fuzz.CASES.items() if v != before.get(k, 0)}
        parser = next(iter(counts))[0] if counts else name
        total = sum(counts.values())
        note = ", ".join(f"{how} {n}" for (_, how), n in sorted(counts.items()))
        print(f"  {parser}: {total} cases ({note}) in {seconds:.1f} s", flush=True)
        figures += [Figure(AREA, f"{parser}: cases", total, "", "higher", f"seed {seed}; {note}"),
                    Figure(AREA, f"{parser}: seconds", round(seconds, 1), "s", "lower")]
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure)
