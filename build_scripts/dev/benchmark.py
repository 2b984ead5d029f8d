"""Benchmark: time the commands contributors and CI run, as fresh processes (startup included).

    python -m build_scripts.benchmark [--runs N]      the repository's data: medians of N runs
    python -m build_scripts.benchmark --synthetic     the synthetic national-scale country (several minutes):
        validate, clean build by stage, peak memory, pages, sizes, a rebuild after one plan changed,
        the same pages through plain MkDocs Material as a baseline, and bytes a reader's browser fetches
    python -m build_scripts.benchmark --hostile       time and peak memory on hostile input (issue 22): 100,000
        stray files in a plan folder, a small workbook declaring a million-row sheet, 5,000 KPIs in a plan
    python -m build_scripts.benchmark --check-page    the check page in chromium: first-visit bytes and time to
        ready (cold and cached), and the time to check a B plan's workbook of 150 companies

Prints Markdown tables. A measurement, not a test: nothing here fails on a slow machine.
"""

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from build_scripts import load, paths
from build_scripts.settings import build_date

LAST_STAGES: list[str] = []


def seconds(command: list[str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, check=False, capture_output=True, text=True, cwd=paths.ROOT)
        timings.append(time.perf_counter() - started)
        LAST_STAGES[:] = [line for line in done.stdout.splitlines() if line.startswith("stages: ")]
    return statistics.median(timings)


def last_stages() -> str:
    """The stage line of the last build run, for a table cell."""
    return LAST_STAGES[0].removeprefix("stages: ").replace(" | ", "; ") if LAST_STAGES else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="also build the synthetic national-scale country (47 B plans × 1,064 companies) and measure it",
    )
    parser.add_argument("--c-plans", type=int, default=1800)
    parser.add_argument("--hostile", action="store_true", help="time and memory on hostile input")
    parser.add_argument(
        "--check-page", action="store_true", help="the check page's bytes and times in chromium"
    )
    parser.add_argument(
        "--releases",
        type=int,
        metavar="N",
        help="the release history's cost: the synthetic country and N data commits",
    )
    args = parser.parse_args(argv)
    if args.releases:
        return release_history(args.c_plans, args.releases)
    if args.check_page:
        return check_page()
    if args.synthetic:
        return synthetic(args.c_plans)
    if args.hostile:
        return hostile()
    chiiki = [sys.executable, "-m", "build_scripts"]
    plans = load.discover()
    one = next(p for p in plans if p.name.startswith("b-"))
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("validate one plan (startup included)", seconds(chiiki + ["validate", str(one)], args.runs)),
            (f"validate the repository ({len(plans)} plans)", seconds(chiiki + ["validate"], args.runs)),
            (
                "build the site (validate + pages + downloads + MkDocs)",
                seconds(chiiki + ["build", "--out", out + "/site"], args.runs),
            ),
        ]
        stages = last_stages()
        site = Path(out) / "site"
        pages = len(list(site.rglob("*.html")))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"| step | median of {args.runs} (s) |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.2f} |")
    print(f"| build by stage | {stages} |\n| pages | {pages} |\n| site size | {size / 1e6:.1f} MB |")
    return 0


def synthetic(c_plans: int) -> int:
    from build_scripts.dev import synthetic as generator
    from build_scripts.dev.measure import measure_bulk, measure_pages

    with tempfile.TemporaryDirectory() as work:
        # as_real: national files and the national map count the plans (a temporary folder, never published)
        root = generator.generate(Path(work) / "datapackages", c_plans=c_plans, as_real=True)
        chiiki = [sys.executable, "-m", "build_scripts"]
        validate_seconds = seconds(chiiki + ["validate", "--root", str(root)], 1)
        build_seconds = seconds(chiiki + ["build", "--root", str(root), "--out", work + "/site"], 1)
        stages = last_stages()
        peak = (
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        )  # KB on Linux: the largest process
        site = Path(work) / "site"
        rows = [
            ("validate the synthetic repository (startup included)", f"{validate_seconds:.1f} s"),
            (
                "clean build (validate + pages + MkDocs + search index + downloads + maps)",
                f"{build_seconds:.1f} s",
            ),
            ("build by stage", stages),
            ("peak memory (largest process)", f"{peak:.0f} MB"),
        ]
        rows += site_sizes(site)
        rows += monitoring_costs(root, chiiki)
        rows += rebuild_after_one_change(root, Path(work) / "live" / "site")
        baseline = plain_material_seconds(root, Path(work) / "baseline")
        rows.append(
            (
                "same pages, plain Material (default navigation, lunr search)",
                f"{baseline['seconds']:.1f} s, site {baseline['bytes'] / 1e6:.0f} "
                f"MB, plan page {baseline['plan page'] / 1e3:.0f} KB, "
                f"lunr index {baseline['index'] / 1e6:.1f} MB",
            )
        )
        rows.append(
            ("our clean build as a ratio of plain Material", f"{build_seconds / baseline['seconds']:.2f}")
        )
        number = next((site / "data/lookup/number").glob("*.json")).read_text(encoding="utf-8").split('"')[1]
        rows += measure_pages(site, number, "合成精密", "半導体", "b-synthetic-13")
        rows += measure_bulk(site)
    print("| synthetic country | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


def release_history(c_plans: int, commits: int) -> int:
    """Name the releases and compute their change logs (derive/releases.py) over a history of the synthetic
    country: one commit of everything, then `commits` commits each changing one plan's companies."""

    from build_scripts.derive.releases import history_releases
    from build_scripts.dev import synthetic as generator
    from build_scripts.validate import validate

    def git(*arguments):
        identity = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid"]
        subprocess.run(["git", *identity, *arguments], cwd=work, check=True, capture_output=True)

    with tempfile.TemporaryDirectory() as work:
        root = generator.generate(Path(work) / "datapackages", c_plans=c_plans, as_real=True)
        git("init", "-q")
        git("add", "-A")
        git("commit", "-q", "-m", "all")
        lists = sorted(root.glob("prefectures/*/*/companies.csv"))
        for number in range(commits):
            path = lists[number % len(lists)]
            path.write_text(
                path.read_text(encoding="utf-8").replace("株式会社", "株式会社 ", 1), encoding="utf-8"
            )
            git("commit", "-q", "-a", "-m", f"change {number}")
        plans = validate(root=root).plans
        started = time.perf_counter()
        releases = history_releases(root, plans)
        elapsed = time.perf_counter() - started
    changes = sum(len(r.changes) for r in releases)
    print(
        f"| release history | value |\n|---|---|\n| plans | {len(plans)} |\n| data commits | {commits + 1} |"
    )
    print(f"| releases named, changes listed | {len(releases)}, {changes} |\n| seconds | {elapsed:.1f} |")
    return 0


def site_sizes(site: Path) -> list[tuple[str, str]]:
    """Pages, bytes and files of a built site, its largest pages, search index and lookup shards."""
    return [
        ("pages", str(len(list(site.rglob("index.html"))))),
        (
            "site size",
            f"{folder_bytes(site) / 1e6:.0f} MB in {sum(1 for p in site.rglob('*') if p.is_file())} files",
        ),
        (
            "largest pages",
            ", ".join(
                f"{p.parent.relative_to(site).as_posix()}/ {p.stat().st_size / 1e6:.1f} MB"
                for p in sorted(site.rglob("index.html"), key=lambda p: -p.stat().st_size)[:3]
            ),
        ),
        ("search index (pagefind/)", f"{folder_bytes(site / 'pagefind') / 1e6:.1f} MB"),
        ("company lookup shards (data/lookup/)", f"{folder_bytes(site / 'data/lookup') / 1e6:.1f} MB"),
        (
            "national tables: CSV / Excel CSV / Parquet",
            " / ".join(
                f"{sum(p.stat().st_size for p in (site / 'data/national').rglob('*' + suffix)) / 1e6:.1f} MB"
                for suffix in (".csv", ".excel.csv", ".parquet")
            )
            + " (the CSV figure includes the Excel CSVs)",
        ),
    ]


def monitoring_costs(root: Path, chiiki: list[str]) -> list[tuple[str, str]]:
    """What the monitoring adds: the summary tables (pandas, import included), freezing an edition (a fresh
    process, validation included) and its size. The edition is removed again, so later rows build without it."""
    from build_scripts import load
    from build_scripts.derive import derive
    from build_scripts.derive.summaries import summaries
    from build_scripts.validate import validate

    site = derive(validate(root=root).plans, load.load_reference())
    started = time.perf_counter()
    summaries(site)
    summary_seconds = time.perf_counter() - started
    month = build_date()[:7]  # an edition is refused unless it is made in its own month
    edition_seconds = seconds(chiiki + ["edition", "--id", month, "--root", str(root)], 1)
    folder = root / "editions" / month
    if not folder.is_dir():
        raise RuntimeError(f"chiiki edition --id {month} made no edition")  # never a silent 0 KB row
    size = folder_bytes(folder)
    shutil.rmtree(root / "editions", ignore_errors=True)
    return [
        (
            "summary tables (pandas, import included)",
            f"{summary_seconds:.1f} s for {len(site.real_plans)} plans",
        ),
        (
            "chiiki edition (fresh process, validation included)",
            f"{edition_seconds:.1f} s, {size / 1e3:.0f} KB",
        ),
    ]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def rebuild_after_one_change(root: Path, out: Path) -> list[tuple[str, str]]:
    """What chiiki serve does after a contributor saves one file: a progress value of one B plan changes."""
    from build_scripts.dev.rebuild import LiveSite

    live = LiveSite(out, root)
    live.full()
    progress = next(root.glob("prefectures/13-*/b-synthetic-13/progress.csv"))
    lines = progress.read_text(encoding="utf-8").splitlines(keepends=True)
    kpi_id, date, value, note = lines[1].rstrip("\n").split(",")
    progress.write_text(
        "".join([lines[0], f"{kpi_id},{date},{int(value) + 1},{note}\n", *lines[2:]]), encoding="utf-8"
    )
    started = time.perf_counter()
    live.update()
    total = time.perf_counter() - started
    live_after = sum(
        value
        for name, value in live.last_stages.items()
        if name not in ("search index", "files that changed")
    )
    return [
        ("rebuild after one plan changed (chiiki serve): the changed pages live", f"{live_after:.1f} s"),
        ("rebuild after one plan changed: search index and downloads too", f"{total:.1f} s"),
        ("rebuild by stage", ", ".join(f"{name} {value:.1f}s" for name, value in live.last_stages.items())),
    ]


def plain_material_seconds(root: Path, work: Path) -> dict:
    """The same generated pages built the way a plain MkDocs Material site would be: default navigation (every
    page in the menu), Material's lunr search, raw HTML left in the Markdown, no hooks. MkDocs run as a fresh process."""
    from build_scripts.build import Stages, validated
    from build_scripts.site.render import render_site

    docs = work / "docs"
    shutil.copytree(paths.STATIC_DOCS, docs, ignore=paths.not_published)
    derived = validated(root, Stages())
    render_site(derived.site, docs, derived.schemas, derived.companies)
    restore_fragments(docs)
    config = work / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "site_name": "地域未来戦略 計画データ",
                "docs_dir": "docs",
                "site_dir": "site",
                "theme": {"name": "material", "language": "ja"},
                "plugins": ["search"],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True, cwd=work)
    elapsed = time.perf_counter() - started
    built = work / "site"
    return {
        "seconds": elapsed,
        "bytes": folder_bytes(built),
        "index": folder_bytes(built / "search"),
        "plan page": (built / "plans/b-synthetic-13/index.html").stat().st_size,
    }


def restore_fragments(docs: Path) -> None:
    """Put the HTML blocks set aside by fragments.py back into the Markdown, as a plain site would have them."""
    from build_scripts.site import fragments

    for sidecar in docs.rglob("*" + fragments.SUFFIX):
        page = sidecar.with_name(sidecar.name.removesuffix(fragments.SUFFIX) + ".md")
        blocks = json.loads(sidecar.read_text(encoding="utf-8"))
        text = re.sub(
            r"^chiiki-html-fragment-([0-9]+)$",
            lambda m: blocks[int(m.group(1))],
            page.read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        )
        text = re.sub(
            r"^chiiki-page-(start|start-search|end)$", "", text, flags=re.MULTILINE
        )  # finish.py's markers
        page.write_text(text, encoding="utf-8")
        sidecar.unlink()


def timed(command: list[str]) -> tuple[float, float, int]:
    """Seconds, peak memory (MB) and exit code of one fresh process."""
    started = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True, cwd=paths.ROOT)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far, in MB
    return elapsed, peak, done.returncode


def hostile() -> int:
    """Issue 22's unbounded cases, each on a copy of the repository's data (the repository is never touched)."""
    from build_scripts.contribute import intake

    chiiki = [sys.executable, "-m", "build_scripts"]
    rows = []
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "datapackages"
        shutil.copytree(paths.DATAPACKAGES, root)
        plan = next(p for p in load.discover(root) if p.name.startswith("b-"))
        for number in range(100_000):
            (plan / f"stray-{number}.txt").touch()
        rows.append(
            (
                "validate with 100,000 stray files in a plan folder",
                *timed(chiiki + ["validate", "--root", str(root)]),
            )
        )
        for stray in plan.glob("stray-*.txt"):
            stray.unlink()
        workbook = Path(work) / "huge.xlsx"
        workbook.write_bytes(intake.export_plan(plan))
        from openpyxl import load_workbook

        book = load_workbook(workbook)
        book[intake.SHEETS["companies"]]["A1048576"] = "x"
        book.save(workbook)
        rows.append(
            (
                f"import-xlsx of a {workbook.stat().st_size // 1000} KB workbook declaring 1,048,576 rows",
                *timed(chiiki + ["import-xlsx", str(workbook), "--root", str(root)]),
            )
        )
        many_kpis(plan, 5000)
        rows.append(
            (
                "build with 5,000 KPIs and 5,000 reports in one plan (no search)",
                *timed(
                    chiiki + ["build", "--root", str(root), "--out", str(Path(work) / "site"), "--no-search"]
                ),
            )
        )
    print(
        "| hostile input | seconds | peak memory of the largest process so far (MB) | exit |\n|---|---|---|---|"
    )
    for name, elapsed, peak, code in rows:
        print(f"| {name} | {elapsed:.1f} | {peak:.0f} | {code} |")
    return 0


def many_kpis(plan: Path, count: int) -> None:
    """`count` KPIs, each with one progress report, declared in the plan's descriptor."""
    kpis = ["kpi_id,name,category,unit,baseline_value,baseline_date,target_value,target_date,description"]
    kpis += [f"k{n},指標{n},雇用,人,,,{n + 1},2031-03-31," for n in range(count)]
    progress = ["kpi_id,report_date,value,note"] + [f"k{n},2026-03-31,{n}," for n in range(count)]
    (plan / "kpis.csv").write_text("\n".join(kpis) + "\n", encoding="utf-8")
    (plan / "progress.csv").write_text("\n".join(progress) + "\n", encoding="utf-8")
    descriptor = yaml.safe_load((plan / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    declared = {r["name"] for r in descriptor["resources"]}
    for name in ("kpis", "progress"):
        if name not in declared:
            descriptor["resources"].append(
                {
                    "name": name,
                    "path": f"{name}.csv",
                    "schema": f"{paths.SCHEMA_REF_PREFIX}{name}.schema.yaml",
                }
            )
    (plan / paths.DESCRIPTOR_NAME).write_text(
        yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def check_page() -> int:
    """The check page of a build of the repository's data, and a workbook of 150 companies to check in it."""
    from build_scripts.dev.measure import measure_check_page

    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        subprocess.run(
            [sys.executable, "-m", "build_scripts", "build", "--no-search", "--out", str(site)],
            check=True,
            capture_output=True,
            cwd=paths.ROOT,
        )
        workbook = Path(work) / "b-150-companies.xlsx"
        workbook.write_bytes(workbook_of_companies(150))
        rows = measure_check_page(site, workbook)
    print("| check page | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


def workbook_of_companies(count: int) -> bytes:
    """The B example plan's workbook with `count` fictional companies (the fictional 法人番号 base)."""
    import io

    from openpyxl import load_workbook

    from build_scripts.codes import with_corporate_check_digit
    from build_scripts.contribute import intake

    folder = next(p for p in load.discover() if p.name.startswith("b-"))
    book = load_workbook(io.BytesIO(intake.export_plan(folder)))
    sheet, code = (
        book[intake.SHEETS["companies"]],
        load.read_plan(folder)[0].rows("companies")[0]["municipality_code"],
    )
    for row in range(2, count + 2):
        number = with_corporate_check_digit(f"99999{row:07d}")
        values = [number, f"架空企業{row}株式会社（記載例）", code, "精密加工", "中核企業", "candidate_list"]
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column).value = value
    return intake.save(book)


if __name__ == "__main__":
    raise SystemExit(main())
