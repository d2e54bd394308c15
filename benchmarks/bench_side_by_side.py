"""Builds side by side on one cache (tests/faults.py): from an empty cache, 2 and then 4
`cnn-demos build` processes started together (each into its own site folder and zip; the last
round mixes MkDocs and Zensical), and 4 builds with a `cnn-demos serve` that rebuilds. Each
round checks that every build succeeds, that all sites and zips are byte-identical to a build
of its own, that each model is trained once (the others wait for its entry's lock, then read
it), and that the cache is whole with nothing left aside.

    .venv/bin/python benchmarks/run.py --only side_by_side      (or run this file; about 10 minutes)
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Context, Figure  # noqa: E402

AREA = "side_by_side"
ROUNDS = [(2, ("mkdocs",), False), (4, ("mkdocs",), False), (4, ("mkdocs", "zensical"), False),
          (4, ("mkdocs",), True)]


def run(ctx: Context | None = None) -> list[Figure]:
    from faults import Project, Serve, entries, leftovers, reference, side_by_side

    figures = []
    with tempfile.TemporaryDirectory() as scratch:
        project = Project.make(Path(scratch))
        ref = reference(project)
        zensical_ref = None
        for count, engines, with_serve in ROUNDS:
            shutil.rmtree(project.cache)
            serve = Serve(project) if with_serve else None
            result = side_by_side(project, count, engines)
            problems = result.problems(ref.outputs if engines == ("mkdocs",) else None)
            if len(engines) > 1:  # each front end's sites alike; MkDocs's as a build of its own
                zensical_ref = zensical_ref or result.outputs[1]
                problems = [p for p in problems if "differ" not in p]
                problems += [f"build {i} differs" for i, o in enumerate(result.outputs)
                             if o != (ref.outputs if i % 2 == 0 else zensical_ref)]
            trained = dict(result.trained)
            if serve is not None:
                if not serve.wait_for("Documentation built", 300):
                    problems.append("serve did not build")
                (project.root / "site_src" / "index.md").touch()
                started = time.monotonic()
                if not serve.wait_for("Documentation built", 300, count=2):
                    problems.append("serve did not rebuild")
                rebuild = time.monotonic() - started
                serve.stop()
                for model in trained:
                    trained[model] += serve.log().count(f"{model}: epoch 1/1")
                if "Traceback" in serve.log():
                    problems.append("serve: a traceback")
            if any(not e.whole for e in entries(project.cache).values()):
                problems.append("a cache entry is not whole")
            problems += [f"left: {p}" for p in leftovers(project)]
            problems += [f"{m} trained {n} times" for m, n in trained.items() if n > 1 and serve]
            name = f"{count} builds ({'+'.join(engines)})" + (" and a serve" if serve else "")
            print(f"  {name}: {result.seconds:.1f} s, trained {trained}, {result.waited} waited"
                  + (f", serve rebuilt in {rebuild:.1f} s" if serve else "")
                  + (": " + "; ".join(problems) if problems else ": all held"), flush=True)
            figures += [
                Figure(AREA, f"{name}: seconds", round(result.seconds, 1), "s", "lower",
                       f"one build alone from an empty cache: {ref.cold:.1f} s"),
                Figure(AREA, f"{name}: most times a model was trained", max(trained.values()), "", "lower"),
                Figure(AREA, f"{name}: problems", len(problems), "", "lower", "; ".join(problems)[:300]),
            ]
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure)
