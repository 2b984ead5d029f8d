"""The semiannual progress report's small workbook: made for a plan (its id and KPIs filled in) or empty (the
site's), imported by adding its reports to the plan's progress.csv and nothing else, every problem on its cell."""

import shutil

import pytest
from conftest import B_PLAN, C_PLAN, FIXTURES
from openpyxl import load_workbook

from build_scripts import load
from build_scripts.cli import main
from build_scripts.contribute import intake, reports

FIXTURE_ROOT = FIXTURES / "repo" / "datapackages"


@pytest.fixture
def world(tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(FIXTURE_ROOT, root)
    return root


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def report_workbook(tmp_path, plan_folder, rows, plan_id=None):
    """The plan's progress workbook with reports typed from row 2, as an official fills it."""
    path = tmp_path / "progress.xlsx"
    assert main(["export-xlsx", "--progress", str(plan_folder), "--out", str(path)]) == 0
    book = load_workbook(path)
    if plan_id is not None:
        book[reports.FORM_SHEET]["B2"] = plan_id
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            book[reports.REPORT_SHEET].cell(number, column).value = value
    book.save(path)
    return path


def test_the_workbook_of_a_plan_holds_its_id_and_kpis_and_a_sheet_for_the_reports(world, tmp_path):
    path = report_workbook(tmp_path, world / B_PLAN, [])
    book = load_workbook(path)
    assert book.sheetnames == ["進捗報告の提出", "KPI一覧（参照用）", "進捗報告"]
    assert book["進捗報告の提出"]["B2"].value == "b-fixture-tokyo"
    assert [c.value for c in book["KPI一覧（参照用）"]["A"]][1:3] == ["sales", "jobs"]
    assert [c.value for c in book["進捗報告"][1]] == ["KPI ID", "報告日", "実績値", "備考"]
    [choice] = book["進捗報告"].data_validations.dataValidation
    assert choice.formula1 == '"sales,jobs"'


def test_its_reports_are_added_and_a_correction_replaces_the_old_one_saying_so(world, tmp_path):
    folder = world / B_PLAN
    before = files(folder)
    path = report_workbook(
        tmp_path, folder, [["sales", "2026-10-31", 130, "秋の報告"], ["sales", "2026-09-30", 126]]
    )
    result = intake.import_workbook(path, world)
    assert result.folder == folder and [p for p in result.problems if p.grade == "error"] == []
    assert (folder / "progress.csv").read_text(encoding="utf-8").splitlines() == [
        "kpi_id,report_date,value,note",
        "sales,2026-07-31,110,",
        "sales,2026-09-30,126,",  # the correction, in place of 125
        "sales,2026-10-31,130,秋の報告",
    ]
    [note] = result.notes
    assert (note.sheet, note.row, note.before, note.after) == (
        "進捗報告",
        3,
        "sales,2026-09-30,125,増加",
        "sales,2026-09-30,126,",
    )
    after = files(folder)
    assert {name for name in after if after[name] != before[name]} == {
        "progress.csv"
    }  # the descriptor untouched


def test_the_first_report_of_a_plan_declares_its_progress_table(world, tmp_path):
    folder = world / C_PLAN
    path = report_workbook(tmp_path, folder, [["sales", "2026-09-30", 11]])
    result = intake.import_workbook(path, world)
    assert result.folder == folder
    plan, problems = load.read_plan(folder)
    assert problems == [] and [row["value"] for row in plan.rows("progress")] == ["11"]


def test_a_bad_report_is_told_on_its_cell_and_nothing_is_written(world, tmp_path):
    """Rules foreign-key (a KPI the plan does not have), date (a report to come) and report-before-plan, each
    on the 進捗報告 sheet's own row and heading."""
    before = files(world / B_PLAN)
    rows = [["nosuch", "2026-09-30", 1], ["sales", "2027-03-31", 2], ["sales", "2026-06-30", 3]]
    result = intake.import_workbook(report_workbook(tmp_path, world / B_PLAN, rows), world)
    assert result.folder is None and files(world / B_PLAN) == before
    where = {(p.rule, p.file, p.row, p.column, p.cell) for p in result.problems}
    assert ("foreign-key", "進捗報告", 2, "KPI ID", "A2") in where
    assert ("date", "進捗報告", 3, "報告日", "B3") in where
    assert ("report-before-plan", "進捗報告", 4, "報告日", "B4") in where


def test_a_report_for_no_plan_of_the_repository_is_an_error(world, tmp_path):
    result = intake.import_workbook(report_workbook(tmp_path, world / B_PLAN, [], plan_id="b-no-such"), world)
    assert [(p.rule, p.file, p.cell) for p in result.problems] == [("unknown-plan", "進捗報告の提出", "B2")]


def test_without_the_plan_at_hand_the_reports_own_form_is_checked_and_the_rest_left_to_the_pull_request(
    world, tmp_path
):
    """The check page holds no plan (rule unmatched-plan, a warning): it still finds a report to come and a
    value that is no number."""
    empty = tmp_path / "empty" / "datapackages"
    empty.mkdir(parents=True)
    rows = [["sales", "2027-03-31", 2], ["sales", "2026-09-30", "１２"]]
    result = intake.import_workbook(report_workbook(tmp_path, world / B_PLAN, rows), empty)
    where = {(p.rule, p.file, p.row, p.column) for p in result.problems}
    assert ("date", "進捗報告", 2, "報告日") in where
    assert ("type", "進捗報告", 3, "実績値") in where
    assert ("unmatched-plan", "進捗報告の提出", 2, "値") in where
    assert result.folder is None


def test_the_workflow_converts_an_uploaded_progress_workbook(world, tmp_path, monkeypatch):
    """An official uploads the report's workbook in a pull request: the run attaches the plan's updated files."""
    import subprocess

    from build_scripts import paths

    repo = world.parent
    git = ["git", "-C", str(repo), "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    base = subprocess.run(
        git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    path = report_workbook(tmp_path, world / B_PLAN, [["sales", "2026-10-31", 130]])
    shutil.copyfile(path, repo / "進捗報告.xlsx")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "upload"], check=True)
    out = tmp_path / "converted"
    monkeypatch.setattr(paths, "ROOT", repo)
    code = main(["convert-uploads", "--changed-since", base, "--out", str(out), "--root", str(world)])
    assert code == 0
    text = (out / "datapackages" / B_PLAN / "progress.csv").read_text(encoding="utf-8")
    assert text.splitlines()[-1] == "sales,2026-10-31,130,"
