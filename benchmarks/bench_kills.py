"""Killed builds lose nothing, by volume: `cnn-demos build` (the embedded data, small training
settings) killed with SIGKILL at random moments, each kill followed by a build to the end
(tests/faults.py). Each round starts from an empty cache, a cache with some entries removed,
or a full one, and kills at a moment drawn uniformly over that kind of build's measured run.

Checked every round: the kill left no cache entry that is not whole; the next build succeeds,
its site and zip are byte-identical to an uninterrupted build's, no entry that was whole is
made again, the author's files are unchanged and nothing is left aside (cache folders, the
zip's partial file, TMPDIR).

CNN_DEMOS_KILLS rounds (default 50: about 45 minutes on 2 shared cores, so run it alone, or
in parts with CNN_DEMOS_KILLS=10 and different seeds); CNN_DEMOS_KILLS_SEED replays a run.

    .venv/bin/python benchmarks/run.py --only kills      (or run this file)
"""

import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Context, Figure  # noqa: E402

AREA = "kills"


def run(ctx: Context | None = None) -> list[Figure]:
    from faults import Project, kill_round, reference

    rounds = int(os.environ.get("CNN_DEMOS_KILLS", 50))
    seed = int(os.environ.get("CNN_DEMOS_KILLS_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    print(f"  kills: {rounds} rounds, seed {seed} (CNN_DEMOS_KILLS_SEED={seed} replays it)", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        project = Project.make(Path(scratch))
        ref = reference(project)
        print(f"  an uninterrupted build: {ref.cold:.1f} s from an empty cache, {ref.warm:.1f} s warm",
              flush=True)
        done = []
        for number in range(1, rounds + 1):
            done.append(kill_round(project, ref, number, rng))
            print("  " + done[-1].describe(), flush=True)
    killed = [r for r in done if r.killed]
    failed = [r for r in done if r.problems]
    note = f"seed {seed}; " + ", ".join(f"{s} cache {sum(r.start == s for r in killed)}"
                                        for s in ("empty", "part", "full"))
    return [
        Figure(AREA, "builds killed", len(killed), "", "higher", note),
        Figure(AREA, "rounds where something did not hold", len(failed), "", "lower",
               "; ".join(f"round {r.number}: {r.problems[0][:80]}" for r in failed)[:300]),
        Figure(AREA, "models trained again after a kill", sum(r.retrained for r in killed), "", "lower",
               "only models whose entry the kill had not finished"),
        Figure(AREA, "uninterrupted build from an empty cache", round(ref.cold, 1), "s", "lower"),
        Figure(AREA, "uninterrupted warm build", round(ref.warm, 1), "s", "lower"),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
