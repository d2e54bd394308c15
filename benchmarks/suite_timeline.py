"""Where the test suite's time goes: a pytest plugin that writes, per test, its worker and its
start and end, and a report of it (per worker, per module, the longest tests).

The suite runs on two pytest-xdist workers, so its wall time is about half of all the tests'
time added up: a test's time is only saved when the total goes down, not when it moves to the
other worker. The first test on a worker also carries the session's site build.

    PYTHONPATH=benchmarks SUITE_TIMELINE=/tmp/timeline.jsonl \\
        bash scripts/test -q -p no:cacheprovider -p suite_timeline
    python benchmarks/suite_timeline.py /tmp/timeline.jsonl
"""

import collections
import json
import os
import sys
import time
from pathlib import Path

_OUT = os.environ.get("SUITE_TIMELINE", "timeline.jsonl")
_started: dict[str, float] = {}
_controller = False  # xdist's controller hears every worker's tests again: it writes nothing


def pytest_configure(config) -> None:
    global _controller
    _controller = not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", None))


def pytest_runtest_logstart(nodeid, location) -> None:
    _started[nodeid] = time.time()


def pytest_runtest_logfinish(nodeid, location) -> None:
    if _controller:
        return
    with open(_OUT, "a", encoding="utf-8") as out:
        out.write(json.dumps({"id": nodeid, "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
                              "start": _started[nodeid], "end": time.time()}) + "\n")


def report(path: str, longest: int = 30) -> None:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    first = min(r["start"] for r in rows)
    by_worker = collections.defaultdict(list)
    for r in rows:
        by_worker[r["worker"]].append(r)
    total = sum(r["end"] - r["start"] for r in rows)
    print(f"{len(rows)} tests, {total:.0f} s in all")
    for worker, mine in sorted(by_worker.items()):
        print(f"  {worker}: {len(mine)} tests, busy {sum(r['end'] - r['start'] for r in mine):.0f} s, "
              f"last ended at {max(r['end'] for r in mine) - first:.0f} s")
    modules: dict[str, float] = collections.Counter()
    for r in rows:
        modules[r["id"].split("::")[0]] += r["end"] - r["start"]
    print("\nper module (s)")
    for module, seconds in modules.most_common():
        print(f"  {seconds:7.1f}  {module}")
    print(f"\nthe {longest} longest tests (s)")
    for r in sorted(rows, key=lambda r: r["start"] - r["end"])[:longest]:
        print(f"  {r['end'] - r['start']:7.1f}  {r['worker']}  {r['id']}")


if __name__ == "__main__":
    report(sys.argv[1])
