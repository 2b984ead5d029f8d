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


def test_numbers_in_code_columns_get_their_zeros_back_and_are_reported(filled):
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


def test_a_code_that_lost_its_leading_zero_is_padded_explicitly(filled, tmp_path):
    path, root = filled
    book = load_workbook(path)
    book["計画"]["B2"] = "b-fixture-tokyo"
    book["重点支援企業"]["C2"] = 11002  # 札幌市 011002 as Excel shows it after a number conversion
    book.save(path)
    result = intake.import_workbook(path, root)
    assert ("重点支援企業", 2, "所在地（全国地方公共団体コード）", "11002", "011002") in [
        (n.sheet, n.row, n.column, n.before, n.after) for n in result.notes
    ]
    assert [p.rule for p in result.problems] == [
        "area-mismatch"
    ]  # 札幌 is outside 東京: a warning, still imported


BAD = [
    ("進捗報告", "B2", "2026/03/31", "type", "report_date", "2026-03-31"),
    ("進捗報告", "B2", "令和8年3月31日", "type", "report_date", "和暦を西暦に"),
    ("進捗報告", "B2", 46112, "type", "report_date", "Excel の日付シリアル値"),
    ("投資計画", "D2", "１２３", "type", "scale_oku_yen", "半角に"),
    ("投資計画", "D2", "12,345", "type", "scale_oku_yen", "桁区切り"),
    ("重点支援企業", "A2", "7010401067252", "corporate-number", "corporate_number", "チェックディジット"),
    ("施策", "I2", "実施中", "enum", "state", "in_progress"),
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
    assert "進捗報告 2行目 列 report_date" in out and "何も書き込みませんでした" in out
