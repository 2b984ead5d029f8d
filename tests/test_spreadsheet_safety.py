"""Cells that Excel would run as formulas are neutralised; numbers, negative ones included, stay numbers."""

import csv
import html
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from build_scripts.downloads.write import excel_csv_bytes
from build_scripts.downloads.xlsx import xlsx_bytes

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", '=HYPERLINK("http://x","y")']
DANGEROUS += [
    "\uff1d1+1",
    "\uff0b1+1",
    "\uff20SUM(A1)",
    "\u3000\uff1dSUM(A1)",
]  # full-width ＝ ＋ ＠ (Japanese IME)


@pytest.mark.parametrize("cell", DANGEROUS)
def test_excel_csv_prefixes_formula_cells_with_a_quote(cell):
    raw = excel_csv_bytes(["値"], [[cell]])
    [header, [value]] = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert header == ["値"] and value == "'" + cell


@pytest.mark.parametrize("number", ["-3.5", "-12", "0", "12.25"])
def test_excel_csv_keeps_numbers_as_numbers(number):
    raw = excel_csv_bytes(["値"], [[number]])
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))[1] == [number]


def test_excel_csv_starts_with_a_bom_and_reads_back_with_japanese_headers():
    raw = excel_csv_bytes(["法人番号", "企業名"], [["8999900000001", "テスト株式会社"]])
    assert raw[:3] == b"\xef\xbb\xbf"
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [
        ["法人番号", "企業名"],
        ["8999900000001", "テスト株式会社"],
    ]


def test_xlsx_stores_formula_like_text_as_text_and_numbers_as_numbers(tmp_path):
    fields = [
        {"name": "code", "title": "団体コード", "type": "string"},
        {"name": "note", "title": "備考", "type": "string"},
        {"name": "value", "title": "値", "type": "number"},
    ]
    # XML turns a bare CR into LF on reading; validation rejects CR in data anyway (control-character rule).
    cells = [cell for cell in DANGEROUS if "\r" not in cell]
    rows = [["011002", cell, "-3.5"] for cell in cells]
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes([("sheet", fields, rows)], "2026-11-22"))
    sheet = load_workbook(path)["sheet"]
    assert sheet.max_row == len(cells) + 1
    for row, cell in zip(sheet.iter_rows(min_row=2), cells):
        code, note, value = row
        assert (code.value, code.data_type, code.number_format) == ("011002", "s", "@")
        assert (note.value, note.data_type) == (cell, "s")
        assert (value.value, value.data_type) == (-3.5, "n")


def test_xlsx_is_reproducible():
    sheets = [("s", [{"name": "a", "title": "A", "type": "string"}], [["x"]])]
    first = xlsx_bytes(sheets, "2026-11-22")
    assert xlsx_bytes(sheets, "2026-11-22") == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert b"2026-11-22T00:00:00Z" in archive.read("docProps/core.xml")
    assert {info.date_time for info in archive.infolist()} == {(2026, 11, 22, 0, 0, 0)}


def test_xlsx_keeps_spaces_newlines_markup_and_types_and_freezes_the_header(tmp_path):
    fields = [
        {"name": "name", "title": "企業名", "type": "string"},
        {"name": "on", "title": "該当", "type": "boolean"},
        {"name": "count", "title": "件数", "type": "integer"},
        {"name": "day", "title": "日付", "type": "date"},
    ]
    rows = [
        [" 前後に空白 ", "true", "12", "2026-03-31"],
        ["<b>&amp;</b>\n二行目", "false", "-3", ""],
        ["", "", "", ""],
    ]
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes([("sheet", fields, rows)], "2026-11-22"))
    sheet = load_workbook(path)["sheet"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("企業名", "該当", "件数", "日付"),
        (" 前後に空白 ", True, 12, "2026-03-31"),
        ("<b>&amp;</b>\n二行目", False, -3, None),
    ]  # an empty last row reads as none
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 18
    assert sheet["D2"].number_format == "@"


def test_xlsx_has_one_sheet_per_table_in_order():
    fields = [{"name": "a", "title": "A", "type": "string"}]
    content = xlsx_bytes(
        [("plans", fields, [["x"]]), ("companies", fields, []), ("kpis", fields, [["y"], ["z"]])],
        "2026-11-22",
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["plans", "companies", "kpis"]
    assert [workbook[name].max_row for name in workbook.sheetnames] == [2, 1, 3]


def test_xlsx_keeps_text_that_looks_like_excels_own_escapes(tmp_path):
    fields = [{"name": "note", "title": "備考", "type": "string"}]
    texts = ["_x0041_", "a_x000D_b", "_x005F_x0041_", "_x12_"]
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes([("sheet", fields, [[text] for text in texts])], "2026-11-22"))
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<t>_x005F_x0041_</t>" in xml and "<t>_x12_</t>" in xml  # Excel would read _x0041_ as "A"
    as_excel_reads = [  # ECMA-376 ST_Xstring: each _xHHHH_ is the character U+HHHH (openpyxl keeps it as is)
        re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), html.unescape(text))
        for text in re.findall(r"<t>(.*?)</t>", xml)
    ]
    assert as_excel_reads[1:] == texts  # after the header
