"""Domain rules on the cells of a plan's tables: codes, references, safety of text, order of dates."""
import re

from build_scripts import codes, paths
from build_scripts.model import Plan, Problem, Reference, Table

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def check_cells(plan: Plan, reference: Reference, schemas: dict[str, dict]) -> list[Problem]:
    problems = []
    area_prefectures = set(plan.meta.get("area", {}).get("prefectures") or [])
    if plan.meta.get("area", {}).get("block") in reference.blocks:
        area_prefectures |= set(reference.prefectures_of_block(plan.meta["area"]["block"]))
    for name, table in plan.tables.items():
        fields = [(f["name"], f, f.get("type", "string") == "string", f.get("code"))
                  for f in schemas[name]["fields"] if f["name"] in table.header]
        for row in table.rows:
            for column, field, is_text, code in fields:
                value = row[column]
                if not value or (not code and is_text and _looks_plain(value)):
                    continue            # the common case, checked without building anything
                at = {"file": paths.display(table.path), "row": row["__row__"], "line": row["__line__"], "column": column,
                      "value": value}
                problems += check_text(value, field, at)
                problems += check_code(value, code, reference, area_prefectures, at)
            problems += check_row_order(table, row)
    problems += check_example_companies(plan)
    return problems


def _looks_plain(value: str) -> bool:
    """Text no text rule can object to: no formula prefix, no control character, no surrounding space."""
    return not value.startswith(FORMULA_PREFIXES) and value == value.strip() and not _CONTROL.search(value)


def check_text(value: str, field: dict, at: dict) -> list[Problem]:
    if field.get("type", "string") != "string":
        return []   # numbers may be negative; their type rule already holds them to digits
    if value.startswith(FORMULA_PREFIXES):
        return [Problem("formula-prefix", detail=f"先頭の文字 {value[0]!r}", **at)]
    if _CONTROL.search(value):
        return [Problem("control-character", **at)]
    if value != value.strip():
        return [Problem("whitespace", **at)]
    return []


def check_code(value: str, kind: str | None, reference: Reference, area: set[str], at: dict) -> list[Problem]:
    if kind == "corporate_number" and re.fullmatch(r"[0-9]{13}", value) and not codes.is_valid_corporate_number(value):
        expected = codes.corporate_check_digit(value[1:])
        return [Problem("corporate-number", detail=f"この番号の下12桁ならチェックディジットは {expected} です。", **at)]
    if kind == "municipality" and re.fullmatch(r"[0-9]{6}", value):
        if not codes.is_valid_municipality_code(value):
            return [Problem("municipality-code", detail="チェックディジット（6桁目）が合いません。", **at)]
        if value not in reference.municipalities:
            return [Problem("municipality-code", detail="この団体コードは市区町村一覧にありません。", **at)]
        if area and value[:2] not in area:
            return [Problem("area-mismatch", detail=f"{reference.municipalities[value]['name']}（{reference.prefectures[value[:2]]['name']}）", **at)]
    if kind == "prefecture" and re.fullmatch(r"[0-9]{2}", value) and value not in reference.prefectures:
        return [Problem("prefecture-code", **at)]
    if kind == "strategic_field_list" and re.fullmatch(r"[0-9;]+", value):
        unknown = [n for n in value.split(";") if n and int(n) not in reference.fields]
        if unknown:
            return [Problem("strategic-field", detail=f"{', '.join(unknown)} は17分野の番号ではありません。", **at)]
    return []


_ORDERED = (("start_fy", "end_fy"), ("baseline_date", "target_date"))


def check_row_order(table: Table, row: dict) -> list[Problem]:
    problems = []
    for first, last in _ORDERED:
        if row.get(first) and row.get(last) and row[first] > row[last] and len(row[first]) == len(row[last]):
            problems.append(Problem("date-order", paths.display(table.path), f"{first}（{row[first]}）が {last} より後です。",
                                    row=row["__row__"], line=row["__line__"], column=last, value=row[last]))
    return problems


def check_example_companies(plan: Plan) -> list[Problem]:
    if not plan.is_example or "companies" not in plan.tables:
        return []
    table = plan.tables["companies"]
    return [Problem("example-label", paths.display(table.path), "記載例の企業名には「架空」または「記載例」を含めます。",
                    row=row["__row__"], line=row["__line__"], column="name", value=row.get("name"))
            for row in table.rows if "架空" not in row.get("name", "") and "記載例" not in row.get("name", "")]
