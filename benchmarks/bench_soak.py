"""Long sessions: every demo that trains in the page trains for ten minutes (CNN_DEMOS_SOAK_SECONDS
to change it) from the unzipped zip (file://), one after the other (so about 45 minutes in all:
run it alone, `benchmarks/run.py --only soak`), its memory sampled every 30 s after a forced
garbage collection (tests/soak.py). Figures per demo: TF.js tensors and JS
heap after warm-up, their growth per minute, and what Stop / Reset leave held."""

import os
import statistics

from common import Context, Figure
from soak import SCENARIOS, soak

AREA = "soak"
EVERY = 30.0
WARMUP = 60.0  # s: optimizer state, charts and the 3D scene are made in the first batches


def run(ctx: Context) -> list[Figure]:
    seconds = float(os.environ.get("CNN_DEMOS_SOAK_SECONDS", 600))
    figures: list[Figure] = []
    for demo, scenario in sorted(SCENARIOS.items()):
        result = soak(ctx.browser(), [(ctx.page_url(scenario.page), scenario)], seconds, EVERY,
                      report=lambda d, s: print(f"  {d}: {s}", flush=True))[demo]
        settled = result.after_warmup(WARMUP) or result.samples
        minutes = max((settled[-1].seconds - settled[0].seconds) / 60, 1e-9)
        note = f"{seconds:.0f} s training, {len(settled)} samples after {WARMUP:.0f} s warm-up"
        heap_start = statistics.median(s.heap for s in settled[:2])
        heap_end = statistics.median(s.heap for s in settled[-2:])
        figures += [
            Figure(AREA, f"{demo}: JS heap after warm-up", round(heap_start / 1e6, 2), "MB", "lower", note),
            Figure(AREA, f"{demo}: JS heap growth per minute",
                   round((heap_end - heap_start) / 1e6 / minutes, 3), "MB/min", "lower", note),
        ]
        if settled[0].tensors is not None:
            counts = [s.tensors for s in settled]
            figures += [
                Figure(AREA, f"{demo}: tensors before Start", result.before.tensors, "", "lower"),
                Figure(AREA, f"{demo}: tensors after warm-up (min)", min(counts), "", "lower", note),
                Figure(AREA, f"{demo}: tensors after warm-up (max)", max(counts), "", "lower", note),
                Figure(AREA, f"{demo}: tensors after Stop", result.stopped.tensors, "", "lower"),
            ]
            if result.after_reset is not None:
                figures.append(Figure(AREA, f"{demo}: tensors after Reset", result.after_reset.tensors,
                                      "", "lower", "a fresh page holds the 'before Start' count"))
        if result.errors:
            figures.append(Figure(AREA, f"{demo}: console errors", len(result.errors), "", "lower",
                                  "; ".join(result.errors)[:200]))
    return figures
