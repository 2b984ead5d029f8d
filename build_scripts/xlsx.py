"""Excel workbooks of the downloads: one sheet per table, Japanese headers, code columns as text.

Every string cell is stored as a string (never a formula, whatever it starts with); numbers stay
numbers, so -3.5 is a number. The file is reproducible: fixed document dates and zip timestamps.
"""
import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.utils import get_column_letter

from build_scripts.values import typed

Sheet = tuple[str, list[dict], list[list[str]]]   # (sheet name, Table Schema fields, rows of raw text)


def xlsx_bytes(sheets: list[Sheet], build_date: str) -> bytes:
    workbook = Workbook(write_only=True)     # streams rows: national workbooks have ~100,000 of them
    for name, fields, rows in sheets:
        fill_sheet(workbook.create_sheet(title=name[:31]), fields, rows)
    moment = datetime.datetime.fromisoformat(build_date)
    workbook.properties.created = workbook.properties.modified = moment
    workbook.properties.creator = "chiiki-mirai-data"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip_times(buffer.getvalue(), moment)


def fill_sheet(sheet, fields: list[dict], rows: list[list[str]]) -> None:
    for index, field in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A2"
    sheet.append([f.get("title", f["name"]) for f in fields])
    textual = [f.get("type", "string") in ("string", "date") for f in fields]
    for row in rows:
        sheet.append([text_cell(sheet, value) if is_text else typed(value, f.get("type", "string"))
                      for value, f, is_text in zip(row, fields, textual)])


def text_cell(sheet, value: str):
    """A text cell, even if it starts with "=" (never a formula), shown as text ("@") so codes keep their zeros."""
    if value == "":
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = TYPE_STRING
    cell.number_format = "@"
    return cell


def fixed_zip_times(content: bytes, moment: datetime.datetime) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and the zip entries; use the build date."""
    source = zipfile.ZipFile(io.BytesIO(content))
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(entry, data)
    return buffer.getvalue()
