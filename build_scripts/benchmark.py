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


LAST_STAGES: list[str] = []


def seconds(command: list[str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, check=False, capture_output=True, text=True, cwd=paths.ROOT)
        timings.append(time.perf_counter() - started)
        LAST_STAGES[:] = [line for line in done.stdout.splitlines() if line.startswith("stages: ")]
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", action="store_true",
                        help="also build the synthetic national-scale country (47 B plans × 1,064 companies) and measure it")
    parser.add_argument("--c-plans", type=int, default=1800)
    args = parser.parse_args(argv)
    if args.synthetic:
        return synthetic(args.c_plans)
    chiiki = [sys.executable, "-m", "build_scripts"]
    plans = load.discover()
    one = next(p for p in plans if p.name.startswith("b-"))
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("validate one plan (startup included)", seconds(chiiki + ["validate", str(one)], args.runs)),
            (f"validate the repository ({len(plans)} plans)", seconds(chiiki + ["validate"], args.runs)),
            ("build the site (validate + pages + downloads + MkDocs)", seconds(chiiki + ["build", "--out", out + "/site"], args.runs)),
        ]
        stages = LAST_STAGES[0].removeprefix("stages: ") if LAST_STAGES else ""
        site = Path(out) / "site"
        pages = len(list(site.rglob("*.html")))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"| step | median of {args.runs} (s) |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.2f} |")
    print(f"| build by stage | {stages} |\n| pages | {pages} |\n| site size | {size / 1e6:.1f} MB |")
    return 0


def synthetic(c_plans: int) -> int:
    from build_scripts import synthetic as generator
    from build_scripts.measure import measure_pages

    with tempfile.TemporaryDirectory() as work:
        # as_real: national files and the national map count the plans (a temporary folder, never published)
        root = generator.generate(Path(work) / "datapackages", c_plans=c_plans, as_real=True)
        chiiki = [sys.executable, "-m", "build_scripts"]
        rows = [("validate the synthetic repository", f"{seconds(chiiki + ['validate', '--root', str(root)], 1):.1f} s"),
                ("build the synthetic site", f"{seconds(chiiki + ['build', '--root', str(root), '--out', work + '/site'], 1):.1f} s"),
                ("build by stage", LAST_STAGES[0].removeprefix("stages: ") if LAST_STAGES else "")]
        site = Path(work) / "site"
        rows.append(("pages", str(len(list(site.rglob("index.html"))))))
        rows.append(("site size", f"{sum(p.stat().st_size for p in site.rglob('*') if p.is_file()) / 1e6:.0f} MB"))
        rows.append(("search index (pagefind/)", f"{sum(p.stat().st_size for p in (site / 'pagefind').rglob('*') if p.is_file()) / 1e6:.1f} MB"))
        number = next((site / "data/lookup/number").glob("*.json")).read_text(encoding="utf-8").split('"')[1]
        rows += measure_pages(site, number, "合成精密", "半導体", "b-synthetic-13")
    print("| synthetic country | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
