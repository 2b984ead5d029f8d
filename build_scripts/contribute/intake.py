"""Excel intake: a plan as a workbook (one sheet per table, Japanese headers, input rules) and back.

`export_plan` writes the workbook of a plan folder (or of a skeleton: the template); `import_workbook`
turns a filled workbook into the plan's package files, validated with the same rules as everything
else, and reports problems by sheet, row and column. The one conversion is explicit and reported: Excel dates
become YYYY-MM-DD. A code typed as a number that is not whole is an error naming what it could have been: nothing
is padded or guessed.
"""

import dataclasses
import datetime
import decimal
import io
import itertools
import re
import shutil
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from build_scripts import codes, load, output, paths, values
from build_scripts.contribute import canonical, scaffold
from build_scripts.contribute.scaffold import Misplaced, resources_for, skeleton, target_folder
from build_scripts.load import yamlio
from build_scripts.model import PLAN_RESOURCES, Plan, Problem
from build_scripts.settings import build_date

SHEETS = {
    "companies": "重点支援企業",
    "core_projects": "核となる投資案件",
    "investments": "投資計画",
    "measures": "施策",
    "kpis": "KPI",
    "progress": "進捗報告",
    "revisions": "改訂履歴",
}
PLAN_SHEET, FIELDS_SHEET, SOURCES_SHEET = "計画", "分野", "出典"
LISTS = {"former_ids", "area.prefectures", "area.municipalities"}
INTEGERS = {"period.start_fy", "period.end_fy"}
SOURCE_KEYS = ["title", "publisher", "date", "url", "note"]
SOURCE_HEADINGS = [
    "資料名",
    "発行機関",
    "日付（YYYY-MM-DD または YYYY-MM）",
    "URL（確認できたものだけ）",
    "備考",
]
FIELD_HEADINGS = ["分野の名称", "17の戦略分野の番号（;区切り）"]
PLAN_HEADINGS = ["項目", "値", "説明"]
ROWS_WITH_RULES = 500


@dataclass(frozen=True)
class Note:
    """Where the importer changed a value, and how."""

    sheet: str
    row: int
    column: str
    before: str
    after: str


@dataclass
class Places:
    """Where each value read from the workbook sits in it, so that a problem names the cell a person sees: the
    sheet's own row (blank rows are skipped, the CSV has none), the column's heading and the cell reference."""

    table_rows: dict[str, list[int]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    headings: dict[str, list[str]] = dataclasses.field(
        default_factory=dict
    )  # sheet → its headings, as written
    columns: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # sheet → the column names read
    plan_rows: dict[str, int] = dataclasses.field(default_factory=dict)  # 計画: dotted key → row
    field_rows: list[int] = dataclasses.field(default_factory=list)  # 分野: the row of each field
    source_rows: list[int] = dataclasses.field(default_factory=list)  # 出典: the row of each source


def plan_keys(kind: str) -> list[tuple[str, str]]:
    """(dotted key, explanation) of the 計画 sheet, in the contract's order."""
    from build_scripts import labels

    properties = load.load_plan_metadata_schema()["properties"]
    keys = []
    for name, prop in properties.items():
        if name in ("fields", "sources"):
            continue
        explain = f"{prop.get('title', '')}：{prop.get('description', '')}".rstrip("：")
        if name in ("area", "period"):
            keys += [
                (f"{name}.{sub}", f"{prop['title']}：{p.get('title', sub)}")
                for sub, p in prop["properties"].items()
            ]
        elif name == "requirements":
            keys += [
                (f"requirements.{key}", f"要件：{label}") for key, label in labels.REQUIREMENTS[kind].items()
            ]
        else:
            keys.append((name, explain))
    return keys


def _get(meta: dict, dotted: str):
    value = meta
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _text_cell(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = TYPE_STRING  # never a formula
        cell.number_format = "@"


def _export_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(map(str, value))
    return value


def export_plan(folder: Path) -> bytes:
    plan, problems = load.read_plan(folder)
    if plan is None:
        raise ValueError(problems[0].detail)
    return workbook_bytes(plan.descriptor, {name: t.rows for name, t in plan.tables.items()})


def template_bytes(kind: str) -> bytes:
    """The empty workbook of a plan of a kind (chiiki xlsx-template, and the site's templates)."""
    descriptor = skeleton(kind, "", block="", prefecture=None)
    descriptor["plan"].pop("area")
    return reproducible(workbook_bytes(descriptor, {}, template=True), build_date())


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible(workbook: bytes, date: str) -> bytes:
    """The same workbook as the same bytes: openpyxl stamps the moment of saving in the zip and the properties;
    both become the build date, so two builds of the same code publish identical templates."""
    year, month, day = (int(part) for part in date.split("-"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "docProps/core.xml":
                content = _STAMP.sub(rb"\g<1>" + f"{date}T00:00:00Z".encode() + rb"\g<2>", content)
            target.writestr(
                zipfile.ZipInfo(member.filename, date_time=(year, month, day, 0, 0, 0)),
                content,
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def workbook_bytes(descriptor: dict, tables: dict[str, list[dict]], *, template: bool = False) -> bytes:
    """A plan as a workbook: the sheets of the tables it has, or, for a template, of every table its kind may have."""
    meta, schemas = descriptor["plan"], load.load_shared_schemas()
    book = Workbook()
    sheet = book.active
    sheet.title = PLAN_SHEET
    sheet.append(PLAN_HEADINGS)
    for row, (key, explain) in enumerate(plan_keys(meta["kind"]), start=2):
        _text_cell(sheet, row, 1, key)
        _text_cell(sheet, row, 2, _export_value(_get(meta, key)))
        _text_cell(sheet, row, 3, explain)
    (
        sheet.column_dimensions["A"].width,
        sheet.column_dimensions["B"].width,
        sheet.column_dimensions["C"].width,
    ) = 24, 60, 60
    fields_sheet = book.create_sheet(FIELDS_SHEET)
    fields_sheet.append(FIELD_HEADINGS)
    for row, item in enumerate(meta.get("fields", []), start=2):
        _text_cell(fields_sheet, row, 1, item["label"])
        _text_cell(fields_sheet, row, 2, _export_value(item["strategic_fields"]))
    sources_sheet = book.create_sheet(SOURCES_SHEET)
    sources_sheet.append(SOURCE_HEADINGS)
    for row, source in enumerate(meta.get("sources", []), start=2):
        for column, key in enumerate(SOURCE_KEYS, start=1):
            _text_cell(sources_sheet, row, column, source.get(key))
    for name in resources_for(meta["kind"]):
        if name in tables or template:
            table_sheet(book.create_sheet(SHEETS[name]), schemas[name], tables.get(name, []))
    return save(book)


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def resource_of(filename: str) -> dict:
    """The declaration of a plan's table (companies.csv) in the descriptor."""
    name = filename.removesuffix(".csv")
    return {"name": name, "path": filename, "schema": f"{paths.SCHEMA_REF_PREFIX}{name}.schema.yaml"}


def table_sheet(sheet, schema: dict, rows: list[dict]) -> None:
    fields = schema["fields"]
    sheet.append([f["title"] for f in fields])
    for row_number, row in enumerate(rows, start=2):
        for column, field in enumerate(fields, start=1):
            value = row.get(field["name"], "")
            _text_cell(sheet, row_number, column, value if value != "" else None)
    for column, field in enumerate(fields, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = 20
        if enum := field.get("constraints", {}).get("enum"):
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(enum) + '"',
                allow_blank=True,
                promptTitle=field["title"],
                prompt=field.get("description", "")[:250],
                showInputMessage=True,
            )
            rule.add(f"{letter}2:{letter}{ROWS_WITH_RULES}")
            sheet.add_data_validation(rule)
        for cells in sheet.iter_rows(min_row=2, max_row=ROWS_WITH_RULES, min_col=column, max_col=column):
            cells[0].number_format = "@"  # everything is typed as text: codes keep their zeros
    sheet.freeze_panes = "A2"


def _number_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = format(decimal.Decimal(repr(value)).normalize(), "f")
    return text


def cell_text(value, field: dict, where: tuple[str, int, str], notes: list[Note]) -> str:
    """The CSV text of a cell, converting explicitly (and noting it) what Excel changed."""
    if value is None:
        return ""
    if isinstance(value, (datetime.datetime, datetime.date)):
        text = value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
        notes.append(Note(*where, str(value), text))
        return text
    if isinstance(value, (int, float)):
        # a code that is not whole is reported by number_in_code_column, never padded
        return _number_text(value)
    return str(value)


MAX_SHEET_ROWS = load.MAX_ROWS + 1  # the header and the most rows a table may have
MAX_SHEET_COLUMNS = 60  # the widest table has 14 columns


def sheet_rows(sheet, min_row: int = 1, formats: list | None = None) -> list[tuple]:
    """The sheet's rows as values, read no further than a table may reach: a small file can declare a sheet of
    a million rows and 16,384 columns (openpyxl would then make every empty cell), so more is refused.
    `formats` gets each row's number formats (a percent cell shows 15% and holds 0.15)."""
    declared = (sheet.max_row or 0) > MAX_SHEET_ROWS or (sheet.max_column or 0) > MAX_SHEET_COLUMNS
    rows = sheet.iter_rows(min_row=min_row, max_col=MAX_SHEET_COLUMNS + 1)
    taken = [] if declared else list(itertools.islice(rows, MAX_SHEET_ROWS + 1))  # a sheet may declare less
    if (
        declared
        or len(taken) > MAX_SHEET_ROWS
        or any(len(row) > MAX_SHEET_COLUMNS and row[-1].value for row in taken)
    ):
        raise Refusal(
            [
                Problem(
                    "limit",
                    sheet.title,
                    f"シート「{sheet.title}」の範囲が大きすぎます（{MAX_SHEET_ROWS:,} 行・{MAX_SHEET_COLUMNS} 列まで。"
                    "空に見える行や列も数えます）。使っていない行と列を削除して保存し直してください。",
                )
            ]
        )
    if formats is not None:
        formats += [tuple(cell.number_format for cell in row[:MAX_SHEET_COLUMNS]) for row in taken]
    return [tuple(cell.value for cell in row[:MAX_SHEET_COLUMNS]) for row in taken]


_QUOTED = re.compile(r'"[^"]*"|\\.')
_SCALED = re.compile(r"[0#?],+(?:$|[^0#?,])")  # a comma after the digits divides the shown number by 1,000


def shown_otherwise(value, number_format: str | None) -> str | None:
    """How Excel shows a number other than it holds: as a percent (0.15 as 15%) or scaled (#,##0, shows 1500000
    as 1,500). None when what is seen is what is held."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not number_format:
        return None
    plain = _QUOTED.sub("", number_format.split(";")[0])
    if "%" in plain:
        return f"{_number_text(round(value * 100, 10))}%"
    if _SCALED.search(plain):
        return "千単位の表示"
    return None


def read_table_sheet(
    sheet, schema: dict, notes: list[Note], places: Places | None = None
) -> tuple[list[str], list[list[str]], list[Problem]]:
    """The table's header (column names), rows of text and problems; `places` gets the sheet's own row number of
    each row kept and the sheet's headings."""
    places = places if places is not None else Places()
    by_title = {f["title"]: f for f in schema["fields"]} | {f["name"]: f for f in schema["fields"]}
    formats: list[tuple] = []
    rows = sheet_rows(sheet, formats=formats)
    header = [str(h) if h is not None else "" for h in (rows[0] if rows else [])]
    while header and header[-1] == "":
        header.pop()
    problems = [
        Problem(
            "extra-column",
            sheet.title,
            f"見出し「{h}」は {schema.get('title')} の列ではありません。",
            row=1,
            column=h,
        )
        for h in header
        if h not in by_title
    ]
    names = [by_title[h]["name"] if h in by_title else h for h in header]
    places.headings[sheet.title], places.columns[sheet.title] = header, names
    out = []
    for number, row in enumerate(rows[1:], start=2):
        problems += values_without_heading(sheet.title, number, row, len(header))
        values = list(row[: len(header)]) + [None] * (len(header) - len(row))
        if all(v is None or str(v).strip() == "" for v in values):
            continue  # blank rows, at the end of a sheet or between rows
        places.table_rows[sheet.title].append(number)
        problems += cells_read_wrongly(sheet.title, number, values, header, formats[number - 1], by_title)
        out.append(
            [
                cell_text(v, by_title.get(h, {}), (sheet.title, number, h), notes)
                for v, h in zip(values, header)
            ]
        )
    return names, out, problems


def cells_read_wrongly(sheet: str, number: int, values, header, shown, by_title: dict) -> list[Problem]:
    """A row's cells that Excel holds otherwise than the person sees or meant: a code typed as a number, a value
    shown through a format (15% is 0.15)."""
    problems = []
    for v, h, format_shown in zip(values, header, shown):
        if found := number_in_code_column(v, by_title.get(h, {}), sheet, number):
            problems.append(found)
        elif seen := shown_otherwise(v, format_shown):
            problems.append(
                Problem(
                    "excel-format",
                    sheet,
                    f"セルは「{seen}」と表示されていますが、値は {_number_text(v)} です。",
                    row=number,
                    column=by_title[h]["name"] if h in by_title else h,
                    value=_number_text(v),
                )
            )
    return problems


def number_in_code_column(value, field: dict, sheet: str, row: int) -> Problem | None:
    """A code typed as a number may have lost what made it a code: its leading zero (011002 → 11002), its last
    digits (a 法人番号 shown as 3.00E+12), or it may be a code without its check digit (12203 for 市川市 122033).
    Nothing is guessed: the cell is an error that says so and names the codes it could have been."""
    width = re.fullmatch(r"\[0-9\]\{(\d+)\}", field.get("constraints", {}).get("pattern", ""))
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not width
        or field.get("type") != "string"
    ):
        return None
    text, wanted, name = _number_text(value), int(width.group(1)), field["name"]
    whole = text.isdigit() and len(text) == wanted
    if whole and (name != "corporate_number" or codes.is_valid_corporate_number(text)):
        return None  # the whole code (a number cell holds 15 digits exactly): nothing was lost
    if name == "corporate_number":
        detail = (
            "法人番号が数値として入力されています。Excel は15桁を超える数や「3.00E+12」の表示で桁を失うことがあり、"
            "この番号は元の番号と違う可能性があります。セルの書式を文字列にして、13桁の番号を入れ直してください。"
        )
    else:
        detail = (
            f"{field.get('title', name)}が数値として入力され、{wanted}桁ではありません。"
            + code_candidates(text, name)
        )
    rule = {"corporate_number": "corporate-number", "municipality_code": "municipality-code"}.get(
        name, "pattern"
    )
    return Problem(rule, sheet, detail, row=row, column=name, value=text)


def code_candidates(text: str, column: str) -> str:
    """What a municipality code typed as a number could have been, by the reference: its lost leading zero, or
    a 5-digit code without its check digit. The person chooses; nothing is padded."""
    if column != "municipality_code" or not text.isdigit():
        return "文字列（先頭の 0 も含めて）として入力し直してください。"
    reference = load.load_reference().municipalities
    candidates = [text.zfill(6)] + ([codes.with_municipality_check_digit(text)] if len(text) == 5 else [])
    named = [f"{c}（{reference[c]['name']}）" for c in dict.fromkeys(candidates) if c in reference]
    if not named:
        return "6桁の団体コードを文字列として入力し直してください。"
    return f"考えられるのは {'、'.join(named)} です。正しい6桁を文字列として入力し直してください。"


def values_without_heading(title: str, number: int, row: tuple, width: int) -> list[Problem]:
    """A value right of the last heading would be dropped without a word: it is an error naming its cell."""
    return [
        Problem(
            "extra-column",
            title,
            f"見出しのない列 {get_column_letter(index + 1)} に値があります。列の見出しを書くか、値を消してください。",
            row=number,
            column=get_column_letter(index + 1),
            value=str(value),
        )
        for index, value in enumerate(row[width:], start=width)
        if value is not None and str(value).strip() != ""
    ]


def read_plan_sheet(book, notes: list[Note], places: Places) -> tuple[dict, list[Problem]]:
    meta: dict = {}
    for number, (key, value, *_) in enumerate(sheet_rows(book[PLAN_SHEET], min_row=2), start=2):
        if key is None:
            continue
        key = str(key)
        places.plan_rows.setdefault(key, number)
        if value is None or str(value).strip() == "":
            continue
        if key in INTEGERS:
            parsed = int(value) if isinstance(value, (int, float)) or str(value).isdigit() else value
        elif key == "example":
            parsed = value if isinstance(value, bool) else str(value).strip().lower() == "true"
        elif key in LISTS:
            parsed = [
                cell_text(v.strip(), {"constraints": {}}, (PLAN_SHEET, number, key), notes)
                for v in str(value).split(";")
            ]
        else:
            parsed = cell_text(value, {}, (PLAN_SHEET, number, key), notes)
        target = meta
        *parents, last = key.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = parsed
    meta.setdefault("area", {})
    meta["fields"], meta["sources"] = [], []
    field_problems = []
    for number, (label, numbers, *_) in enumerate(sheet_rows(book[FIELDS_SHEET], min_row=2), start=2):
        if label:
            listed, problem = field_list(numbers, number)
            meta["fields"].append({"label": str(label), "strategic_fields": listed})
            places.field_rows.append(number)
            field_problems += [problem] if problem else []
    for number, row in enumerate(sheet_rows(book[SOURCES_SHEET], min_row=2), start=2):
        if any(row):
            meta["sources"].append(
                {
                    k: cell_text(v, {}, (SOURCES_SHEET, number, SOURCE_HEADINGS[i]), notes)
                    for i, (k, v) in enumerate(zip(SOURCE_KEYS, row))
                    if v is not None
                }
            )
            places.source_rows.append(number)
    return meta, field_problems


def field_list(numbers, row: int) -> tuple[list[int], Problem | None]:
    """A cell of field numbers (`1;9`), or the problem naming the cell: `1;x` is no list of numbers."""
    parts = [n.strip() for n in str(numbers if numbers is not None else "").split(";") if n.strip()]
    if all(part.isdecimal() and part.isascii() for part in parts):
        return [int(part) for part in parts], None
    return [], Problem(
        "strategic-field",
        FIELDS_SHEET,
        "17分野の番号（1〜17）を半角のセミコロンで区切って書きます（例: 1;9）。",
        row=row,
        column=FIELD_HEADINGS[1],
        value=str(numbers),
        cell=f"B{row}",
    )


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    return values.csv_text(header, rows).encode("utf-8")


@dataclass
class Imported:
    folder: Path | None
    problems: list[Problem]
    notes: list[Note]
    kept: list[str] = dataclasses.field(
        default_factory=list
    )  # files of the old folder the workbook does not hold, kept

    def __post_init__(self):
        # told for Excel (no YAML advice), and in the workbook's order: its sheets as they come, rows down
        order = {
            sheet: index
            for index, sheet in enumerate([PLAN_SHEET, FIELDS_SHEET, SOURCES_SHEET, *SHEETS.values()])
        }
        self.problems = sorted(
            (dataclasses.replace(p, in_workbook=True) for p in self.problems),
            key=lambda p: (order.get(p.file, len(order)), p.row or 0),
        )


class Refusal(Exception):
    """The workbook cannot become a plan: the problems say why (nothing is written)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems


def import_workbook(path: Path, root: Path = paths.DATAPACKAGES) -> Imported:
    """A filled workbook → the plan's folder: open it safely, read its sheets into a descriptor and CSV files,
    check that its id and area name a folder inside `root`, validate the files staged aside, and only then put
    them in place, whole. Everything wrong is told in one round, each problem on its sheet's cell."""
    from build_scripts.contribute import reports

    notes: list[Note] = []
    places = Places()
    try:
        book = open_workbook(path)
        if reports.FORM_SHEET in book.sheetnames:  # the small workbook of a progress report
            try:
                return reports.import_report(path, book, root)
            finally:
                book.close()
        structure = structure_problems(path)
        try:
            require_plan_sheets(book, path)
            descriptor, files, problems = plan_from_workbook(book, notes, places)
            problems = structure + problems
        finally:
            book.close()  # a read-only workbook keeps its file open
        destination, misplaced = destination_of(descriptor, root)
        if misplaced is None:
            output.recover_folder(destination, work_prefix(destination))  # what a killed import left, first
        found = validated_aside(descriptor, files, destination, root)
        if misplaced is not None:  # validated in a stand-in folder: its place is the one problem to tell
            problems.append(misplaced)
            found = [
                p
                for p in found
                if p.rule != "folder-layout" and (p.rule, p.value) != (misplaced.rule, misplaced.value)
            ]
        problems = [on_sheet(p, places) for p in problems]
        reported = {told_as(p) for p in problems}
        problems += [p for p in (on_sheet(p, places) for p in found) if told_as(p) not in reported]
        if misplaced is None:
            told = {(p.rule, p.file) for p in problems}
            problems += [p for p in old_folder_problems(destination, files) if (p.rule, p.file) not in told]
    except Refusal as refusal:
        return Imported(None, [on_sheet(p, places) for p in refusal.problems], notes)
    if misplaced is not None or any(p.grade == "error" for p in problems):
        return Imported(None, problems, notes)
    kept = put_in_place(descriptor, files, destination)
    return Imported(destination, problems, notes, kept)


def open_workbook(path: Path):
    """The workbook, if it is a real, modest one that openpyxl reads; otherwise a Refusal saying why."""
    if refused := untrusted_workbook(path):
        raise Refusal([Problem("encoding", paths.display(path), refused)])
    try:
        book = load_workbook(path, read_only=True)  # streamed: rows are read only as far as sheet_rows goes
    except Exception as error:  # openpyxl raises many kinds on a broken file: all mean the same to a person
        raise Refusal(
            [
                Problem(
                    "encoding",
                    paths.display(path),
                    f"Excel のファイルとして読めません（{type(error).__name__}）。"
                    "Excel で開き、「Excel ブック（.xlsx）」で保存し直してください。",
                )
            ]
        ) from None
    return book


def require_plan_sheets(book, path: Path) -> None:
    missing = [s for s in (PLAN_SHEET, FIELDS_SHEET, SOURCES_SHEET) if s not in book.sheetnames]
    if missing:
        raise Refusal(
            [
                Problem(
                    "missing-table",
                    paths.display(path),
                    f"シート「{'」「'.join(missing)}」がありません。テンプレートのシート名に戻してください。",
                )
            ]
        )


def plan_from_workbook(
    book, notes: list[Note], places: Places
) -> tuple[dict, dict[str, bytes], list[Problem]]:
    """The canonical descriptor, each table's CSV bytes by file name, and the problems found in the sheets;
    `places` gets where each value sits."""
    meta, problems = read_plan_sheet(book, notes, places)
    schemas, files = load.load_shared_schemas(), {}
    for name in PLAN_RESOURCES:
        if SHEETS[name] in book.sheetnames:
            header, rows, found = read_table_sheet(book[SHEETS[name]], schemas[name], notes, places)
            problems += found
            files[f"{name}.csv"] = csv_bytes(header, rows)
    problems += sheets_not_read(book, meta.get("kind"), schemas)
    resources = [resource_of(f) for f in files]
    return canonical.canonical_descriptor({"plan": meta, "resources": resources}), files, problems


def sheets_not_read(book, kind, schemas: dict) -> list[Problem]:
    """A table's sheet deleted or renamed would drop the table without a word: a B plan's list of 重点支援企業
    must have its sheet, and a sheet that holds a table under another name (「重点支援企業 (2)」) is an error."""
    problems = []
    if kind == "B" and SHEETS["companies"] not in book.sheetnames:
        problems.append(
            Problem(
                "missing-table",
                SHEETS["companies"],
                f"シート「{SHEETS['companies']}」がありません。B の計画の重点支援企業一覧はこのシートから読みます。",
            )
        )
    known = {PLAN_SHEET, FIELDS_SHEET, SOURCES_SHEET, *SHEETS.values()}
    for title in book.sheetnames:
        if title in known:
            continue
        first = next(book[title].iter_rows(max_row=1, max_col=MAX_SHEET_COLUMNS, values_only=True), ())
        headings = {str(value) for value in first if value is not None}
        for name, sheet in SHEETS.items():
            if len(headings & {f["title"] for f in schemas[name]["fields"]}) >= 2:
                problems.append(
                    Problem(
                        "sheet-structure",
                        title,
                        f"シート「{title}」は「{sheet}」の表に見えますが、シート名が違うため取り込みません。"
                        f"シート名を「{sheet}」に戻してください（同じ名前のシートがあれば、1つにまとめます）。",
                    )
                )
                break
    return problems


STAND_IN_ID = "unplaced-plan"


def destination_of(descriptor: dict, root: Path) -> tuple[Path, Problem | None]:
    """The plan's folder, checked (before any path is used) against the rules of its kind, id and area and kept
    inside `root`. When they are broken, a stand-in folder to validate the rest in, and the problem; a kind that
    is none of A, B, C leaves nothing to validate."""
    try:
        return target_folder(descriptor, root), None
    except Misplaced as misplaced:
        meta = descriptor["plan"]
        if meta.get("kind") not in ("A", "B", "C"):
            raise Refusal(
                [
                    Problem(
                        misplaced.rule, PLAN_SHEET, misplaced.detail, value=misplaced.value, key="plan.kind"
                    )
                ]
            )
        if not (isinstance(meta.get("id"), str) and scaffold.ID.fullmatch(meta["id"])):
            meta = descriptor["plan"] = {**meta, "id": STAND_IN_ID}
        problem = Problem(
            misplaced.rule, PLAN_SHEET, misplaced.detail, value=misplaced.value, key=misplaced.key
        )
        return root / "unplaced" / meta["id"], problem


def validated_aside(
    descriptor: dict, files: dict[str, bytes], destination: Path, root: Path
) -> list[Problem]:
    """Validate the plan as it would be written, in a folder of its own (the repository is not touched)."""
    from build_scripts.validate import validate

    with tempfile.TemporaryDirectory() as work:
        staged = Path(work) / destination.relative_to(root.parent)
        write_plan(staged, descriptor, files)
        report = validate([staged], root=Path(work) / root.name)
        problems = list(report.problems)
        if not any(
            plan.directory == staged for plan in report.plans
        ):  # never "no problems" for an unseen plan
            problems.append(Problem("folder-layout", PLAN_SHEET, "取り込む計画を検査できませんでした。"))
        return problems + id_taken_elsewhere(descriptor, destination, root)


def old_folder_problems(destination: Path, files: dict[str, bytes]) -> list[Problem]:
    """What replacing the plan in place would lose: a table the workbook has no sheet for (never deleted
    silently), or something in the folder that cannot be kept (a FIFO, a device)."""
    if not destination.is_dir():
        return []
    old, _ = load.read_plan(destination)
    problems = [
        Problem(
            "missing-table",
            SHEETS[name],
            f"シート「{SHEETS[name]}」がありません。{paths.display(destination)} には {name}.csv があります。"
            f"表を空にするときは、見出しの行だけを残したシート「{SHEETS[name]}」にしてください。",
        )
        for name in (old.tables if old else {})
        if f"{name}.csv" not in files and name in SHEETS
    ]
    for entry in sorted(destination.iterdir()):
        if not (entry.is_symlink() or entry.is_dir() or load.is_regular_file(entry)):
            problems.append(
                Problem("not-regular-file", paths.display(entry), "取り込みの前に取り除いてください。")
            )
    return problems


def write_plan(folder: Path, descriptor: dict, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / paths.DESCRIPTOR_NAME).write_text(yamlio.dump(descriptor), encoding="utf-8")
    for filename, content in files.items():
        (folder / filename).write_bytes(content)


def work_prefix(destination: Path) -> str:
    return f".chiiki-import-{destination.name}-"


def put_in_place(descriptor: dict, files: dict[str, bytes], destination: Path) -> list[str]:
    """Replace the plan's folder by the imported one, whole: the new folder is written beside it and then takes
    its place in one step, so that a kill leaves the old plan or the new one, never half of one. Files of the old
    folder that the import does not write (a contributor's notes) are kept; their names are returned."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=work_prefix(destination), dir=destination.parent))
    try:
        write_plan(staged, descriptor, files)
        kept = keep_others(destination, staged, {paths.DESCRIPTOR_NAME, *files})
        output.replace_folder(staged, destination, work_prefix(destination))
    finally:
        if staged.exists():
            shutil.rmtree(staged)
    return kept


def keep_others(old: Path, new: Path, written: set[str]) -> list[str]:
    """Copy what the old folder holds besides the files the import writes (links are copied as links)."""
    kept = []
    for entry in sorted(old.iterdir()) if old.is_dir() else []:
        if entry.name in written:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, new / entry.name, follow_symlinks=False)
        kept.append(entry.name)
    return kept


MAX_UNPACKED = 100_000_000  # a full national B plan's workbook unpacks to a few MB


def untrusted_workbook(path: Path) -> str | None:
    """Why a file is not opened as a workbook: not a zip (e.g. a CSV renamed .xlsx), too large unpacked (a zip
    bomb), or XML with a DOCTYPE (entity expansion: an xlsx never needs one)."""
    if not zipfile.is_zipfile(path):
        return not_a_zip(path)
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > MAX_UNPACKED:
            return f"展開すると大きすぎるファイルです（上限 {MAX_UNPACKED:,} バイト）。"
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as handle:
                    start = handle.read(4096).upper()  # a DOCTYPE comes before the root element
                    if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                        return (
                            f"信頼できない XML（DOCTYPE・ENTITY）を含むファイルです"
                            f"（{member.filename}）。Excel で保存し直してください。"
                        )
    return None


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def structure_problems(path: Path) -> list[Problem]:
    """What openpyxl's values do not show and would change meaning silently: a merged cell (its value sits in the
    first cell only, the others import as empty) and a hidden row (a company marked 辞退 and hidden would be
    published). Read from the workbook's own XML, streamed (its DOCTYPE was refused before)."""
    problems = []
    with zipfile.ZipFile(path) as archive:
        for title, member in sheet_members(archive).items():
            with archive.open(member) as handle:
                for _, element in ElementTree.iterparse(handle):
                    if element.tag == _MAIN + "row" and element.get("hidden") in ("1", "true"):
                        problems.append(
                            Problem(
                                "sheet-structure",
                                title,
                                "非表示の行です。",
                                row=int(element.get("r", "0")) or None,
                            )
                        )
                    elif element.tag == _MAIN + "mergeCell":
                        problems.append(
                            Problem(
                                "sheet-structure",
                                title,
                                f"結合したセル {element.get('ref')} があります。",
                                value=element.get("ref"),
                            )
                        )
                    if element.tag == _MAIN + "row":
                        element.clear()
    return problems


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's title and the archive member that holds it (xl/workbook.xml and its relationships)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    members = {}
    for sheet in book.iter(_MAIN + "sheet"):
        target = targets.get(sheet.get(_RELATIONSHIP), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if member in archive.namelist():
            members[sheet.get("name")] = member
    return members


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls files and of password-protected .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def not_a_zip(path: Path) -> str:
    """Why a file that is not a zip is no workbook we read, said for what it most likely is."""
    with open(path, "rb") as handle:
        start = handle.read(1_000_000)
    if start.startswith(_OLE2) and _ENCRYPTED in start:
        return (
            "パスワードで保護されたブックです（中身が暗号化されていて読めません）。"
            "Excel で「ファイル → 情報 → ブックの保護 → パスワードを使用して暗号化」のパスワードを消して保存し直してください。"
        )
    if start.startswith(_OLE2):
        return (
            "古い形式の Excel ブック（.xls、Excel 97-2003）です。Excel で開き、"
            "「名前を付けて保存」で「Excel ブック（.xlsx）」を選んで保存し直してください。"
        )
    return "Excel のファイル（.xlsx）ではありません。CSV などの名前を .xlsx に変えたものは読めません。"


def id_taken_elsewhere(descriptor: dict, destination: Path, root: Path) -> list[Problem]:
    """The imported plan's id (or a former id) used by another plan folder of the repository."""
    from build_scripts.validate import all_ids

    wanted = set(all_ids(Plan(directory=destination, descriptor=descriptor, lines={})))
    problems = []
    for folder in load.discover(root):
        if folder.resolve() == destination.resolve():
            continue  # importing over the same plan is an update
        plan, _ = load.read_plan(folder)
        taken = wanted & set(all_ids(plan)) if plan else set()
        if taken:
            problems.append(
                Problem(
                    "duplicate-plan-id",
                    PLAN_SHEET,
                    f"計画ID「{'」「'.join(sorted(taken))}」は {paths.display(folder)} で使われています。",
                    value=", ".join(sorted(taken)),
                )
            )
    return problems


def told_as(problem: Problem) -> tuple:
    """What makes two problems one for the person: the same cell, or the same rule on the same sheet."""
    return (problem.file, problem.row, problem.column) if problem.row else (problem.rule, problem.file)


def on_sheet(problem: Problem, places: Places) -> Problem:
    """A problem found in the staged files, pointed at the cell the contributor edits: the table's sheet and the
    sheet's own row (the CSV has no blank rows; the sheet may), or the 計画, 分野 or 出典 row of a descriptor's
    item; the column by the heading the sheet shows, with the cell reference (D35)."""
    name = Path(problem.file).name
    if name.endswith(".csv") and name[:-4] in SHEETS:
        sheet = SHEETS[name[:-4]]
        rows = places.table_rows.get(sheet, [])
        row = rows[problem.row - 2] if problem.row and 2 <= problem.row < len(rows) + 2 else problem.row
        return in_cell(problem, sheet, row, problem.column, places)
    if problem.rule == "missing-table" and problem.key == "resources":  # B's list: on its sheet
        return dataclasses.replace(problem, file=SHEETS["companies"], line=None)
    if name == paths.DESCRIPTOR_NAME or problem.key:
        return on_plan_sheets(problem, places)
    if problem.file in places.headings and problem.row:
        return in_cell(problem, problem.file, problem.row, problem.column, places)
    return problem


def in_cell(problem: Problem, sheet: str, row: int | None, column: str | None, places: Places) -> Problem:
    names, headings = places.columns.get(sheet, []), places.headings.get(sheet, [])
    if column in names:
        index = names.index(column)
        column = headings[index]
        cell = f"{get_column_letter(index + 1)}{row}" if row else None
    elif column and re.fullmatch(r"[A-Z]{1,3}", column):
        cell = f"{column}{row}" if row else None  # a cell right of the last heading
    else:
        cell = None
    return dataclasses.replace(problem, file=sheet, row=row, column=column, cell=cell, line=None)


def on_plan_sheets(problem: Problem, places: Places) -> Problem:
    """A problem in the descriptor, at its place in the 計画, 分野 or 出典 sheet (key plan.sources.0.date → the
    出典 sheet's row of the first source, column 日付)."""
    parts = (problem.key or "plan").split(".")[1:]
    detail = problem.detail
    if problem.rule == "plan-metadata":  # the schema's message starts with the dotted place the cell shows
        detail = detail.removeprefix(".".join(parts) + ": ")
    if parts[:1] in (["sources"], ["fields"]) and len(parts) >= 2 and parts[1].isdigit():
        sheet, rows, keys, headings = (
            (SOURCES_SHEET, places.source_rows, SOURCE_KEYS, SOURCE_HEADINGS)
            if parts[0] == "sources"
            else (FIELDS_SHEET, places.field_rows, ["label", "strategic_fields"], FIELD_HEADINGS)
        )
        index = int(parts[1])
        row = rows[index] if index < len(rows) else None
        column = headings[keys.index(parts[2])] if len(parts) > 2 and parts[2] in keys else None
        cell = f"{get_column_letter(headings.index(column) + 1)}{row}" if row and column else None
        return dataclasses.replace(
            problem, file=sheet, detail=detail, row=row, column=column, cell=cell, line=None
        )
    if parts[:1] in (["sources"], ["fields"]):
        return dataclasses.replace(
            problem, file=SOURCES_SHEET if parts[0] == "sources" else FIELDS_SHEET, detail=detail, line=None
        )
    while parts and ".".join(parts) not in places.plan_rows:
        parts = parts[:-1]  # an item of a list (area.prefectures.0) is on the list's row
    row = places.plan_rows.get(".".join(parts)) if parts else None
    return dataclasses.replace(
        problem,
        file=PLAN_SHEET,
        detail=detail,
        row=row,
        column=PLAN_HEADINGS[1] if row else None,
        cell=f"B{row}" if row else None,
        line=None,
    )
