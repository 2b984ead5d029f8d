"""Validate plan packages: load problems, descriptor rules, Table Schema rules, domain rules. Never mutates."""

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts import load, paths, settings
from build_scripts.load.editions import read_editions
from build_scripts.model import Edition, Plan, Problem, Reference, kpi_reports
from build_scripts.rules import ERROR
from build_scripts.validate.checks.cells import check_cells
from build_scripts.validate.checks.descriptor import check_descriptor
from build_scripts.validate.checks.table import check_foreign_keys, check_table


@dataclass
class Report:
    plans: list[Plan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    editions: list[Edition] = field(default_factory=list)  # of the investment map, unchanged since made

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.grade == ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors


def validate(
    plan_dirs: list[Path] | None = None,
    *,
    root: Path = paths.DATAPACKAGES,
    reference: Reference | None = None,
    cache: dict | None = None,
) -> Report:
    """Validate the given plan folders (default: all under root); repository-wide rules always see all.

    `cache` (kept by `chiiki serve` between rebuilds) holds each folder's plan and problems with the
    fingerprint of its files, so only folders whose files changed are read and checked again."""
    reference = reference or load.load_reference()
    schemas = load.load_shared_schemas()
    metadata_schema = load.load_plan_metadata_schema()
    everything = load.discover(root)
    chosen = set(plan_dirs) if plan_dirs is not None else set(everything)
    report = Report()
    for directory in everything:
        check = directory in chosen
        compute = functools.partial(read_and_check, directory, check, reference, schemas, metadata_schema)
        plan, problems = (
            compute()
            if cache is None
            else cached(cache, (directory, check), (fingerprint(directory), today()), compute)
        )
        if plan is not None:
            report.plans.append(plan)
        if directory in chosen:
            report.problems += problems
    report.problems += check_unique_ids(report.plans, chosen)
    report.problems += check_companies_across_plans(report.plans, chosen)
    report.editions, changed = read_editions(root, paths.display)
    report.problems += changed  # an edition is checked whichever plans are: it must never change
    report.problems.sort(key=lambda p: (p.file, p.line or 0, p.row or 0, p.column or "", p.rule))
    report.problems = capped(report.problems)
    return report


PER_RULE = (
    1000  # problems listed per rule; the rest are counted (a 20,000-row file must not flood the report)
)


def capped(problems: list[Problem], limit: int = PER_RULE) -> list[Problem]:
    seen: Counter = Counter()
    kept = []
    for problem in problems:
        seen[problem.rule] += 1
        if seen[problem.rule] <= limit:
            kept.append(problem)
    for rule, count in sorted(seen.items()):
        if count > limit:
            first = next(p for p in kept if p.rule == rule)
            kept.append(
                Problem(
                    rule,
                    first.file,
                    f"ほかにも同じ問題が {count - limit:,} 件あります（表示は最初の {limit:,} 件まで）。",
                )
            )
    return kept


def read_and_check(
    directory: Path, check: bool, reference: Reference, schemas: dict, metadata_schema: dict
) -> tuple[Plan | None, list[Problem]]:
    """A plan folder read, with its reading problems and, if it is to be checked, its rules' problems."""
    plan, problems = load.read_plan(directory)
    if check and plan is not None:
        try:
            problems = problems + validate_plan(plan, reference, schemas, metadata_schema)
        except Exception as error:  # a plan of an unforeseen shape must not stop the other plans' checks
            problems = problems + [
                Problem(
                    "plan-metadata",
                    paths.display(directory / paths.DESCRIPTOR_NAME),
                    f"計画の形が規約と大きく違うため、検査を最後まで進められませんでした（{type(error).__name__}）。"
                    "plan: の項目の型（リストかどうか、引用符など）を規約と見比べてください。",
                )
            ]
    return plan, problems


def fingerprint(directory: Path) -> tuple:
    """What a plan folder's validation depends on: its files' names, sizes and modification times."""
    return tuple(
        sorted(
            (entry.name, entry.lstat().st_mtime_ns, entry.lstat().st_size, entry.lstat().st_mode)
            for entry in directory.iterdir()
        )
    )


def cached(cache: dict, key, stamp, compute):
    if key in cache and cache[key][0] == stamp:
        return cache[key][1]
    value = compute()
    cache[key] = (stamp, value)
    return value


def validate_plan(plan: Plan, reference: Reference, schemas: dict, metadata_schema: dict) -> list[Problem]:
    problems = check_descriptor(plan, reference, metadata_schema)
    for name, table in plan.tables.items():
        problems += check_table(table, schemas[name])
    problems += check_foreign_keys(plan.tables, schemas)
    return problems + check_cells(plan, reference, schemas) + check_stale_kpis(plan, today())


def today() -> datetime.date:
    return datetime.date.fromisoformat(settings.build_date())


def check_stale_kpis(plan: Plan, on: datetime.date) -> list[Problem]:
    """An approved plan reports progress about every six months (the state's PDCA
    mechanism, 「半年に一回程度の実施」); a year without one is worth a look."""
    if plan.status != "approved" or plan.is_example or "kpis" not in plan.tables:
        return []
    problems = []
    for kpi in plan.rows("kpis"):
        dates = [r["report_date"] for r in kpi_reports(plan, kpi["kpi_id"])]
        latest = max(dates, default=plan.meta.get("published_on", ""))
        try:
            age = (on - datetime.date.fromisoformat(latest)).days
        except ValueError:
            continue
        if age > 365:
            problems.append(
                Problem.in_row(
                    "kpi-stale",
                    paths.display(plan.tables["kpis"].path),
                    kpi,
                    "kpi_id",
                    f"最後の報告（または公表）は {latest} です。",
                    kpi["kpi_id"],
                )
            )
    return problems


def check_companies_across_plans(plans: list[Plan], chosen: set[Path]) -> list[Problem]:
    """Linear: one map from 法人番号 to the ids of the plans listing it (blank numbers are the required rule's)."""
    listed: dict[str, set[str]] = defaultdict(set)
    for plan in plans:
        for row in plan.rows("companies"):
            if row.get("corporate_number"):
                listed[row["corporate_number"]].add(plan.id)
    problems = []
    for plan in plans:
        if plan.directory not in chosen:
            continue
        for row in plan.rows("companies"):
            number = row.get("corporate_number")
            if number and len(listed[number]) > 1:
                others = ", ".join(sorted(listed[number] - {plan.id}))
                problems.append(
                    Problem.in_row(
                        "company-in-two-plans",
                        paths.display(plan.tables["companies"].path),
                        row,
                        "corporate_number",
                        f"ほかの計画：{others}",
                        value=number,
                    )
                )
    return problems


def editions_rewritten(changes: list[tuple[str, str]], base: str) -> list[Problem]:
    """Files of an edition that existed at `base` and were changed, deleted or replaced since (git's statuses M, D,
    T): an edition never changes, and a file changed together with its recorded hash passes the hash check, so
    history decides."""
    return [
        Problem(
            "edition-changed",
            name,
            f"{base[:12]} の時点の版から変わっています（変更・削除）。版は作った後に変えません。",
        )
        for status, name in changes
        if status in ("D", "M", "T") and name.startswith("datapackages/editions/")
    ]


WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods", ".zip")
DATA_FILES = (".csv", ".yaml", ".yml", ".json", ".tsv", ".txt") + WORKBOOKS
_OWN_FOLDERS = (
    "build_scripts/",
    "tests/",
    "docs/",
    ".github/",
    "datapackages/reference/",
    "datapackages/schemas/",
    "datapackages/editions/",
)


def submission_problems(changes: list[tuple[str, str]], root: Path = paths.DATAPACKAGES) -> list[Problem]:
    """What a pull request changed that can never become plan data where it is: a workbook or zip anywhere (it must
    be converted first), a data file outside a plan folder (a plan folder uploaded at the root, loose CSVs in a
    prefecture's folder), a plan folder deleted instead of withdrawn. Each is an error saying what to do."""
    problems = []
    for status, name in changes:
        parts = Path(name).parts
        in_plan_folder = (
            len(parts) == 5 and parts[0] == "datapackages" and parts[1] in ("blocks", "prefectures")
        )
        if status == "D":
            if (
                in_plan_folder
                and parts[4] == paths.DESCRIPTOR_NAME
                and not (root.parent / name).parent.exists()
            ):
                problems.append(Problem("submission", name, "計画のフォルダが削除されています。" + WITHDRAW))
            continue
        if name.lower().endswith(WORKBOOKS) and not name.startswith(("tests/", "docs/")):
            problems.append(
                Problem(
                    "submission",
                    name,
                    "Excel のブックや zip は、そのままでは計画のデータになりません。" + CONVERT,
                )
            )
        elif name.lower().endswith(DATA_FILES) and not in_plan_folder and not name.startswith(_OWN_FOLDERS):
            if "/" in name or name.lower().endswith((".csv", ".yaml", ".yml")):
                problems.append(Problem("submission", name, "計画のフォルダの外にあります。" + PLACE))
    return problems


CONVERT = (
    "サイトの「データを提供する方へ → 検査と変換（ブラウザで）」（/contribute/check/）でこのファイルを検査・変換し、"
    "表示されたフォルダに、表示されたファイルだけをアップロードしてください。このファイルはプルリクエストから削除します。"
)
PLACE = (
    "計画のファイルは datapackages/prefectures/<都道府県コード>-<英語名>/<計画ID>/"
    "（A は datapackages/blocks/<ブロック>/<計画ID>/）に置きます。"
    "検査と変換のページ（/contribute/check/）で検査すると、置く場所を表示します。"
)
WITHDRAW = "計画は削除せず、datapackage.yaml の status を withdrawn にし、withdrawn_on と withdrawal_note を書きます。"


def all_ids(plan: Plan) -> list[str]:
    """A plan's id and its former ids: none of them may be used by another plan, ever."""
    former = plan.meta.get("former_ids")
    return [plan.id] + ([i for i in former if isinstance(i, str)] if isinstance(former, list) else [])


def check_unique_ids(plans: list[Plan], chosen: set[Path]) -> list[Problem]:
    counts = Counter(i for plan in plans for i in all_ids(plan))
    return [
        Problem(
            "duplicate-plan-id",
            paths.display(plan.directory / paths.DESCRIPTOR_NAME),
            f"「{i}」は {counts[i]} 回使われています（以前のIDを含む）。",
            value=i,
            line=plan.lines.get(("plan", "id")),
        )
        for plan in plans
        if plan.directory in chosen
        for i in all_ids(plan)
        if counts[i] > 1
    ]
