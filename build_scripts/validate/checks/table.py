"""Table Schema rules, applied strictly to the raw text of each cell.

Strict where spreadsheets are loose: half-width ASCII digits only (no `１２３`, no `12,345`),
ISO dates only, no surrounding spaces in numbers. Nothing is coerced.
"""

import re

from openpyxl.utils import get_column_letter

from build_scripts import codes, paths
from build_scripts.model import Problem, Table, at_cell
from build_scripts.validate.suggest import suggest
from build_scripts.values import parse


def check_table(table: Table, schema: dict) -> list[Problem]:
    problems = check_header(table, schema)
    fields = [field for field in schema["fields"] if field["name"] in table.header]
    for row in table.rows:
        for field in fields:
            problems += check_cell(table, row, field)
    return problems + check_primary_key(table, schema)


def check_header(table: Table, schema: dict) -> list[Problem]:
    shown = paths.display(table.path)
    known = [field["name"] for field in schema["fields"]]
    problems = unnamed_columns(table)
    problems += [
        Problem(
            "extra-column",
            shown,
            f"列「{name}」は {table.name} のスキーマにありません。",
            row=1,
            line=1,
            column=name,
        )
        for name in table.header
        if name not in known and name.strip()
    ]
    problems += [
        Problem("duplicate-column", shown, f"列「{name}」", row=1, line=1, column=name)
        for name in sorted({n for n in table.header if table.header.count(n) > 1 and n.strip()})
    ]
    problems += [
        Problem(
            "missing-column",
            shown,
            f"列「{field['name']}」（{field.get('title', '')}）がありません。",
            row=1,
            line=1,
            column=field["name"],
        )
        for field in schema["fields"]
        if field.get("constraints", {}).get("required") and field["name"] not in table.header
    ]
    return problems


def unnamed_columns(table: Table) -> list[Problem]:
    """Columns without a heading, told once: Excel leaves empty columns at the end of a CSV (`a,b,,`) when cells
    beyond the table were once used; they gave 「同じ列名が2回あります：列「」」, which no one could act on."""
    positions = [i for i, name in enumerate(table.header) if not name.strip()]
    if not positions:
        return []
    letters = "・".join(get_column_letter(i + 1) for i in positions)
    if positions == list(range(positions[0], len(table.header))):
        detail = (
            f"末尾に見出しのない列が {len(positions)} 列あります（{letters} 列）。Excel が使ったことのある空の列を"
            "残したときにもこうなります。表の右の列を選んで「列の削除」をしてから保存し直してください。"
        )
    else:
        detail = f"見出しのない列があります（{letters} 列）。列の見出しを書くか、列を削除してください。"
    return [
        Problem(
            "extra-column",
            paths.display(table.path),
            detail,
            row=1,
            line=1,
            column=get_column_letter(positions[0] + 1),
        )
    ]


_TYPE_HELP = {
    "integer": "半角数字の整数",
    "number": "半角数字（小数点は .、桁区切りのコンマなし）",
    "date": "西暦の YYYY-MM-DD",
}


def check_cell(table: Table, row: dict, field: dict) -> list[Problem]:
    name, value = field["name"], row[field["name"]]
    constraints = field.get("constraints", {})
    at = at_cell(paths.display(table.path), row, name, value)
    label = f"{field.get('title', name)}（{name}）"
    if value == "":
        return (
            [Problem("required", detail=f"{label} は必須です。", **at)] if constraints.get("required") else []
        )
    typed = parse(value, field.get("type", "string"))
    if typed is None:
        detail = f"{label} は{_TYPE_HELP[field['type']]}で書きます。"
        if (
            field["type"] in ("integer", "number")
            and len(value) > 15
            and value.lstrip("-").replace(".", "").isdigit()
        ):
            detail += "桁数は15桁までです。"
        if fix := suggest(value, field["type"]):
            detail += f"{fix[1]}直すと「{fix[0]}」です。"
        return [Problem("type", detail=detail, **at)]
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        return [
            Problem(
                "pattern",
                detail=f"{label} は{pattern_in_words(constraints['pattern'], field)}で書きます。"
                + code_hint(value, field),
                **at,
            )
        ]
    if "enum" in constraints and value not in constraints["enum"]:
        return [Problem("enum", detail=f"{label} は {' / '.join(constraints['enum'])} のどれかです。", **at)]
    if "minimum" in constraints and typed < constraints["minimum"]:
        return [Problem("range", detail=f"{label} は {constraints['minimum']} 以上です。", **at)]
    if "maximum" in constraints and typed > constraints["maximum"]:
        return [Problem("range", detail=f"{label} は {constraints['maximum']} 以下です。", **at)]
    return []


_DIGITS = re.compile(r"\[0-9\]\{(\d+)\}")


def pattern_in_words(pattern: str, field: dict) -> str:
    """A pattern as officials read it: 「6桁の半角数字」, not [0-9]{6}."""
    pattern = pattern.removeprefix("^").removesuffix("$")
    if pattern.startswith("[0-9]{4}-(0[1-9]"):
        return "西暦の YYYY-MM-DD（例：2026-04-01）"
    if m := _DIGITS.fullmatch(pattern):
        return f"{m.group(1)}桁の半角数字（先頭の0も書きます）"
    if pattern == "[0-9]{1,2}(;[0-9]{1,2})*":
        return "半角数字を ; で区切ったもの（例：1;5）"
    if pattern.startswith("[a-z0-9]"):
        return "半角の英小文字・数字・ハイフン（例：" + str(field.get("example", "sales")) + "）"
    return f"決められた書式（例：{field.get('example', '')}）"


def code_hint(value: str, field: dict) -> str:
    """A 5-digit 団体コード is the common form without its check digit: give the 6-digit form."""
    if field.get("code") == "municipality" and re.fullmatch(r"[0-9]{5}", value):
        full = codes.with_municipality_check_digit(value)
        return f"5桁のコードです。チェックディジットを付けた6桁は「{full}」です。"
    return ""


def check_primary_key(table: Table, schema: dict) -> list[Problem]:
    key = schema.get("primaryKey") or []
    if not key or any(name not in table.header for name in key):
        return []
    seen: dict[tuple, int] = {}
    problems = []
    for row in table.rows:
        values = tuple(row[name] for name in key)
        if values in seen:
            problems.append(
                Problem.in_row(
                    "unique-key",
                    paths.display(table.path),
                    row,
                    key[0],
                    f"{' + '.join(key)} が {seen[values]} 行目と同じです。",
                    value=" / ".join(values),
                )
            )
        else:
            seen[values] = row["__row__"]
    return problems


def check_foreign_keys(tables: dict[str, Table], schemas: dict[str, dict]) -> list[Problem]:
    problems = []
    for name, table in tables.items():
        for foreign in schemas[name].get("foreignKeys", []):
            target = tables.get(foreign["reference"]["resource"])
            target_fields = foreign["reference"]["fields"]
            known = {tuple(row.get(f) for f in target_fields) for row in (target.rows if target else [])}
            for row in table.rows:
                values = tuple(row.get(f, "") for f in foreign["fields"])
                if all(values) and values not in known:
                    problems.append(
                        Problem.in_row(
                            "foreign-key",
                            paths.display(table.path),
                            row,
                            foreign["fields"][0],
                            f"{foreign['reference']['resource']} に {' / '.join(values)} がありません。",
                            value=" / ".join(values),
                        )
                    )
    return problems
