"""Domain rules on the cells of a plan's tables: codes, references, safety of text, order of dates."""

import datetime
import re
import unicodedata

from build_scripts import codes, paths
from build_scripts.model import Plan, Problem, Reference, Table, at_cell
from build_scripts.settings import build_date

# Full-width ＝ ＋ ＠ too: Japanese Excel reads them as the half-width ones when a cell is entered or opened.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff20")
LEADING_SPACE = " \u3000"  # a formula after spaces still runs in Excel
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]"
)  # C0 (but tab and newline), DEL, C1, non-characters
# Unicode's format characters (general category Cf, Unicode 15): zero-width spaces and joiners, direction
# marks, embeddings, overrides and isolates, the BOM, interlinear annotation, tags. They change how text
# displays (U+202E shows a name backwards) or hide in it; tests/test_hostile.py checks this list against
# unicodedata.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def check_cells(plan: Plan, reference: Reference, schemas: dict[str, dict]) -> list[Problem]:
    problems = []
    area_prefectures = set(plan.meta.get("area", {}).get("prefectures") or [])
    if plan.meta.get("area", {}).get("block") in reference.blocks:
        area_prefectures |= set(reference.prefectures_of_block(plan.meta["area"]["block"]))
    for name, table in plan.tables.items():
        fields = [
            (f["name"], f, f.get("type", "string") == "string", f.get("code"))
            for f in schemas[name]["fields"]
            if f["name"] in table.header
        ]
        for row in table.rows:
            for column, field, is_text, code in fields:
                value = row[column]
                if not value or (not code and is_text and _looks_plain(value)):
                    continue  # the common case, checked without building anything
                at = at_cell(paths.display(table.path), row, column, value)
                problems += check_text(value, field, at)
                problems += check_code(value, code, reference, area_prefectures, at)
            problems += check_row_order(table, row)
    problems += check_example_companies(plan) + check_copied_example_companies(plan)
    problems += check_investment_scales(plan) + check_investment_companies(plan)
    problems += check_report_dates(plan, datetime.date.fromisoformat(build_date()))
    problems += check_reports_after_start(plan)
    return problems


def _looks_plain(value: str) -> bool:
    """Text no text rule can object to: no formula prefix, no control or format character, no surrounding space."""
    return (
        not value.startswith(FORMULA_PREFIXES)
        and value == value.strip()
        and not _CONTROL.search(value)
        and not _INVISIBLE.search(value)
    )


def code_point(character: str) -> str:
    return f"U+{ord(character):04X}（{unicodedata.name(character, '名前のない文字')}）"


def character_problems(value: str, *, newlines: bool = False) -> list[tuple[str, str]]:
    """(rule, detail) for a text value that would run as a formula or hides characters; the same rules for CSV
    cells and for the descriptor's text (newlines are allowed in the descriptor's text sections)."""
    start = value.lstrip(LEADING_SPACE)
    if start.startswith(FORMULA_PREFIXES) and not (newlines and start[:1] in "\r\n"):
        return [
            ("formula-prefix", f"先頭の文字 {start[0]!r}" + ("（前の空白の後）" if start != value else ""))
        ]
    control = _CONTROL.search(value.replace("\n", "").replace("\r", "") if newlines else value)
    if control:
        return [("control-character", f"{code_point(control.group())} があります。")]
    invisible = _INVISIBLE.search(value)
    if invisible:
        return [
            (
                "invisible-character",
                f"{code_point(invisible.group())} が {invisible.start() + 1} 文字目にあります。",
            )
        ]
    return []


def check_text(value: str, field: dict, at: dict) -> list[Problem]:
    if field.get("type", "string") != "string":
        return []  # numbers may be negative; their type rule already holds them to digits
    found = character_problems(value)
    if found:
        return [Problem(rule, detail=detail, **at) for rule, detail in found]
    if value != value.strip():
        return [Problem("whitespace", **at)]
    return []


def check_code(value: str, kind: str | None, reference: Reference, area: set[str], at: dict) -> list[Problem]:
    if (
        kind == "corporate_number"
        and re.fullmatch(r"[0-9]{13}", value)
        and not codes.is_valid_corporate_number(value)
    ):
        return [
            Problem(
                "corporate-number",
                detail="この番号は法人番号として成り立ちません。国税庁の法人番号公表サイトで13桁の番号を確かめてください"
                "（チェックディジットを計算して合わせると、桁の欠けた番号や別の会社の番号が通ってしまいます）。",
                **at,
            )
        ]
    if kind == "municipality" and re.fullmatch(r"[0-9]{6}", value):
        if not codes.is_valid_municipality_code(value):
            return [Problem("municipality-code", detail="チェックディジット（6桁目）が合いません。", **at)]
        if value not in reference.municipalities:
            return [Problem("municipality-code", detail=not_listed(value, reference), **at)]
        if area and value[:2] not in area:
            return [
                Problem(
                    "area-mismatch",
                    detail=f"{reference.municipalities[value]['name']}（{reference.prefectures[value[:2]]['name']}）",
                    **at,
                )
            ]
    if kind == "prefecture" and re.fullmatch(r"[0-9]{2}", value) and value not in reference.prefectures:
        return [Problem("prefecture-code", **at)]
    if kind == "strategic_field_list" and re.fullmatch(r"[0-9;]+", value):
        unknown = [n for n in value.split(";") if n and int(n) not in reference.fields]
        if unknown:
            return [
                Problem(
                    "strategic-field", detail=f"{', '.join(unknown)} は17分野の番号ではありません。", **at
                )
            ]
    return []


def not_listed(code: str, reference: Reference) -> str:
    """Why a well-formed code is not in the reference: a 政令指定都市's ward (横浜市鶴見区 141011) is no municipality
    of the list, the city is (横浜市 141003)."""
    if city := ward_city(code, reference):
        name = reference.municipalities[city]["name"]
        return f"政令指定都市の区のコードです。区ではなく市のコード {city}（{name}）を書きます。"
    return "この団体コードは市区町村一覧にありません。"


def ward_city(code: str, reference: Reference) -> str | None:
    """The 政令指定都市 whose ward a code is. The cities and their wards share the numbers XX100–XX199 (札幌市 01100,
    its wards 01101–01110; 川崎市 14130, its wards 14131–14137): the ward's city is the listed one just below it."""
    if len(code) != 6 or code[2] != "1" or code in reference.municipalities:
        return None
    below = [c for c in reference.municipalities if c[:3] == code[:3] and c[:5] < code[:5]]
    city = max(below, default=None)
    if city and city[4] == "0" and reference.municipalities[city]["name"].endswith("市"):
        return city
    return None  # 東京都's special wards are municipalities of the list themselves


_ORDERED = (
    ("start_fy", "end_fy", re.compile(r"[0-9]{4}")),
    ("baseline_date", "target_date", re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")),
)


def check_row_order(table: Table, row: dict) -> list[Problem]:
    """Order of well-formed years and dates only: a cell that fails its type is reported once, by the type rule."""
    problems = []
    for first, last, form in _ORDERED:
        start, end = row.get(first) or "", row.get(last) or ""
        if (
            form.fullmatch(start) and form.fullmatch(end) and start > end
        ):  # same width: text order is number order
            problems.append(
                Problem.in_row(
                    "date-order",
                    paths.display(table.path),
                    row,
                    last,
                    f"{first}（{start}）が {last} より後です。",
                    value=end,
                )
            )
    return problems


def check_report_dates(plan: Plan, today: datetime.date) -> list[Problem]:
    """A progress report or a revision dated after today has not happened (a year typo such as 2062 kept a plan
    "on time" on the public reporting page for years)."""
    problems = []
    for resource, column in (("progress", "report_date"), ("revisions", "revised_on")):
        table = plan.tables.get(resource)
        for row in table.rows if table else []:
            value = row.get(column, "")
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                continue  # the type rule reports it
            if day > today:
                problems.append(
                    Problem.in_row(
                        "date",
                        paths.display(table.path),
                        row,
                        column,
                        f"今日（{today}）より後の日付です。",
                        value=value,
                    )
                )
    return problems


def check_reports_after_start(plan: Plan) -> list[Problem]:
    """A progress report comes after the plan is published (公表 → 進捗報告) and after its KPI's baseline: one
    dated before is most often a year typo, and shown as progress it would mislead."""
    table = plan.tables.get("progress")
    published = plan.meta.get("published_on")
    baselines = {row["kpi_id"]: row.get("baseline_date", "") for row in plan.rows("kpis")}
    problems = []
    for row in table.rows if table else []:
        day, baseline = row.get("report_date", ""), baselines.get(row.get("kpi_id"), "")
        if not _ISO_DAY.fullmatch(day):
            continue  # the type rule reports it
        if isinstance(published, str) and _ISO_DAY.fullmatch(published) and day < published:
            detail = f"計画の公表日（{published}）より前です。"
        elif _ISO_DAY.fullmatch(baseline) and day < baseline:
            detail = f"KPI「{row['kpi_id']}」の基準時点（{baseline}）より前です。"
        else:
            continue
        problems.append(
            Problem.in_row(
                "report-before-plan", paths.display(table.path), row, "report_date", detail, value=day
            )
        )
    return problems


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_copied_example_companies(plan: Plan) -> list[Problem]:
    """A 記載例 company (架空) copied into a real, published plan would be published as selected."""
    table = plan.tables.get("companies")
    if table is None or plan.is_example or plan.status == "draft":
        return []
    return [
        Problem.in_row(
            "placeholder",
            paths.display(table.path),
            row,
            "name",
            "架空の記載例の企業です。実際の重点支援企業一覧の企業に置き換えます。",
            value=row.get("name"),
        )
        for row in table.rows
        if "架空" in row.get("name", "")
    ]


def check_example_companies(plan: Plan) -> list[Problem]:
    if not plan.is_example or "companies" not in plan.tables:
        return []
    table = plan.tables["companies"]
    unlabelled = [
        Problem.in_row(
            "example-label",
            paths.display(table.path),
            row,
            "name",
            "記載例の企業名には「架空」または「記載例」を含めます。",
            value=row.get("name"),
        )
        for row in table.rows
        if "架空" not in row.get("name", "") and "記載例" not in row.get("name", "")
    ]
    real_numbers = [
        Problem.in_row(
            "example-label",
            paths.display(table.path),
            row,
            "corporate_number",
            f"記載例の法人番号は架空の範囲（下12桁が {codes.FICTIONAL_CORPORATE_BASE} で始まるもの）にします。"
            "実在の企業の番号は使えません。",
            value=row.get("corporate_number"),
        )
        for row in table.rows
        if row.get("corporate_number") and not codes.is_fictional_corporate_number(row["corporate_number"])
    ]
    return unlabelled + real_numbers


LARGEST_PLAUSIBLE_OKU_YEN = (
    1000  # one investment of 1,000 億円 or more: a unit slip (百万円) more often than not
)


def check_investment_scales(plan: Plan) -> list[Problem]:
    """4500 typed in 百万円 was published as 4,500 億円 (静岡県's total shown twenty times too large): a value this
    large is a warning that says the unit. Some real investments are this large, so it is never an error."""
    table = plan.tables.get("investments")
    problems = []
    for row in table.rows if table else []:
        try:
            scale = float(row.get("scale_oku_yen", ""))
        except ValueError:
            continue  # the type rule reports it
        if scale >= LARGEST_PLAUSIBLE_OKU_YEN:
            problems.append(
                Problem.in_row(
                    "magnitude",
                    paths.display(table.path),
                    row,
                    "scale_oku_yen",
                    f"{scale:,.10g} 億円（{scale / 10000:,.10g} 兆円）です。単位は億円です。"
                    f"百万円で書いた値なら {scale / 100:,.10g} 億円です。",
                    value=row["scale_oku_yen"],
                )
            )
    return problems


_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|[（(][株有同][)）]|[㈱㈲]"
    r"|\b(?:Inc|Corp|Corporation|Co\.,? ?Ltd|Ltd|LLC|K\.K)\b",
    re.IGNORECASE,
)


def company_names(plan: Plan) -> list[str]:
    """The plan's listed companies' names, with and without their legal form (a description may say 架空精密)."""
    names = []
    for row in plan.rows("companies"):
        name = unicodedata.normalize("NFKC", row.get("name", "")).strip()
        bare = _LEGAL_FORMS.sub("", name).strip()
        names += [n for n in (name, bare) if len(n) >= 3]
    return sorted(set(names), key=len, reverse=True)


def check_investment_companies(plan: Plan) -> list[Problem]:
    """The investments are published without their companies (the state's policy): a company's legal form or the
    name of a company of the plan's list in an investment's text would publish which company invests."""
    table = plan.tables.get("investments")
    names = company_names(plan) if table else []
    problems = []
    for row in table.rows if table else []:
        for column in ("industry_area", "description"):
            text = unicodedata.normalize("NFKC", row.get(column, ""))
            found = _LEGAL_FORMS.search(text) or next((n for n in names if n in text), None)
            if found:
                word = found if isinstance(found, str) else found.group()
                problems.append(
                    Problem.in_row(
                        "non-public",
                        paths.display(table.path),
                        row,
                        column,
                        f"「{word}」は企業を特定する記述です。",
                        value=row[column],
                    )
                )
    return problems
