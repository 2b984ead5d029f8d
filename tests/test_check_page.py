"""The check page runs the project's own validator and intake in the browser (Pyodide): for the same files,
chosen in the page as a person chooses them, it gives exactly the answer CPython gives — the same problems
(rule, sheet or file, row, column, message, fix), the same folder and the same zip — and sends nothing."""

import functools
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import A_PLAN, B_PLAN, C_PLAN, FIXTURES
from openpyxl import load_workbook

from build_scripts import load, paths
from build_scripts.contribute import checking, intake, reports

FIXTURE_ROOT = FIXTURES / "repo" / "datapackages"


@functools.cache
def exported(plan: str) -> bytes:
    return intake.export_plan(FIXTURE_ROOT / plan)


def workbook(folder: Path, plan: str, **cells) -> None:
    """The plan's workbook in `folder`, with cells set ({"重点支援企業!A2": value})."""
    path = folder / "plan.xlsx"
    path.write_bytes(exported(plan))
    if cells:
        book = load_workbook(path)
        for where, value in cells.items():
            sheet, cell = where.split("!")
            book[sheet][cell] = value
        book.save(path)


def plan_files(folder: Path, plan: str, change=None) -> None:
    for path in (FIXTURE_ROOT / plan).iterdir():
        shutil.copy(path, folder / path.name)
    if change:
        change(folder)


def replace_in(name: str, old: str, new: str):
    def change(folder: Path) -> None:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return change


CASES = {
    "a-good-workbook": lambda f: workbook(f, B_PLAN),
    "a-wrong-check-digit": lambda f: workbook(f, B_PLAN, **{"重点支援企業!A2": "7010401067252"}),
    "a-date-as-text": lambda f: workbook(f, B_PLAN, **{"進捗報告!B2": "2026/03/31"}),
    "an-id-with-path-components": lambda f: workbook(f, B_PLAN, **{"計画!B2": "../../../docs"}),
    "an-a-plan-workbook": lambda f: workbook(f, A_PLAN),
    "a-good-folder": lambda f: plan_files(f, C_PLAN),
    "a-folder-with-a-wrong-code": lambda f: plan_files(
        f, B_PLAN, replace_in("companies.csv", "131016", "131017")
    ),
    "a-folder-out-of-order": lambda f: plan_files(
        f,
        B_PLAN,
        replace_in(
            "datapackage.yaml", "  id: b-fixture-tokyo\n  kind: B\n", "  kind: B\n  id: b-fixture-tokyo\n"
        ),
    ),
    "a-zip-of-a-folder": lambda f: (f / "plan.zip").write_bytes(
        checking.plan_zip(FIXTURE_ROOT / B_PLAN, True)
    ),
    "a-progress-report-to-come": lambda f: progress_workbook(f, ["sales", "2027-03-31", 130]),
}


def progress_workbook(folder: Path, report: list) -> None:
    """The plan's progress workbook with one report typed in (the page holds no plan: its form is checked)."""
    path = folder / "progress.xlsx"
    plan, _ = load.read_plan(FIXTURE_ROOT / B_PLAN)
    path.write_bytes(reports.workbook_bytes(plan))
    book = load_workbook(path)
    for column, value in enumerate(report, start=1):
        book[reports.REPORT_SHEET].cell(2, column).value = value
    book.save(path)


@pytest.fixture(scope="module")
def chosen(tmp_path_factory) -> dict[str, Path]:
    folders = {}
    for name, make in CASES.items():
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        folders[name] = folder
    return folders


@functools.cache
def _cpython_answer(folder: Path, pinned_epoch: str | None) -> str:
    return checking.check_json(str(folder))  # the epoch is the cache's key: check_json reads it from the env


def answer_of(folder: Path) -> dict:
    """The command line's answer for the files in `folder`, computed once per module and build date."""
    return json.loads(_cpython_answer(folder, os.environ.get("SOURCE_DATE_EPOCH")))


EXPECTED = {  # what a person sees for each case: (the rules of the errors, the folder to upload into)
    "a-good-workbook": ([], "datapackages/prefectures/13-tokyo/b-fixture-tokyo"),
    "a-wrong-check-digit": (["corporate-number"], None),
    "a-date-as-text": (["type"], None),
    "an-id-with-path-components": (["plan-metadata"], None),
    "an-a-plan-workbook": ([], "datapackages/blocks/kyushu/a-fixture-kyushu"),
    "a-good-folder": ([], "datapackages/prefectures/13-tokyo/c-fixture-chiyoda"),
    "a-folder-with-a-wrong-code": (["municipality-code"], None),
    "a-folder-out-of-order": ([], "datapackages/prefectures/13-tokyo/b-fixture-tokyo"),
    "a-zip-of-a-folder": ([], "datapackages/prefectures/13-tokyo/b-fixture-tokyo"),
    "a-progress-report-to-come": (["date"], None),
}


@pytest.mark.parametrize("case", CASES)
def test_the_answer_names_the_rule_the_cell_and_the_folder(chosen, case):
    answer = answer_of(chosen[case])
    rules, folder = EXPECTED[case]
    assert [p["rule"] for p in answer["problems"] if p["grade"] == "error"] == rules
    assert answer["folder"] == folder and bool(answer["zip"]) == (folder is not None)
    for problem in answer["problems"]:
        assert (
            problem["message"] and problem["hint"] and problem["help"].endswith(f"rules/{problem['rule']}/")
        )


def test_the_wrong_check_digit_is_reported_on_its_sheet_row_and_column_as_the_cli_reports_it(chosen):
    answer = answer_of(chosen["a-wrong-check-digit"])
    [problem] = [p for p in answer["problems"] if p["rule"] == "corporate-number"]
    assert (problem["file"], problem["row"], problem["column"], problem["cell"]) == (
        "重点支援企業",
        2,
        "法人番号",
        "A2",
    )
    result = intake.import_workbook(chosen["a-wrong-check-digit"] / "plan.xlsx", FIXTURE_ROOT.parent / "none")
    [cli] = [p for p in result.problems if p.rule == "corporate-number"]
    assert problem["message"] == cli.as_dict()["message"]


def test_the_zip_holds_a_plan_the_validator_accepts_in_canonical_form(chosen, tmp_path):
    import base64
    import io
    import zipfile

    from build_scripts.contribute import canonical
    from build_scripts.validate import validate

    answer = answer_of(chosen["a-folder-out-of-order"])
    root = tmp_path / "datapackages"
    shutil.copytree(FIXTURE_ROOT, root)
    folder = root.parent / answer["folder"]
    shutil.rmtree(folder)
    folder.mkdir()
    zipfile.ZipFile(io.BytesIO(base64.b64decode(answer["zip"]))).extractall(folder)
    assert canonical.is_canonical((folder / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    assert validate(root=root).valid


# --- the page in chromium: a real file chosen, nothing sent anywhere ------------------------------------------


def choose_and_check(tab, files: list[Path]) -> dict:
    """Choose files as a person does (the file dialog of the page's input), press 検査する, read what is shown."""
    asked = int(tab.get_attribute("#chiiki-check", "data-chiiki-answered") or 0) + 1
    with tab.expect_file_chooser() as chooser:
        tab.click("#check-files")
    chooser.value.set_files([str(f) for f in files])
    tab.click(".check-form button[type=submit]")
    tab.wait_for_selector(f"#chiiki-check[data-chiiki-answered='{asked}']", timeout=120_000)
    rows = [
        [cell.inner_text() for cell in row.query_selector_all("td")]
        for row in tab.query_selector_all(".check-problems tbody tr")
    ]
    link = tab.query_selector(".check-download")
    return {
        "status": tab.inner_text(".check-status"),
        "rows": rows,
        "folder": tab.inner_text(".check-folder code") if tab.query_selector(".check-folder") else None,
        "download": link.get_attribute("download") if link else None,
    }


@pytest.fixture(scope="module")
def check_tab(browser, fixture_url):
    """One tab on the built check page; every request to a host other than the site's is refused and noted."""
    context = browser.new_context()
    tab = context.new_page()
    site_host = fixture_url.split("/")[2]
    outside = []

    def only_the_site(route):
        host = route.request.url.split("/")[2]
        if host == site_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_the_site)
    tab.goto(fixture_url + "contribute/check/")
    tab.wait_for_selector("#chiiki-check[data-chiiki-ready]")
    yield tab, outside
    context.close()


@pytest.mark.parametrize("case", CASES)
def test_the_page_and_the_command_line_give_the_same_answer(check_tab, chosen, case, monkeypatch):
    """The page's worker (Pyodide in chromium, the bundle the site serves) and CPython: the same problems, folder and
    zip bytes for each case, its files chosen in the page's file dialog. Both on today's date in Japan (the page
    knows no pinned date: a report dated after today is told against the person's today)."""
    tab, outside = check_tab
    choose_and_check(tab, sorted(chosen[case].iterdir()))
    in_the_page = tab.evaluate("document.getElementById('chiiki-check').chiikiAnswer")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert in_the_page == answer_of(chosen[case])
    assert outside == []


def test_the_page_finds_the_wrong_check_digit_the_cli_finds_and_sends_nothing(check_tab, chosen):
    tab, outside = check_tab
    shown = choose_and_check(tab, [chosen["a-wrong-check-digit"] / "plan.xlsx"])
    expected = answer_of(chosen["a-wrong-check-digit"])
    [problem] = [p for p in expected["problems"] if p["rule"] == "corporate-number"]
    assert ["エラー", "重点支援企業", "2", "法人番号（A2）", problem["value"], problem["message"]] in [
        row[:6] for row in shown["rows"]
    ]
    assert "エラーが" in shown["status"] and shown["download"] is None
    assert outside == []


def test_a_good_workbook_gives_the_folder_and_a_zip_to_upload(check_tab, chosen):
    tab, outside = check_tab
    shown = choose_and_check(tab, [chosen["a-good-workbook"] / "plan.xlsx"])
    assert shown["status"].startswith("エラーはありません")
    assert shown["folder"] == "datapackages/prefectures/13-tokyo/b-fixture-tokyo/"
    assert shown["download"] == "b-fixture-tokyo.zip"
    assert outside == []


def test_a_plan_folders_files_chosen_together_are_checked_as_a_folder(check_tab, chosen):
    tab, outside = check_tab
    files = sorted(chosen["a-folder-with-a-wrong-code"].iterdir())
    shown = choose_and_check(tab, files)
    assert [row[:4] for row in shown["rows"] if row[0] == "エラー"] == [
        [
            "エラー",
            "datapackages/prefectures/13-tokyo/b-fixture-tokyo/companies.csv",
            "2",
            "municipality_code",
        ]
    ]
    assert outside == []


def test_no_other_page_loads_the_check_page_or_pyodide(fixture_site):
    pages = [p for p in fixture_site.rglob("index.html") if "contribute/check" not in p.as_posix()]
    assert len(pages) > 50
    assert not [p for p in pages if "check.js" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("kind", ["A", "B", "C", "progress"])
def test_the_site_offers_each_kinds_template_as_chiiki_xlsx_template_makes_it(fixture_site, tmp_path, kind):
    from build_scripts import urls
    from build_scripts.cli import main

    assert main(["xlsx-template", "--kind", kind, "--out", str(tmp_path / "t.xlsx")]) == 0

    served = (fixture_site / urls.template(kind)).read_bytes()  # both made on the pinned date: the same bytes
    assert served == (tmp_path / "t.xlsx").read_bytes()
    first = (
        ["進捗報告の提出", "KPI一覧（参照用）", "進捗報告"]
        if kind == "progress"
        else ["計画", "分野", "出典"]
    )
    assert load_workbook(fixture_site / urls.template(kind)).sheetnames[:3] == first
    page = (fixture_site / "contribute" / "check" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../{urls.template(kind)}"' in page


def test_on_a_phone_each_problem_is_a_card_a_person_can_read(check_tab, chosen):
    """Seven columns squeezed into 390 px put one character on a line: on a phone each problem is a card whose
    every line says what it is, and nothing scrolls sideways."""
    tab, outside = check_tab
    choose_and_check(tab, [chosen["a-wrong-check-digit"] / "plan.xlsx"])
    tab.set_viewport_size({"width": 390, "height": 844})
    try:
        cells = tab.eval_on_selector_all(
            ".check-problems tbody tr:first-child td:not(:empty)",
            "cells => cells.map(c => [getComputedStyle(c).display, c.getBoundingClientRect().width,"
            " getComputedStyle(c, '::before').content])",
        )
        assert cells and all(display == "block" and width > 300 for display, width, _ in cells)
        assert '"シート・ファイル："' in [before for _, _, before in cells]
        assert tab.is_hidden(".check-problems thead")
        assert tab.evaluate("() => { window.scrollTo(10000, window.scrollY); return window.scrollX; }") == 0
    finally:
        tab.set_viewport_size({"width": 1280, "height": 720})
    assert outside == []
