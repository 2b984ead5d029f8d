"""Cells that Excel would run as formulas are neutralised; numbers, negative ones included, stay numbers."""
import csv
import io
import time
import zipfile

import pytest
from openpyxl import load_workbook

from build_scripts.write import excel_csv_bytes
from build_scripts.xlsx import xlsx_bytes

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", '=HYPERLINK("http://x","y")']


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
    raw = excel_csv_bytes(["法人番号", "企業名"], [["1180301018771", "テスト株式会社"]])
    assert raw[:3] == b"\xef\xbb\xbf"
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [["法人番号", "企業名"], ["1180301018771", "テスト株式会社"]]


def test_xlsx_stores_formula_like_text_as_text_and_numbers_as_numbers(tmp_path):
    fields = [{"name": "code", "title": "団体コード", "type": "string"}, {"name": "note", "title": "備考", "type": "string"},
              {"name": "value", "title": "値", "type": "number"}]
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
    time.sleep(1.1)   # openpyxl stamps the save time to the second
    assert xlsx_bytes(sheets, "2026-11-22") == first
    assert b"2026-11-22T00:00:00Z" in zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")
