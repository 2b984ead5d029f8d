"""What the pages show, prepared in Python: a plan's names, area and filter keys, the rows of the tables a page
lists, figures and constraints in words. render.py hands these to the templates, which only lay them out
(tests/test_views.py checks them without rendering a page)."""

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from build_scripts import labels, romaji, settings, urls
from build_scripts.derive import Reporting, Site, achievement, area_order, official_records, reporting
from build_scripts.derive.groups import plan_blocks, plan_field_numbers, plan_prefectures
from build_scripts.derive.summaries import BASE, decimal_text
from build_scripts.load import load_published_schema
from build_scripts.load.editions import DICTIONARY as EDITION_DICTIONARY
from build_scripts.load.editions import TABLE_TITLES
from build_scripts.model import Plan, kpi_reports
from build_scripts.site.i18n import Translator
from build_scripts.validate.checks.table import pattern_in_words

Named = tuple[str, str]  # (code, name)


@dataclasses.dataclass(frozen=True)
class PlanView:
    """A plan as every page that lists or shows it names it."""

    plan: Plan
    area: str  # in words: its block, else its municipalities, else its prefectures (「九州・沖縄ブロック」)
    block: Named | None  # the block the plan names (an A plan), with its short name (block_label)
    blocks: tuple[Named, ...]  # every block it belongs to (derive.groups.plan_blocks)
    prefectures: tuple[Named, ...]
    municipalities: tuple[Named, ...]  # names with their prefecture: 「東京都 千代田区」
    fields: tuple[tuple[int, str], ...]  # its strategic fields, with their names
    facets: Mapping[str, str]  # the plan list's filter values (data-facet-<name>), space-separated

    @property
    def prefecture_names(self) -> str:
        return "、".join(name for _, name in self.prefectures)


@dataclasses.dataclass(frozen=True)
class KpiRow:
    kpi: dict
    reports: tuple[dict, ...]  # oldest first
    latest: dict | None
    rate: str  # 「31%」, or "" when it cannot be computed
    chart_text: str  # the chart's alternative text: every figure the chart draws


@dataclasses.dataclass(frozen=True)
class PrefectureQuality:
    """One prefecture's row of the quality page: its real plans' figures added up."""

    code: str
    name: str
    plans: int
    sections_filled: int
    sections_expected: int
    sources_with_url: int
    sources: int
    warnings: int
    overdue: int


class Views:
    """Names from the reference data and each plan's view, made once per build and language tree: in English
    the reference's own English names (prefectures, blocks), municipalities in romaji from their kana, and the
    fields and kinds in this site's marked translation (i18n.Translator.term)."""

    def __init__(self, site: Site, t: Translator | None = None):
        self.site, self.reference = site, site.reference
        self.t = t or Translator("ja")
        self.english = self.t.translating
        self._plans: dict[str, PlanView] = {}  # by plan id: a plan is listed on many pages

    def prefecture_name(self, code: str) -> str:
        row = self.reference.prefectures[code]
        return row["name_en"] if self.english else row["name"]

    def municipality_name(self, code: str) -> str:
        """「東京都 千代田区」 (朝日町 is in three prefectures), 「Chiyoda-ku, Tokyo」; the code itself when the
        reference lacks it."""
        row = self.reference.municipalities.get(code)
        if not row:
            return code
        if self.english:
            return f"{romaji.municipality_name(row['name'], row['kana'])}, {self.prefecture_name(code[:2])}"
        return f"{self.prefecture_name(code[:2])} {row['name']}"

    def block_name(self, block_id: str) -> str:
        """「九州・沖縄ブロック」, 「Kyushu-Okinawa block」."""
        row = self.reference.blocks[block_id]
        return f"{row['name_en']} block" if self.english else f"{row['name']}ブロック"

    def block_label(self, block_id: str) -> str:
        """The block's short name (「九州」, 「Kyushu」): a value of the search's ブロック filter."""
        row = self.reference.blocks[block_id]
        return row["name_en"] if self.english else row["name"]

    def field_name(self, number: int) -> str:
        return self.t.term(self.reference.fields[number]["name"])

    def group_name(self, group) -> str:
        """A group's name as its page and every list says it, in this tree's language."""
        if group.grouping == "kinds":
            return f"{group.key}. {self.t.term(group.name)}"
        if group.grouping == "prefectures":
            return self.prefecture_name(group.key)
        if group.grouping == "blocks":
            return self.block_name(group.key)
        return f"{group.key}. {self.field_name(int(group.key))}"

    def group_description(self, group) -> str:
        if not self.english:
            return group.description
        return self.t(GROUP_DESCRIPTIONS[group.grouping], name=self.group_name(group))

    def edition_change(self, key: str, before: dict, after: dict) -> tuple[str, str, str]:
        """One changed column of an edition's plan row: its title and both values in words (names for codes)."""
        return (
            EDITION_TITLES[key],
            self.edition_value(key, before.get(key, "")),
            self.edition_value(key, after.get(key, "")),
        )

    def edition_value(self, key: str, value: str) -> str:
        codes = [code for code in value.split(";") if code]
        if key == "prefectures":
            return "・".join(self.prefecture_name(code) for code in codes) or "なし"
        if key == "strategic_fields":
            return "・".join(f"{n} {self.reference.fields[int(n)]['name']}" for n in codes) or "なし"
        words = {
            "kind": lambda v: f"{v} {labels.KINDS.get(v, '')}",
            "status": lambda v: labels.STATUSES.get(v, v),
            "investment_oku_yen": lambda v: f"{v}億円" if v else "記載なし",
            "overdue": lambda v: {"true": "期限超過", "false": "期限超過でない"}.get(v, v),
        }
        return words[key](value) if key in words else (value or "なし")

    def place_name(self, municipality_code: str, prefecture_code: str = "") -> str:
        """Where a row is: its municipality, else its prefecture, else ""."""
        if municipality_code:
            return self.municipality_name(municipality_code)
        return self.prefecture_name(prefecture_code) if prefecture_code else ""

    def plan(self, plan: Plan) -> PlanView:
        if plan.id not in self._plans:
            self._plans[plan.id] = self._view(plan)
        return self._plans[plan.id]

    def _view(self, plan: Plan) -> PlanView:
        info, reference = plan.info, self.reference
        block = (info.area.block, self.block_label(info.area.block)) if info.area.block else None
        prefectures = tuple((code, self.prefecture_name(code)) for code in plan_prefectures(plan))
        municipalities = tuple((code, self.municipality_name(code)) for code in info.area.municipalities)
        blocks = tuple((b, self.block_label(b)) for b in plan_blocks(plan, reference))
        fields = tuple((n, self.field_name(n)) for n in plan_field_numbers(plan))
        return PlanView(
            plan,
            area_text(
                block and self.block_name(block[0]),
                municipalities,
                prefectures,
                "; " if self.english else "、",
            ),
            block,
            blocks,
            prefectures,
            municipalities,
            fields,
            MappingProxyType(
                {
                    "kind": plan.kind,
                    "status": plan.status,
                    "block": " ".join(key for key, _ in blocks),
                    "prefecture": " ".join(key for key, _ in prefectures),
                    "field": " ".join(str(n) for n, _ in fields),
                }
            ),
        )

    def reporting(self, plan: Plan) -> Reporting:
        return reporting(plan, self.site.build_date)

    def quality_by_prefecture(self, rows) -> list[PrefectureQuality]:
        """The quality rows (derive.quality) added up per prefecture their plans cover, prefectures with none
        left out, in code order."""
        members = {code: [] for code in self.reference.prefectures}
        for row in rows:
            for code in plan_prefectures(row.plan):
                members[code].append(row)
        return [
            PrefectureQuality(
                code,
                self.prefecture_name(code),
                len(found),
                sum(len(q.sections_filled) for q in found),
                sum(len(q.sections_filled) + len(q.sections_missing) for q in found),
                sum(q.sources_with_url for q in found),
                sum(q.sources for q in found),
                sum(q.warnings for q in found),
                sum(q.overdue for q in found),
            )
            for code, found in members.items()
            if found
        ]

    def plan_facets(self) -> list[tuple[str, str, list[Named]]]:
        """The plan list's filters: (facet, label, [(value, option)]), the groupings' options as their pages say."""
        groups, t = self.site.groups, self.t
        return [
            ("kind", t("種類"), [(g.key, self.group_name(g)) for g in groups["kinds"]]),
            ("status", t("状態"), [(k, t(name)) for k, name in labels.STATUSES.items() if k != "draft"]),
            ("block", t("ブロック"), [(g.key, self.block_name(g.key)) for g in groups["blocks"]]),
            (
                "prefecture",
                t("都道府県"),
                [(g.key, self.prefecture_name(g.key)) for g in groups["prefectures"]],
            ),
            ("field", t("戦略分野"), [(g.key, self.group_name(g)) for g in groups["fields"]]),
        ]


# A group's description in the English tree (the Japanese is groups.DESCRIPTIONS).
GROUP_DESCRIPTIONS = {
    "kinds": "{name}の一覧",
    "prefectures": "{name}の地域未来戦略の計画",
    "blocks": "{name}の地域未来戦略の計画",
    "fields": "戦略分野「{name}」に関わる計画",
}


def area_text(
    block_name: str | None,
    municipalities: tuple[Named, ...],
    prefectures: tuple[Named, ...],
    separator: str = "、",
) -> str:
    """A plan's area in words, the one way every list and search result says it: its block's name (with
    ブロック), else its municipalities, else its prefectures."""
    if block_name:
        return block_name
    return separator.join(name for _, name in (municipalities or prefectures))


def kpi_rows(plan: Plan) -> list[KpiRow]:
    rows = []
    for kpi in plan.rows("kpis"):
        reports = tuple(kpi_reports(plan, kpi["kpi_id"]))
        latest = reports[-1] if reports else None
        rows.append(KpiRow(kpi, reports, latest, achievement(kpi, latest), chart_text(kpi, reports)))
    return rows


def chart_text(kpi: dict, reports) -> str:
    """「売上高：基準 120、2026-03-31 の実績 130、目標 200（2030-03-31）」: what the KPI chart shows, in words."""
    actuals = "".join(f"{r['report_date']} の実績 {r['value']}、" for r in reports)
    return (
        f"{kpi['name']}：基準 {kpi['baseline_value'] or '記載なし'}、{actuals}"
        f"目標 {kpi['target_value']}（{kpi['target_date']}）"
    )


def kpi_names(plan: Plan) -> dict[str, str]:
    """Each KPI's name for people, by its id (an id the table lacks stays the id)."""
    return {kpi["kpi_id"]: kpi["name"] for kpi in plan.rows("kpis")}


def company_records(plan: Plan) -> dict[str, list[Named]]:
    """Links to each listed company's official records, by 法人番号; none for a fictional company."""
    return {
        row["corporate_number"]: official_records(row["corporate_number"], in_example=plan.is_example)
        for row in plan.rows("companies")
    }


def tally(rows: list[dict], column: str) -> list[tuple[str, int]]:
    """How many rows say each value of a column, most first (a plan's companies by industry, by role)."""
    counts: dict[str, int] = {}
    for row in rows:
        if row.get(column):
            counts[row[column]] = counts.get(row[column], 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def industry_key(company: dict) -> str:
    """A company's industries as a facet value: space-separated, so an industry's own spaces become underscores."""
    return " ".join(i.replace(" ", "_") for i in company["industries"])


def company_facets(companies: list[dict]) -> list[tuple[str, str, list[Named]]]:
    industries = sorted({i for c in companies for i in c["industries"]})
    return [("industry", "業種", [(i.replace(" ", "_"), i) for i in industries])]


def reporting_label(status) -> str:
    """Where a plan stands in its reports, in the words of the progress page."""
    return "報告対象外" if not status.due else "期限超過" if status.overdue else "期限内"


def amount(text: str) -> str:
    """A stated figure in 億円, or 記載なし (never 0) when none was stated."""
    return text if text != "" else "記載なし"


# The edition's plan columns by their titles; the two code lists are shown as names, so named for what they hold.
EDITION_TITLES = {f["name"]: f["title"] for f in load_published_schema("edition_plans")["fields"]} | {
    "prefectures": "対象の都道府県",
    "strategic_fields": "戦略分野",
}


def edition_total(edition) -> str:
    """The stated investment of an edition's plans, or 記載なし when none states one."""
    stated = [
        float(row["investment_oku_yen"]) for row in edition.tables["plans"] if row["investment_oku_yen"]
    ]
    return decimal_text(sum(stated)) if stated else "記載なし"


def edition_table_title(filename: str) -> str:
    return TABLE_TITLES.get(filename.removesuffix(".csv"), filename)


def edition_dictionary(filename: str) -> str:
    """The dictionary page (its table's name) that documents an edition's CSV."""
    return EDITION_DICTIONARY[filename.removesuffix(".csv")]


def any_example(plans) -> bool:
    return any(p.is_example for p in plans)


TYPE_WORDS = {
    "string": "文字列",
    "integer": "整数（半角数字）",
    "number": "数値（半角数字、小数点は .）",
    "date": "日付（YYYY-MM-DD）",
    "boolean": "真偽値（true / false）",
}


def type_words(field: dict) -> str:
    return TYPE_WORDS.get(field.get("type", "string"), field.get("type", "string"))


def constraint_words(field: dict) -> list[str]:
    """A field's constraints as a reader says them: 「必須」「13桁の半角数字」, not Python values."""
    words = []
    for key, value in field.get("constraints", {}).items():
        if key == "required" and value:
            words.append("必須")
        elif key == "unique" and value:
            words.append("表の中で重複なし")
        elif key == "pattern":
            words.append(pattern_in_words(value, field))
        elif key == "enum":
            words.append("次のどれか：" + "、".join(map(str, value)))
        elif key in ("minimum", "maximum"):
            words.append(f"{value:g} {'以上' if key == 'minimum' else '以下'}")
        elif key in ("minLength", "maxLength"):
            words.append(f"{value} 文字{'以上' if key == 'minLength' else '以下'}")
    return words


def template_helpers(views: Views) -> tuple[dict, dict]:
    """(filters, globals) the templates use: lookups of prepared data and words for values, nothing that
    computes a page."""
    filters = {
        "prefecture_name": views.prefecture_name,
        "municipality_name": views.municipality_name,
        "amount": amount,
        "reporting_label": reporting_label,
        "type_words": type_words,
        "constraint_words": constraint_words,
        "edition_total": edition_total,
        "edition_table_title": edition_table_title,
        "edition_dictionary": edition_dictionary,
        "industry_key": industry_key,
        "tally": tally,
        "area_order": area_order,
        "any_example": any_example,
    }
    return filters, {
        "view": views.plan,
        "place_name": views.place_name,
        "edition_change": views.edition_change,
        "group_name": views.group_name,
        "block_name": views.block_name,
        "field_name": views.field_name,
        "base": views.t(BASE),
    }


def release_changes(release) -> str:
    """What a release changed, in words: 「計画 追加 4・重点支援企業 追加 3」; the other files when no plan changed."""
    parts = [
        f"{labels.table_words(table)} {labels.CHANGE_WORDS[change]} {count}"
        for table, counts in release.counts().items()
        for change, count in counts.items()
        if count
    ]
    if parts:
        return "・".join(parts)
    return "計画の変更なし（参照データ・仕様など）" if release.files else "公開される計画の変更なし"


def release_rows(site: Site, count: int = 10) -> list[dict]:
    """The newest releases for the downloads page: name, day, what changed, and the commit to fetch it from."""
    return [
        {
            "version": release.version,
            "date": release.date,
            "changes": release_changes(release),
            "local": release.local,
        }
        | urls.release_urls(settings.REPOSITORY_URL, release.version, release.commit)
        for release in list(reversed(site.releases or (site.release,)))[:count]
    ]


# pandas' nullable types for the Table Schema types: codes stay text (011002), an empty cell is missing, not 0.
PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def pandas_read(variable: str, path: str, fields: list[dict]) -> str:
    """Python reading one published CSV with the types its schema declares (the downloads page's snippet)."""
    types = ", ".join(
        f'"{f["name"]}": "{PANDAS_TYPES[f["type"]]}"' for f in fields if f["type"] in PANDAS_TYPES
    )
    dates = ", ".join(f'"{f["name"]}"' for f in fields if f["type"] == "date")
    return (
        f"{variable} = pd.read_csv(\n"
        f'    BASE + "{path}",\n'
        f"    dtype={{{types}}},\n"
        + (f"    parse_dates=[{dates}],\n" if dates else "")
        + '    keep_default_na=False, na_values=[""], true_values=["true"], false_values=["false"],\n'
        + ")"
    )
