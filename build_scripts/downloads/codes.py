"""The code lists and the plan ↔ code link tables of the national package, so that a researcher joins names to
codes without the database and every code column has a foreign key that frictionless checks (an unknown
municipality code fails the package, not only our validator).

The code lists are the reference package's tables as committed (datapackages/reference/, under codes/ in the
national package), with block_prefectures beside them: a prefecture's blocks one row each (福井 is in 北陸 and 近畿).
The link tables give one row per plan and prefecture, municipality or field, so no join needs `LIKE` on "21;23".
"""

import csv
import functools

from build_scripts import load, paths
from build_scripts.derive.groups import plan_field_numbers, plan_prefectures
from build_scripts.downloads.table import OutTable, declared_keys, declared_schema

CODES = "codes/"  # the code lists' folder inside the national package
# A column holding a code, by its name in the tables we make, and the code list it refers to.
CODE_COLUMNS = {
    "prefecture_code": ("prefectures", "prefecture_code"),
    "municipality_code": ("municipalities", "municipality_code"),
    "block_id": ("blocks", "block_id"),
    "field_number": ("strategic_fields", "field_number"),
}


def code_keys(fields: list[dict]) -> tuple[tuple[str, str, str], ...]:
    """The foreign keys of a table's code columns, found by the columns' names."""
    return tuple((f["name"], *CODE_COLUMNS[f["name"]]) for f in fields if f["name"] in CODE_COLUMNS)


@functools.cache
def code_tables() -> tuple[OutTable, ...]:
    """The reference package's code lists, then block_prefectures; the same for every build of this code."""
    tables = [_reference_table(resource) for resource in load.load_reference_descriptor()["resources"]]
    prefectures = next(t for t in tables if t.name == "prefectures")
    blocks_at = [f["name"] for f in prefectures.schema["fields"]].index("block_ids")
    pairs = sorted(
        {(block, row[0]) for row in prefectures.rows for block in row[blocks_at].split(";") if block}
    )
    declared = load.load_published_schema("block_prefectures")
    link = OutTable(
        "block_prefectures",
        declared_schema(declared),
        [list(pair) for pair in pairs],
        declared_keys(declared),
        folder=CODES,
    )
    return (*tables, link)


def _reference_table(resource: dict) -> OutTable:
    with (paths.REFERENCE / resource["path"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    schema = resource["schema"]
    keys = tuple(
        (key["fields"][0], key["reference"]["resource"], key["reference"]["fields"][0])
        for key in schema.get("foreignKeys", [])
    )
    described = declared_schema(resource | {"primaryKey": schema["primaryKey"]}, schema["fields"])
    return OutTable(resource["name"], described, rows, keys, folder=CODES)


LINK_TABLES = ("plan_prefectures", "plan_municipalities", "plan_fields")  # declared in schemas/published/


def link_tables(plans) -> list[OutTable]:
    """Plan ↔ prefecture, municipality and field, one row per pair."""
    pairs = {
        "plan_prefectures": [(p.id, code) for p in plans for code in plan_prefectures(p)],
        "plan_municipalities": [(p.id, code) for p in plans for code in p.info.area.municipalities],
        "plan_fields": [(p.id, str(number)) for p in plans for number in plan_field_numbers(p)],
    }
    tables = []
    for name in LINK_TABLES:
        declared = load.load_published_schema(name)
        rows = [list(pair) for pair in pairs[name]]
        tables.append(OutTable(name, declared_schema(declared), rows, declared_keys(declared)))
    return tables


def code_and_link_tables(plans=()) -> list[OutTable]:
    """The tables this module adds to the national package (without plans: their schemas, for the dictionary)."""
    return link_tables(plans) + list(code_tables())


# The column put beside a code in the Excel-oriented CSV, by the code list the code refers to.
NAME_TITLES = {
    "prefectures": "都道府県名",
    "municipalities": "市区町村名",
    "blocks": "地域ブロック名",
    "strategic_fields": "戦略分野名",
}


@functools.cache
def code_names() -> dict[str, dict[str, str]]:
    """Each code list's names by code; a municipality's with its prefecture (朝日町 is in three: 「富山県 朝日町」)."""
    lists = {t.name: t for t in code_tables()}

    def names(table: str, shown=lambda row, name: name) -> dict[str, str]:
        columns = [f["name"] for f in lists[table].schema["fields"]]
        at = columns.index("name")
        return {row[0]: shown(row, row[at]) for row in lists[table].rows}

    prefectures = names("prefectures")
    prefecture_at = [f["name"] for f in lists["municipalities"].schema["fields"]].index("prefecture_code")
    return {
        "prefectures": prefectures,
        "municipalities": names(
            "municipalities", lambda row, name: f"{prefectures[row[prefecture_at]]} {name}"
        ),
        "blocks": names("blocks"),
        "strategic_fields": names("strategic_fields"),
    }


def _named_beside(table: OutTable) -> dict[int, str]:
    """The positions of the code columns that get a name beside them, with the code list of each: not where the
    table already gives the name next (the summaries' prefecture_name)."""
    columns = [f["name"] for f in table.schema["fields"]]
    beside = {}
    for column, target, _ in table.foreign_keys:
        if target in NAME_TITLES and column in columns:
            at = columns.index(column)
            if not (at + 1 < len(columns) and columns[at + 1].endswith("_name")):
                beside[at] = target
    return beside


def with_names(table: OutTable) -> tuple[list[str], list[list[str]]]:
    """The titles and rows of a table's Excel CSV: after each code column, the code's name, so that a person
    reading it in Excel needs no lookup (the plain CSV keeps codes only, for programs)."""
    beside, lookup = _named_beside(table), code_names()
    titles: list[str] = []
    for at, field in enumerate(table.schema["fields"]):
        titles += [field["title"]] + ([NAME_TITLES[beside[at]]] if at in beside else [])
    rows = []
    for row in table.rows:
        cells = []
        for at, cell in enumerate(row):
            cells += [cell, lookup[beside[at]].get(cell, "")] if at in beside else [cell]
        rows.append(cells)
    return titles, rows
