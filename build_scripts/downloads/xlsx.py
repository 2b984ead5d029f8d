"""Excel workbooks of the downloads: one sheet per table, Japanese headers, code columns as text.

Every string cell is stored as a string (never a formula, whatever it starts with); numbers stay
numbers, so -3.5 is a number. The file is reproducible: fixed document dates and zip timestamps.

The SpreadsheetML is written here as text rather than through openpyxl: a national build writes
~1,800 workbooks, and a sheet of 2,000 rows takes openpyxl 5× and XlsxWriter 2.5× this writer's time
(build_scripts/dev/decisions.py measures it; docs/decisions.md). openpyxl still reads them back in the tests.
"""

import datetime
import io
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

from build_scripts.values import typed

Sheet = tuple[str, list[dict], list[list[str]]]  # (sheet name, Table Schema fields, rows of raw text)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CREATOR = "chiiki-mirai-data"
COLUMN_WIDTH = 18
STYLE_TEXT, STYLE_HEADER = 1, 2  # indexes into cellXfs below: "@" (text) and bold
# XML 1.0 cannot hold these characters (validation rejects them; written as Excel's _xHHHH_ if one slips through).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xlsx_bytes(sheets: list[Sheet], build_date: str) -> bytes:
    moment = datetime.datetime.fromisoformat(build_date)
    names = [name[:31] for name, _, _ in sheets]
    parts = {
        "[Content_Types].xml": content_types(len(sheets)),
        "_rels/.rels": package_relationships(),
        "docProps/core.xml": core_properties(moment),
        "docProps/app.xml": HEAD
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{CREATOR}</Application></Properties>",
        "xl/workbook.xml": workbook(names),
        "xl/_rels/workbook.xml.rels": workbook_relationships(len(sheets)),
        "xl/styles.xml": STYLES,
    }
    for number, (_, fields, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = worksheet(fields, rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(
                zipfile.ZipInfo(name, date_time=moment.timetuple()[:6]),
                text.encode("utf-8"),
                zipfile.ZIP_DEFLATED,
            )
    return buffer.getvalue()


def worksheet(fields: list[dict], rows: list[list[str]]) -> str:
    letters = [column_letter(index) for index in range(len(fields))]
    header = "".join(
        text_cell(f"{letter}1", field.get("title", field["name"]), STYLE_HEADER)
        for letter, field in zip(letters, fields)
    )
    body = [f'<row r="1">{header}</row>']
    kinds = [field.get("type", "string") for field in fields]
    for number, row in enumerate(rows, start=2):
        cells = "".join(
            cell(f"{letter}{number}", value, kind)
            for letter, value, kind in zip(letters, row, kinds)
            if value != ""
        )
        body.append(f'<row r="{number}">{cells}</row>')
    last = f"{letters[-1]}{len(rows) + 1}" if letters else "A1"
    return (
        f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELS}"><dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<cols><col min="1" max="{max(len(fields), 1)}" width="{COLUMN_WIDTH}" customWidth="1"/></cols>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )


def cell(reference: str, value: str, kind: str) -> str:
    """Strings and dates as text cells shown as text ("@", so codes keep their zeros); numbers and booleans typed."""
    if kind in ("integer", "number"):
        return f'<c r="{reference}"><v>{typed(value, kind)!r}</v></c>'
    if kind == "boolean":
        return f'<c r="{reference}" t="b"><v>{int(typed(value, kind))}</v></c>'
    return text_cell(reference, value, STYLE_TEXT)


# Excel decodes _xHHHH_ in a cell's text as the character U+HHHH: a literal one keeps its underscore escaped.
ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def text_cell(reference: str, value: str, style: int) -> str:
    value = ESCAPE_LIKE.sub("_x005F_", value)
    if NOT_XML.search(value):
        value = NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters, number = "", index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def content_types(sheet_count: int) -> str:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet}"/>'
        for n in range(1, sheet_count + 1)
    )
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{overrides}</Types>"
    )


def package_relationships() -> str:
    return (
        f'{HEAD}<Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>'
    )


def core_properties(moment: datetime.datetime) -> str:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{CREATOR}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )


def workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return (
        f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews><w'
        f"orkbookView/></bookViews><sheets>{sheets}</sheets></workbook>"
    )


def workbook_relationships(sheet_count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheet_count + 1)
    )
    return (
        f'{HEAD}<Relationships xmlns="{PACKAGE_RELS}">{sheets}'
        f'<Relationship Id="rId{sheet_count + 1}" Type="{RELS}/styles" Target="styles.xml"/></Relationships>'
    )


STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
