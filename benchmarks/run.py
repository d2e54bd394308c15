"""The benchmark command: every benchmarks/bench_*.py (those in ON_REQUEST only when named in
--only), one table, one JSON file.

    python benchmarks/run.py [--only build,recognizer] [--json out.json] [--compare old.json]

With --compare, a figure more than 20% worse than in the old JSON is flagged, and the exit
status is 1 so CI or a script can notice.
"""

import argparse
import importlib.util
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Context, Figure  # noqa: E402

WORSE_BY = 0.20
# Run only when named in --only: the first two install cnn-demos in fresh venvs (15 to 20
# minutes each), the last two build copies of the project again and again (kills: about 45
# minutes for 50 kills; side_by_side: about 10).
ON_REQUEST = {"python_versions", "publish_workflow", "kills", "side_by_side"}


def modules(only: set[str] | None):
    found = sorted(Path(__file__).parent.glob("bench_*.py"))
    # bench_build makes the site every other module opens: it goes first.
    found.sort(key=lambda p: (p.stem != "bench_build", p.stem))
    for path in found:
        area = path.stem.removeprefix("bench_")
        named = only is not None and area in only
        if (only and not named and area != "build") or (area in ON_REQUEST and not named):
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield area, module


def compare(figures: list[Figure], previous: dict) -> list[str]:
    old = {(f["area"], f["name"]): f for f in previous.get("figures", [])}
    flags = []
    for f in figures:
        before = old.get((f.area, f.name))
        if not before or not before["value"]:
            continue
        change = (f.value - before["value"]) / abs(before["value"])
        worse = change > WORSE_BY if f.better == "lower" else change < -WORSE_BY
        if worse:
            flags.append(f"{f.area} / {f.name}: {before['value']:g} -> {f.value:g} {f.unit} "
                         f"({change:+.0%})")
    return flags


def fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.4g}"


def table(figures: list[Figure]) -> str:
    rows = [("area", "figure", "value", "unit", "note")]
    rows += [(f.area, f.name, fmt(f.value), f.unit, f.note) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
             for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated areas (build always runs)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    parser.add_argument("--compare", type=Path, help="a previous JSON to compare against")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None

    figures: list[Figure] = []
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="cnn-demos-bench-") as work:
        ctx = Context(root=ROOT, work=Path(work))
        try:
            for area, module in modules(only):
                print(f"== {area}", flush=True)
                got = module.run(ctx)
                for f in got:
                    print(f"   {f.name}: {fmt(f.value)} {f.unit} {f.note}", flush=True)
                figures.extend(got)
        finally:
            ctx.close()

    print()
    print(table(figures))
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "figures": [f.as_dict() for f in figures],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1))
    print(f"\nwrote {args.json}")
    if args.compare:
        flags = compare(figures, json.loads(args.compare.read_text()))
        print(f"\ncompared with {args.compare}: "
              + (f"{len(flags)} figure(s) more than {WORSE_BY:.0%} worse" if flags else "no regressions"))
        for line in flags:
            print("  WORSE:", line)
        return 1 if flags else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
