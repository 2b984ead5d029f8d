"""Benchmark: time the commands contributors and CI run, as fresh processes (startup included).

    python -m build_scripts.benchmark [--runs N]

Prints a table of medians. A measurement, not a test: nothing here fails on a slow machine.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_scripts import load, paths


def seconds(command: list[str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, cwd=paths.ROOT)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    chiiki = [sys.executable, "-m", "build_scripts"]
    plans = load.discover()
    one = next(p for p in plans if p.name.startswith("b-"))
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("validate one plan (startup included)", seconds(chiiki + ["validate", str(one)], args.runs)),
            (f"validate the repository ({len(plans)} plans)", seconds(chiiki + ["validate"], args.runs)),
            ("build the site (validate + pages + downloads + MkDocs)", seconds(chiiki + ["build", "--out", out + "/site"], args.runs)),
        ]
        site = Path(out) / "site"
        pages = len(list(site.rglob("*.html")))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"| step | median of {args.runs} (s) |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.2f} |")
    print(f"| pages | {pages} |\n| site size | {size / 1e6:.1f} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
