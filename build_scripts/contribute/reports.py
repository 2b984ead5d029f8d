"""The semiannual progress report as a small workbook: one sheet for the plan's id, the plan's KPIs to read, and
the 進捗報告 sheet for the new reports. Importing it adds its reports to the plan's progress.csv (a report of the
same KPI and date replaces the old one, and says so) and changes nothing else of the plan; the plan is validated
whole before anything is written, as the plan's own workbook is."""

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from build_scripts import load, paths
from build_scripts.contribute import canonical, intake
from build_scripts.model import Plan, Problem, Table
from build_scripts.settings import build_date
from build_scripts.validate.checks.cells import check_report_dates
from build_scripts.validate.checks.table import check_table

FORM_SHEET = "進捗報告の提出"
KPI_SHEET = "KPI一覧（参照用）"
REPORT_SHEET = intake.SHEETS["progress"]
ID_EXPLAINED = "計画ID：サイトの計画のページに書かれた ID（例: b-nagano-precision）"


def workbook_bytes(plan: Plan | None) -> bytes:
    """The progress workbook of a plan (its id and KPIs filled in), or the empty one the site offers."""
    schemas, book = load.load_shared_schemas(), Workbook()
    form = book.active
    form.title = FORM_SHEET
    form.append(intake.PLAN_HEADINGS)
    for column, value in enumerate(["id", plan.id if plan else None, ID_EXPLAINED], start=1):
        intake._text_cell(form, 2, column, value)
    form.column_dimensions["B"].width = form.column_dimensions["C"].width = 48
    intake.table_sheet(book.create_sheet(KPI_SHEET), schemas["kpis"], plan.rows("kpis") if plan else [])
    reports = book.create_sheet(REPORT_SHEET)
    intake.table_sheet(reports, schemas["progress"], [])
    ids = [row["kpi_id"] for row in plan.rows("kpis")] if plan else []
    if ids and len(",".join(ids)) < 250:  # Excel's limit for a list written in the rule itself
        choice = DataValidation(type="list", formula1='"' + ",".join(ids) + '"', allow_blank=True)
        choice.add(f"A2:A{intake.ROWS_WITH_RULES}")
        reports.add_data_validation(choice)
    return intake.reproducible(intake.save(book), build_date())


def template_bytes() -> bytes:
    return workbook_bytes(None)


def import_report(path: Path, book, root: Path) -> intake.Imported:
    """The workbook's reports → the plan's progress.csv, validated with the whole plan; nothing is written when
    anything is an error. Without the plan at hand (the check page holds none), the reports are checked alone."""
    notes: list[intake.Note] = []
    places, schema = intake.Places(), load.load_shared_schemas()["progress"]
    try:
        problems = intake.structure_problems(path)
        if REPORT_SHEET not in book.sheetnames:
            raise intake.Refusal(
                [Problem("missing-table", REPORT_SHEET, f"シート「{REPORT_SHEET}」がありません。")]
            )
        plan_id = form_id(book)
        header, rows, found = intake.read_table_sheet(book[REPORT_SHEET], schema, notes, places)
        problems += found
        folder = plan_folder(root, plan_id)
        if folder is None:
            return unmatched(plan_id, header, rows, problems, places, root, notes)
        return merged_into(folder, header, rows, problems, places, root, notes)
    except intake.Refusal as refusal:
        return intake.Imported(None, [intake.on_sheet(p, places) for p in refusal.problems], notes)


def form_id(book) -> str | None:
    for key, value, *_ in intake.sheet_rows(book[FORM_SHEET], min_row=2):
        if str(key).strip() == "id" and value is not None:
            return str(value).strip()
    return None


def plan_folder(root: Path, plan_id: str | None) -> Path | None:
    """The folder of the plan with this id (or a former id) under `root`."""
    from build_scripts.validate import all_ids

    for folder in load.discover(root) if plan_id else []:
        plan, _ = load.read_plan(folder)
        if plan and plan_id in all_ids(plan):
            return folder
    return None


def unmatched(plan_id, header, rows, problems, places, root: Path, notes) -> intake.Imported:
    """Reports without their plan: their own form is checked (types, dates, a date to come); the KPI ids and the
    plan's dates are checked where the plan is (the repository: the pull request)."""
    table = Table(
        "progress", Path("progress.csv"), header, [as_row(header, r, n) for n, r in enumerate(rows, 2)]
    )
    today = datetime.date.fromisoformat(build_date())
    problems = problems + check_table(table, load.load_shared_schemas()["progress"])
    problems += check_report_dates(Plan(Path("."), {}, {}, {"progress": table}), today)
    rule, detail = (
        ("unknown-plan", f"計画ID「{plan_id}」の計画はありません。")
        if load.discover(root)
        else (
            "unmatched-plan",
            f"計画ID「{plan_id}」の計画との照合（KPI ID・公表日）は、プルリクエストで行います。",
        )
    )
    if not plan_id:
        rule, detail = "unknown-plan", "計画ID（id）を書いてください。"
    problems = [intake.on_sheet(p, places) for p in problems]
    problems.append(
        Problem(rule, FORM_SHEET, detail, row=2, column=intake.PLAN_HEADINGS[1], value=plan_id, cell="B2")
    )
    return intake.Imported(None, problems, notes)


def as_row(header: list[str], values: list[str], number: int) -> dict:
    return dict(zip(header, values)) | {"__row__": number, "__line__": number}


def merged_into(folder: Path, header, rows, problems, places, root: Path, notes) -> intake.Imported:
    """The plan's reports with the workbook's added, validated with the plan staged aside, then put in place."""
    plan, _ = load.read_plan(folder)
    fields = [f["name"] for f in load.load_shared_schemas()["progress"]["fields"]]
    old = [[row.get(name, "") for name in fields] for row in plan.rows("progress")]
    new = [[dict(zip(header, r)).get(name, "") for name in fields] for r in rows]
    merged, sheet_rows = merged_rows(old, new, places.table_rows.get(REPORT_SHEET, []), notes)
    files = {f"{name}.csv": (folder / f"{name}.csv").read_bytes() for name in plan.tables}
    files["progress.csv"] = intake.csv_bytes(fields, merged)
    descriptor_text = (folder / paths.DESCRIPTOR_NAME).read_bytes()
    descriptor = plan.descriptor
    if "progress" not in plan.tables:  # the first report: the table is declared, in the canonical form
        declared = [*descriptor.get("resources", []), intake.resource_of("progress.csv")]
        descriptor = canonical.canonical_descriptor({**descriptor, "resources": declared})
    else:
        files[paths.DESCRIPTOR_NAME] = descriptor_text  # unchanged, comments and all
    places.table_rows[REPORT_SHEET] = sheet_rows
    found = intake.validated_aside(descriptor, files, folder, root)
    shown = [intake.on_sheet(p, places) for p in problems]
    told = {intake.told_as(p) for p in shown}
    shown += [p for p in (on_report_sheet(p, places, folder) for p in found) if intake.told_as(p) not in told]
    if any(p.grade == "error" for p in shown):
        return intake.Imported(None, shown, notes)
    kept = intake.put_in_place(descriptor, files, folder)
    return intake.Imported(folder, shown, notes, kept)


def merged_rows(
    old: list[list[str]], new: list[list[str]], from_sheet: list[int], notes
) -> tuple[list, list]:
    """The plan's reports, each new report added (or replacing the report of the same KPI and date, noted), and
    for each merged row the sheet row it came from (None for a report the workbook did not hold)."""
    merged, origin = [list(row) for row in old], [None] * len(old)
    at = {(row[0], row[1]): index for index, row in enumerate(merged)}
    for row, sheet_row in zip(new, from_sheet):
        key = (row[0], row[1])
        if key in at:
            before = merged[at[key]]
            if before != row:
                notes.append(intake.Note(REPORT_SHEET, sheet_row, "実績値", ",".join(before), ",".join(row)))
            merged[at[key]], origin[at[key]] = row, sheet_row
        else:
            at[key] = len(merged)
            merged.append(row)
            origin.append(sheet_row)
    return merged, origin


def on_report_sheet(problem: Problem, places: intake.Places, folder: Path) -> Problem:
    """A problem of the merged plan: on the 進捗報告 sheet when it is in a row the workbook holds, else where it is
    in the repository (the plan's other files)."""
    rows = places.table_rows.get(REPORT_SHEET, [])
    name = Path(problem.file).name
    if name == "progress.csv" and problem.row and 2 <= problem.row < len(rows) + 2 and rows[problem.row - 2]:
        return intake.on_sheet(problem, places)
    shown = paths.display(folder / name) if name.endswith((".csv", ".yaml")) else problem.file
    return Problem(
        problem.rule,
        shown,
        problem.detail,
        row=problem.row,
        column=problem.column,
        value=problem.value,
        line=problem.line,
    )
