"""Excel intake: every plan survives export → import unchanged, and bad input is reported by sheet, row and column."""

import datetime
import functools
import shutil

import pytest
from conftest import B_PLAN, FIXTURES
from openpyxl import load_workbook

from build_scripts import load, paths
from build_scripts.cli import main
from build_scripts.contribute import intake

FIXTURE_ROOT = FIXTURES / "repo" / "datapackages"
PLANS = [(paths.DATAPACKAGES, d) for d in load.discover()] + [
    (FIXTURE_ROOT, d) for d in load.discover(FIXTURE_ROOT)
]


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("root,folder", PLANS, ids=[d.name for _, d in PLANS])
def test_export_then_import_gives_the_same_package(tmp_path, root, folder):
    workbook = tmp_path / "plan.xlsx"
    workbook.write_bytes(intake.export_plan(folder))
    target_root = tmp_path / "datapackages"
    shutil.copytree(root, target_root)
    shutil.rmtree(target_root / folder.relative_to(root))
    result = intake.import_workbook(workbook, target_root)
    assert [p.as_dict() for p in result.problems if p.grade == "error"] == []
    assert result.folder == target_root / folder.relative_to(root)
    assert files(result.folder) == files(folder)


@functools.cache
def exported_b_plan() -> bytes:
    """The B fixture plan as a workbook, exported once for the module (each test spoils its own copy)."""
    return intake.export_plan(FIXTURE_ROOT / B_PLAN)


@pytest.fixture
def filled(tmp_path):
    """A workbook of the B fixture plan, to be spoiled by each test, and a repository to import into."""
    root = tmp_path / "datapackages"
    shutil.copytree(FIXTURE_ROOT, root)
    path = tmp_path / "b.xlsx"
    path.write_bytes(exported_b_plan())
    return path, root


def spoil(path, sheet, cell, value):
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def test_a_whole_code_typed_as_a_number_is_kept_and_an_excel_date_is_converted_and_noted(filled):
    path, root = filled
    spoil(path, "重点支援企業", "C2", 131016)  # typed as a number: fine, it already has 6 digits
    spoil(path, "計画", "B2", "b-fixture-tokyo")
    book = load_workbook(path)
    book["KPI"]["F2"] = datetime.datetime(2025, 3, 31)
    book.save(path)
    result = intake.import_workbook(path, root)
    assert result.folder is not None
    assert [(n.sheet, n.row, n.column, n.after) for n in result.notes] == [
        ("KPI", 2, "基準時点", "2025-03-31")
    ]
    plan_path = root / B_PLAN / "companies.csv"
    assert plan_path.read_text(encoding="utf-8").splitlines()[1].split(",")[2] == "131016"


@pytest.mark.parametrize(
    "typed,candidates",
    [
        (11002, ["011002（札幌市）"]),  # 札幌市 011002 after Excel made it a number
        (
            12203,
            ["012203（士別市）", "122033（市川市）"],
        ),  # 千葉県市川市 without its check digit, or 士別市 without its 0
    ],
)
def test_a_code_typed_as_a_number_is_an_error_naming_what_it_could_have_been(filled, typed, candidates):
    path, root = filled
    before = files(root / B_PLAN)
    book = load_workbook(path)
    book["重点支援企業"]["C2"] = typed
    book.save(path)
    result = intake.import_workbook(path, root)
    assert result.folder is None and result.notes == []  # nothing padded
    [problem] = [p for p in result.problems if p.grade == "error"]  # one problem for the cell, not two
    assert (problem.rule, problem.file, problem.row, problem.column, problem.cell) == (
        "municipality-code",
        "重点支援企業",
        2,
        "所在地（全国地方公共団体コード）",  # the sheet's heading, as the person sees it
        "C2",
    )
    assert all(candidate in problem.detail for candidate in candidates)
    assert files(root / B_PLAN) == before


def test_a_corporate_number_typed_as_a_number_says_excel_may_have_lost_digits(filled):
    path, root = filled
    book = load_workbook(path)
    book["重点支援企業"]["A2"] = 3.0e12  # shown by Excel as 3.00E+12
    book.save(path)
    result = intake.import_workbook(path, root)
    [problem] = [p for p in result.problems if p.grade == "error"]
    assert (problem.rule, problem.row, problem.column) == ("corporate-number", 2, "法人番号")
    assert "桁を失う" in problem.detail and "9000000000000" not in problem.detail


def test_the_check_digit_message_never_offers_the_digit(filled):
    path, root = filled
    spoil(path, "重点支援企業", "A2", "7010401067252")
    [problem] = [p for p in intake.import_workbook(path, root).problems if p.rule == "corporate-number"]
    assert "公表サイトで13桁の番号を確かめて" in problem.detail
    assert not any(digit in problem.detail for digit in "0123456789" if f"は {digit}" in problem.detail)
    assert "チェックディジットは" not in problem.detail


BAD = [
    ("進捗報告", "B2", "2026/03/31", "type", "報告日", "2026-03-31"),
    ("進捗報告", "B2", "令和8年3月31日", "type", "報告日", "和暦を西暦に"),
    ("進捗報告", "B2", 46112, "type", "報告日", "Excel の日付シリアル値"),
    ("投資計画", "D2", "１２３", "type", "投資規模（億円）", "半角に"),
    ("投資計画", "D2", "12,345", "type", "投資規模（億円）", "桁区切り"),
    ("重点支援企業", "A2", "7010401067252", "corporate-number", "法人番号", "チェックディジット"),
    ("施策", "I2", "実施中", "enum", "実施状況", "in_progress"),
    ("重点支援企業", "G1", "担当者の電話番号", "extra-column", "担当者の電話番号", "列ではありません"),
    ("重点支援企業", "H2", "担当者のメモ", "extra-column", "H", "見出しのない列 H に値があります"),
]


@pytest.mark.parametrize("sheet,cell,value,rule,column,words", BAD, ids=[b[3] + "-" + str(b[2]) for b in BAD])
def test_bad_input_is_reported_by_sheet_row_and_column_and_nothing_is_written(
    filled, sheet, cell, value, rule, column, words
):
    path, root = filled
    before = files(root / B_PLAN)
    spoil(path, sheet, cell, value)
    result = intake.import_workbook(path, root)
    assert result.folder is None
    found = [p for p in result.problems if p.rule == rule]
    assert found, [p.as_dict() for p in result.problems]
    assert (found[0].file, found[0].row, found[0].column) == (sheet, int(cell[1:]), column)
    assert found[0].cell in (cell, None)  # a heading's own problem is on row 1, named by the heading
    assert words in found[0].as_dict()["message"]
    assert files(root / B_PLAN) == before


def test_template_has_a_sheet_per_table_with_japanese_headers_and_input_rules(tmp_path):
    out = tmp_path / "t.xlsx"
    assert main(["xlsx-template", "--kind", "B", "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == [
        "計画",
        "分野",
        "出典",
        "重点支援企業",
        "投資計画",
        "施策",
        "KPI",
        "進捗報告",
        "改訂履歴",
    ]
    assert [c.value for c in book["重点支援企業"][1]] == [
        "法人番号",
        "企業名",
        "所在地（全国地方公共団体コード）",
        "業種",
        "クラスターでの役割",
        "選定根拠",
    ]
    rules = book["施策"].data_validations.dataValidation
    assert any("in_progress" in rule.formula1 for rule in rules)
    assert book["重点支援企業"]["A2"].number_format == "@"
    keys = [row[0].value for row in book["計画"].iter_rows(min_row=2)]
    assert keys[:4] == ["id", "former_ids", "kind", "title"] and "requirements.commitment" in keys


def test_import_command_reports_in_japanese(filled, capsys):
    path, root = filled
    spoil(path, "進捗報告", "B2", "2026/03/31")
    assert main(["import-xlsx", str(path), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "進捗報告 2行目 列 報告日（セル B2）" in out and "何も書き込みませんでした" in out


def test_a_problem_after_a_blank_row_names_the_row_the_person_sees(filled):
    """Blank rows in a sheet are skipped, but a problem names the sheet's own row, not the CSV's."""
    path, root = filled
    book = load_workbook(path)
    sheet = book["重点支援企業"]
    last = sheet.max_row
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=last)]
    for number in range(2, last + 3):
        for column in range(1, 7):
            sheet.cell(number, column).value = None
    for offset, row in enumerate(rows):  # a blank row 2 and 3, then the companies from row 4
        for column, value in enumerate(row[:6], start=1):
            sheet.cell(4 + offset, column).value = value
    sheet.cell(5, 1).value = "7010401067252"  # the second company's number, now in sheet row 5, is wrong
    book.save(path)
    [problem] = [p for p in intake.import_workbook(path, root).problems if p.rule == "corporate-number"]
    assert (problem.file, problem.row, problem.column, problem.cell) == ("重点支援企業", 5, "法人番号", "A5")


def test_merged_cells_and_hidden_rows_are_errors_naming_the_cell_and_the_row(filled):
    """A merged cell imports as empty cells and a hidden row (a company marked 辞退) would be published."""
    path, root = filled
    before = files(root / B_PLAN)
    book = load_workbook(path)
    book["重点支援企業"].row_dimensions[3].hidden = True
    book["重点支援企業"].merge_cells("D2:D3")
    book.save(path)
    result = intake.import_workbook(path, root)
    assert result.folder is None
    found = {(p.rule, p.file, p.row, p.value) for p in result.problems if p.rule == "sheet-structure"}
    assert found == {
        ("sheet-structure", "重点支援企業", 3, None),
        ("sheet-structure", "重点支援企業", None, "D2:D3"),
    }
    assert files(root / B_PLAN) == before


@pytest.mark.parametrize("typed", ["1、3", "１；３", "一"])
def test_field_numbers_written_otherwise_are_named_by_cell_not_a_traceback(filled, typed):
    path, root = filled
    spoil(path, "分野", "B2", typed)
    result = intake.import_workbook(path, root)
    assert result.folder is None
    assert [(p.rule, p.file, p.row, p.value) for p in result.problems] == [
        ("strategic-field", "分野", 2, typed)
    ]


def ole2(*streams: str) -> bytes:
    """The start of an OLE2 compound file (the .xls container) whose directory names the given streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in streams) + bytes(1024)


@pytest.mark.parametrize(
    "content,words",
    [
        (ole2("Workbook", "SummaryInformation"), "古い形式の Excel ブック（.xls"),
        (ole2("EncryptionInfo", "EncryptedPackage"), "パスワードで保護されたブック"),
        (b"corporate_number,name\n", "CSV などの名前を .xlsx に変えたもの"),
    ],
    ids=["xls", "password", "renamed-csv"],
)
def test_a_file_that_is_no_xlsx_is_told_what_it_is(tmp_path, content, words):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    result = intake.import_workbook(path, tmp_path / "datapackages")
    [problem] = result.problems
    assert result.folder is None and problem.rule == "encoding" and words in problem.detail


def template_with(tmp_path, cells: dict[tuple[str, str], object]):
    """The B template (as the site offers it) with some cells typed in, as a person would."""
    path = tmp_path / "template-b.xlsx"
    path.write_bytes(intake.template_bytes("B"))
    book = load_workbook(path)
    for (sheet, cell), value in cells.items():
        book[sheet][cell] = value
    book.save(path)
    return path


def test_everything_wrong_is_told_in_one_round_each_on_its_own_sheet_row_and_cell(filled, tmp_path):
    """A plan needed three rounds (42 → 1 → 0): a schema error hid every other rule. Now a bad source date, the
    template's placeholders and a missing date are all told at once, each on the row the person edits."""
    _, root = filled
    path = template_with(
        tmp_path,
        {
            ("計画", "B2"): "b-shizuoka-2027",
            ("計画", "B6"): "approved",
            ("計画", "B10"): "22",
            ("出典", "A2"): "静岡県地域産業クラスター計画",
            ("出典", "C2"): "2026/13/01",
        },
    )
    problems = intake.import_workbook(path, root).problems
    where = {(p.rule, p.file, p.row, p.column, p.cell) for p in problems}
    assert (
        "plan-metadata",
        "出典",
        2,
        intake.SOURCE_HEADINGS[2],
        "C2",
    ) in where  # not sources.0.date on 計画
    assert ("placeholder", "計画", 5, "値", "B5") in where  # the title 「（地域産業クラスター計画の名称）」
    assert ("placeholder", "計画", 8, "値", "B8") in where  # the author 「（策定した機関）」
    assert ("placeholder", "分野", 2, "分野の名称", "A2") in where
    assert ("status", "計画", 6, "値", "B6") in where  # approved needs published_on
    [date] = [p for p in problems if p.file == "出典"]
    assert not date.detail.startswith("sources.0.date")  # the cell is named, not the descriptor's path
    assert "schema.yaml" not in date.as_dict()["hint"] and "説明" in date.as_dict()["hint"]  # no YAML advice
    assert [p.file for p in problems][:1] == ["計画"]  # told in the workbook's order: 計画 first


def test_a_missing_id_does_not_hide_the_other_problems(filled, tmp_path):
    _, root = filled
    path = template_with(tmp_path, {("計画", "B6"): "approved", ("計画", "B10"): "22"})
    result = intake.import_workbook(path, root)
    assert result.folder is None and not (root / "prefectures" / "22-shizuoka").exists()
    rules = [(p.rule, p.file, p.row) for p in result.problems]
    assert ("plan-metadata", "計画", 2) in rules  # id, on its row
    assert ("placeholder", "計画", 5) in rules  # and the rest, in the same round
    assert not any(p.rule == "folder-layout" for p in result.problems)  # the stand-in folder is not told


@pytest.mark.parametrize("renamed", [None, "重点支援企業 (2)"], ids=["deleted", "renamed"])
def test_a_b_plan_whose_list_sheet_is_deleted_or_renamed_is_refused_naming_the_sheet(filled, renamed):
    """A B plan with no 重点支援企業 was accepted: the rule missing-table names the sheet, and a sheet renamed by
    Excel's copy is told too (rule sheet-structure), never dropped without a word."""
    path, root = filled
    before = files(root / B_PLAN)
    book = load_workbook(path)
    if renamed:
        book["重点支援企業"].title = renamed
    else:
        del book["重点支援企業"]
    book.save(path)
    result = intake.import_workbook(path, root)
    assert result.folder is None and files(root / B_PLAN) == before
    assert [p.file for p in result.problems if p.rule == "missing-table"] == ["重点支援企業"]
    renamed_told = [p for p in result.problems if p.rule == "sheet-structure"]
    assert [p.file for p in renamed_told] == ([renamed] if renamed else [])
    if renamed:
        assert "シート名を「重点支援企業」に戻して" in renamed_told[0].detail


@pytest.mark.parametrize(
    "number_format,value,seen",
    [("0%", 0.15, "15%"), ("0.0%", 0.125, "12.5%"), ('#,##0,"千"', 1500000, "千単位の表示")],
    ids=["percent", "percent-decimal", "scaled"],
)
def test_a_cell_that_shows_another_number_than_it_holds_is_an_error_naming_it(
    filled, number_format, value, seen
):
    """A percent cell showing 15% holds 0.15, which imported as 0.15 (rule excel-format names the cell and both
    numbers; nothing is multiplied behind the person's back)."""
    path, root = filled
    book = load_workbook(path)
    cell = book["KPI"]["G2"]  # 目標値
    cell.value, cell.number_format = value, number_format
    book.save(path)
    result = intake.import_workbook(path, root)
    assert result.folder is None
    [problem] = [p for p in result.problems if p.rule == "excel-format"]
    assert (problem.file, problem.row, problem.column, problem.cell) == ("KPI", 2, "目標値", "G2")
    assert f"「{seen}」と表示" in problem.detail


def test_a_plain_number_cell_is_not_told_about_its_format(filled):
    path, root = filled
    book = load_workbook(path)
    cell = book["KPI"]["G2"]
    cell.value, cell.number_format = 15, "#,##0"
    book.save(path)
    assert not [p for p in intake.import_workbook(path, root).problems if p.rule == "excel-format"]
