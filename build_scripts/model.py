"""Plain data passed between the stages."""

import functools
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from build_scripts.labels import TEXT_SECTIONS
from build_scripts.rules import RULES

PUBLIC_STATUSES = ("outline", "approved", "withdrawn")
PLAN_RESOURCES = ("companies", "core_projects", "investments", "measures", "kpis", "progress", "revisions")


@dataclass(frozen=True)
class Problem:
    rule: str
    file: str  # path shown to contributors, relative to the repository
    detail: str = ""  # the specific finding, in Japanese
    row: int | None = None  # spreadsheet row number: the header is row 1
    column: str | None = None
    value: str | None = None
    line: int | None = None  # line in a YAML file
    key: str | None = (
        None  # the place in datapackage.yaml, dotted (plan.sources.0.date): a workbook shows its cell
    )
    cell: str | None = None  # a workbook's cell reference (D35), when the problem is in one
    in_workbook: bool = False  # found in an Excel workbook: the fix is told for Excel (Rule.hint_workbook)

    @classmethod
    def in_row(cls, rule: str, file: str, row: dict, column: str, detail: str = "", value=None) -> "Problem":
        """A problem in a row of a CSV table as read (load.read_table keeps each row's spreadsheet row and line)."""
        return cls(rule, detail=detail, **at_cell(file, row, column, value))

    @property
    def grade(self) -> str:
        return RULES[self.rule].grade

    def as_dict(self) -> dict:
        rule = RULES[self.rule]
        return {
            "rule": self.rule,
            "grade": rule.grade,
            "file": self.file,
            "line": self.line,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "value": self.value,
            "message": rule.title + (f"：{self.detail}" if self.detail else ""),
            "hint": rule.hint_for(self.in_workbook),
            "message_en": rule.title_en,
        }


def at_cell(file: str, row: dict, column: str, value=None) -> dict:
    """Where a cell of a table's row is, as Problem's fields: the file, its spreadsheet row and line (kept by
    load.read_table on every row), the column and the value found there."""
    return {"file": file, "row": row["__row__"], "line": row["__line__"], "column": column, "value": value}


@dataclass(frozen=True)
class Area:
    block: str  # "" unless the plan names a block (an A plan does)
    prefectures: tuple[str, ...]
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class FieldLabel:
    label: str  # the plan's own words for the field
    strategic_fields: tuple[int, ...]  # 0..n of the 17 strategic fields


@dataclass(frozen=True)
class Period:
    start_fy: int
    end_fy: int


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str = ""
    date: str = ""  # YYYY-MM-DD or YYYY-MM, as the source gives it
    url: str = ""  # only where one was confirmed
    note: str = ""


@dataclass(frozen=True)
class PlanInfo:
    """A validated plan's metadata, typed (the `plan:` of its datapackage.yaml, after validation): what later
    stages read instead of string keys. A missing optional text is ""; a missing period is None."""

    id: str
    kind: str
    title: str
    status: str
    example: bool
    author: str
    area: Area
    fields: tuple[FieldLabel, ...]
    period: Period | None
    published_on: str
    updated_on: str
    withdrawn_on: str
    withdrawal_note: str
    former_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    texts: Mapping[str, str]  # the filled text sections (summary, goal, …), in labels.TEXT_SECTIONS order
    requirements: Mapping[str, str]  # requirement id → how the plan meets it, in the plan's order
    title_en: str = ""  # the submitter's own English (never machine-translated), with its translation_source
    summary_en: str = ""
    translation_source: str = ""

    @property
    def summary(self) -> str:
        return self.texts.get("summary", "")

    @classmethod
    def of(cls, meta: dict, default_id: str = "") -> "PlanInfo":
        area, period = meta.get("area") or {}, meta.get("period")
        return cls(
            id=str(meta.get("id", default_id)),
            kind=meta.get("kind", ""),
            title=meta.get("title", ""),
            status=meta.get("status", ""),
            example=meta.get("example") is True,
            author=meta.get("author") or "",
            area=Area(
                area.get("block") or "",
                tuple(area.get("prefectures") or ()),
                tuple(area.get("municipalities") or ()),
            ),
            fields=tuple(
                FieldLabel(item["label"], tuple(item["strategic_fields"]))
                for item in meta.get("fields") or ()
            ),
            period=Period(period["start_fy"], period["end_fy"]) if period else None,
            published_on=meta.get("published_on") or "",
            updated_on=meta.get("updated_on") or "",
            withdrawn_on=meta.get("withdrawn_on") or "",
            withdrawal_note=meta.get("withdrawal_note") or "",
            former_ids=tuple(meta.get("former_ids") or ()),
            sources=tuple(
                Source(**source) for source in meta.get("sources") or () if isinstance(source, dict)
            ),
            texts=MappingProxyType({key: meta[key] for key in TEXT_SECTIONS if meta.get(key)}),
            requirements=MappingProxyType(dict(meta.get("requirements") or {})),
            title_en=meta.get("title_en") or "",
            summary_en=meta.get("summary_en") or "",
            translation_source=meta.get("translation_source") or "",
        )


@dataclass
class Table:
    name: str
    path: Path
    header: list[str]
    rows: list[dict[str, str]]  # raw text cells, keyed by column name


@dataclass
class Plan:
    directory: Path
    descriptor: dict
    lines: dict[tuple, int]
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def meta(self) -> dict:
        """The metadata as written: for validation and for publishing as submitted (later stages read `info`)."""
        return self.descriptor.get("plan") or {}

    @functools.cached_property
    def info(self) -> PlanInfo:
        """The metadata, typed; read after validation (the descriptor does not change once loaded)."""
        return PlanInfo.of(self.meta, self.directory.name)

    @property
    def id(self) -> str:
        return str(self.meta.get("id", self.directory.name))

    @property
    def kind(self) -> str:
        return self.meta.get("kind", "")

    @property
    def status(self) -> str:
        return self.meta.get("status", "")

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_example(self) -> bool:
        return self.meta.get("example") is True

    def rows(self, resource: str) -> list[dict[str, str]]:
        table = self.tables.get(resource)
        return table.rows if table else []


@dataclass(frozen=True)
class Reference:
    prefectures: dict[str, dict]  # by JIS code
    blocks: dict[str, dict]  # by block id
    fields: dict[int, dict]  # by number 1..17
    municipalities: dict[str, dict]  # by 6-digit code

    def prefectures_of_block(self, block_id: str) -> list[str]:
        return [code for code, row in self.prefectures.items() if block_id in row["block_ids"].split(";")]


@dataclass(frozen=True)
class Edition:
    """An edition of the national investment map, as committed in datapackages/editions/<id>/ (editions.py)."""

    id: str  # YYYY-MM
    date: str  # the day it was frozen
    tables: dict[str, list[dict]]  # plans, prefectures, fields, points: rows of text by column name
    files: dict[str, bytes]  # the committed files, published as they are

    @property
    def title(self) -> str:
        year, month = self.id.split("-")
        return f"{year}年{int(month)}月版"


def kpi_reports(plan: Plan, kpi_id: str) -> list[dict]:
    """A KPI's progress reports, oldest first."""
    return reports_by_kpi(plan).get(kpi_id, [])


def reports_by_kpi(plan: Plan) -> dict[str, list[dict]]:
    """Every KPI's progress reports, oldest first, grouped once per progress table (asked per KPI, a scan of all
    reports each time made 5,000 KPIs cost minutes). Kept on the plan with the table it was made from."""
    rows = plan.rows("progress")
    made_from, count, grouped = getattr(plan, "_reports_by_kpi", (None, 0, None))
    if made_from is not rows or count != len(rows):
        grouped = {}
        for row in sorted(rows, key=lambda r: r["report_date"]):
            grouped.setdefault(row["kpi_id"], []).append(row)
        plan._reports_by_kpi = (rows, len(rows), grouped)
    return grouped
