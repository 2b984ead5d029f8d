"""Join the validated plans with the reference data into one Site: what the pages and downloads show.

Only public plans enter the Site; drafts stop here, so nothing later can publish them.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from build_scripts import settings, urls
from build_scripts.codes import is_fictional_corporate_number
from build_scripts.derive.groups import (
    Group,
    field_numbers,
    groups,
    in_force,
    plan_field_numbers,
    plan_prefectures,
)
from build_scripts.derive.releases import Release, of_plans
from build_scripts.model import Edition, Plan, Reference, kpi_reports


@dataclass(frozen=True)
class Site:
    reference: Reference
    plans: tuple[Plan, ...]  # public plans, examples included (always flagged)
    build_date: str
    warnings: dict = field(default_factory=dict, hash=False, compare=False)  # plan id → validation warnings
    editions: tuple[Edition, ...] = field(
        default=(), hash=False, compare=False
    )  # of the investment map, oldest first
    releases: tuple[Release, ...] = field(default=(), hash=False, compare=False)  # of the data, oldest first

    @functools.cached_property
    def release(self) -> Release:
        """The release this build publishes (releases.py: named by the data's history, never by the build)."""
        if self.releases:
            return self.releases[-1]
        return of_plans(list(self.plans))

    @property
    def real_plans(self) -> tuple[Plan, ...]:
        """What national totals count: published, and not a fictional example."""
        return tuple(p for p in self.plans if not p.is_example)

    @property
    def counted_plans(self) -> tuple[Plan, ...]:
        """The one base of every count and total (summaries, home page, maps): published, not a fictional example,
        not withdrawn. Withdrawn plans are counted only as withdrawn (the summaries' withdrawn column)."""
        return in_force(self.real_plans)

    @property
    def example_plans(self) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if p.is_example)

    @functools.cached_property
    def groups(self) -> dict[str, list[Group]]:
        """The plans by kind, prefecture, block and field (groups.py: the one definition of who belongs where)."""
        return groups(self.plans, self.reference)

    def plans_among(self, plan_ids: set[str] | None) -> list[Plan]:
        """The plans whose own files are written: all of them, or those in plan_ids (chiiki serve's updates)."""
        return [p for p in self.plans if plan_ids is None or p.id in plan_ids]

    def quality(self) -> list["Quality"]:
        return [quality(plan, self) for plan in area_order(self.real_plans)]

    def reporting(self) -> list["Reporting"]:
        """The reporting status of every real plan (examples are never counted)."""
        return [reporting(plan, self.build_date) for plan in area_order(self.real_plans)]

    def plans_with_companies(self) -> list[Plan]:
        return [p for p in self.plans if p.rows("companies")]

    def latest(self, count: int = 10, *, examples: bool = False) -> list[Plan]:
        """The most recently updated real plans (or, with examples=True, fictional examples), newest first."""
        plans = self.example_plans if examples else self.real_plans
        return sorted(plans, key=lambda p: (p.info.updated_on, p.id), reverse=True)[:count]

    def headline(self, companies: list[dict]) -> dict:
        """The home page's figures, on the summaries' one base (counted_plans); withdrawn plans are only counted."""
        counted = self.counted_plans
        return {
            "plans": len(counted),
            "kinds": Counter(p.kind for p in counted),
            "statuses": Counter(p.status for p in self.real_plans),
            "companies": sum(1 for c in companies if counted_company(c)),
            "prefectures": len({code for p in counted for code in plan_prefectures(p)}),
            # the site's one data date: the day the published data last changed (its release), as data.json says
            "last_update": self.release.date,
            "version": self.release.version,
        }


def official_records(corporate_number: str, *, in_example: bool) -> list[tuple[str, str]]:
    """Links to a company's official records, or none for a fictional company (listed by an example, or on the
    fictional 法人番号 base): the one place that decides, for the pages and the lookup alike."""
    if in_example or is_fictional_corporate_number(corporate_number):
        return []
    return urls.official_records(corporate_number)


def counted_company(company: dict) -> bool:
    """A company counts when a real plan that is not withdrawn lists it."""
    return any(not plan["example"] and plan["status"] != "withdrawn" for plan in company["plans"])


def area_order(plans) -> list[Plan]:
    """North to south: by the plan's first prefecture code (JIS order), then kind A, B, C, then id."""
    return sorted(plans, key=lambda p: (min(plan_prefectures(p), default="99"), p.kind, p.id))


def achievement(kpi: dict, latest: dict | None) -> str:
    """Share of the way from baseline to target reached by the latest actual, e.g. '31%'."""
    if not latest or kpi.get("baseline_value", "") == "":
        return ""
    baseline, target, actual = (
        float(kpi["baseline_value"]),
        float(kpi["target_value"]),
        float(latest["value"]),
    )
    if target == baseline:
        return ""
    return f"{round(100 * (actual - baseline) / (target - baseline))}%"


REPORTING_MONTHS = 6  # progress is checked about every half year (PDCA: 「半年に一回程度の実施」)


@dataclass(frozen=True)
class Reporting:
    """Where a plan stands in its half-yearly progress reports, on the build date."""

    plan: Plan
    due: bool  # approved plans report; outlines and withdrawn plans do not
    last_report_date: str  # "" before the first report
    next_due_date: str  # "" when not due
    overdue: bool
    kpis: tuple[dict, ...]  # {"name", "unit", "target", "latest", "rate"} per KPI


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has fewer (08-31 + 6 → 02-28/29)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def reporting(plan: Plan, on: str) -> Reporting:
    """The next report is due half a year after the last one or, before the first, after publication."""
    last = max((row["report_date"] for row in plan.rows("progress")), default="")
    kpis = tuple(
        {
            "name": kpi["name"],
            "unit": kpi["unit"],
            "target": kpi["target_value"],
            "latest": (reports[-1]["value"] if reports else ""),
            "rate": achievement(kpi, reports[-1] if reports else None),
        }
        for kpi in plan.rows("kpis")
        for reports in [kpi_reports(plan, kpi["kpi_id"])]
    )
    basis = last or plan.info.published_on
    if plan.status != "approved" or not basis:
        return Reporting(plan, False, last, "", False, kpis)
    due = add_months(datetime.date.fromisoformat(basis), REPORTING_MONTHS).isoformat()
    return Reporting(plan, True, last, due, on > due, kpis)


# ---- the maps' data (maps.py draws it; editions freeze it) ----


# A point's text (the frame around the plan's own words), by what the point is: the Japanese text, and the key of
# its translation in a language's catalogue (maps.py). A C plan's municipality shows the plan's title alone.
POINT_LABELS = {
    "core": "{name}（{title}）",
    "investment": "投資計画：{area} {scale}億円（{title}）",
}


def labelled_point(code: str, numbers, plan, what: str, **parts) -> dict:
    parts["title"] = plan.info.title
    return {
        "code": code,
        "numbers": numbers,
        "label": POINT_LABELS[what].format(**parts),
        "plan_id": plan.id,
        "what": what,
        "parts": parts,
    }


def located_points(plans, reference) -> list[dict]:
    """Points: core projects and investments with a municipality, and the municipalities of C plans. A point of a
    prefecture's plan outside its prefectures is not drawn (counted_prefecture)."""
    points = []
    for plan in plans:
        fields = plan_field_numbers(plan)
        for row in plan.rows("core_projects"):
            code = row.get("municipality_code")
            if code in reference.municipalities and counted_prefecture(plan, code[:2]) == code[:2]:
                numbers = field_numbers(row["field_numbers"]) or fields
                points.append(labelled_point(code, numbers, plan, "core", name=row["name"]))
        for row in plan.rows("investments"):
            code = row.get("municipality_code", "")
            if code in reference.municipalities and counted_prefecture(plan, code[:2]) == code[:2]:
                points.append(
                    labelled_point(
                        code,
                        fields,
                        plan,
                        "investment",
                        area=row["industry_area"],
                        scale=row["scale_oku_yen"],
                    )
                )
        if plan.kind == "C":
            for code in plan.info.area.municipalities:
                points.append({"code": code, "numbers": fields, "label": plan.info.title, "plan_id": plan.id})
    return points


def prefecture_metrics(rows: list[dict]) -> tuple[Counter, dict[str, float]]:
    """Per prefecture, from the prefecture summary (summaries.py, or an edition's copy of it): real plans, and the
    investment (億円) the plans state. A prefecture whose plans state no figure has no entry in the second
    (「記載なし」), never a 0: the map and the tables can never disagree."""
    plans = Counter({row["prefecture_code"]: int(row["plans"]) for row in rows if row["plans"] != "0"})
    scale = {
        row["prefecture_code"]: float(row["investment_oku_yen"])
        for row in rows
        if row["investment_oku_yen"] != ""
    }
    return plans, scale


def stated_investments(plan: Plan) -> list[tuple[str, Decimal, list[str]]]:
    """Every investment figure the plan states, as (prefecture code or "", 億円, field numbers or []): its core
    projects' scales and its investments' (the one place that knows which columns count as stated investment).
    Decimal, as written: 0.0000004 億円 stays that, and 15 digits keep every digit when they are added up."""
    core = [
        (
            row.get("prefecture_code") or row.get("municipality_code", "")[:2],
            Decimal(row["investment_scale_oku_yen"]),
            [str(n) for n in field_numbers(row.get("field_numbers", ""))],
        )
        for row in plan.rows("core_projects")
        if row.get("investment_scale_oku_yen")
    ]
    return core + [
        (row.get("municipality_code", "")[:2], Decimal(row["scale_oku_yen"]), [])
        for row in plan.rows("investments")
        if row.get("scale_oku_yen")
    ]


def counted_prefecture(plan: Plan, code: str) -> str:
    """The prefecture a row of the plan located in `code` counts in (figures, pages, map). A prefecture's plan
    (B, C) is reviewed by that prefecture's team alone (CODEOWNERS), so its rows never count outside its own
    prefectures: a row located elsewhere (validation warns: area-mismatch) counts in the plan's prefecture when
    it has one, else nowhere. The state's block plans (A) count where their rows are."""
    own = plan_prefectures(plan)
    if plan.kind == "A" or code in own:
        return code
    return own[0] if len(own) == 1 else ""


def derive(
    plans: list[Plan], reference: Reference, warnings: dict[str, int] | None = None, editions=(), releases=()
) -> Site:
    public = sorted((p for p in plans if p.is_public), key=lambda p: (p.kind, p.id))
    return Site(
        reference=reference,
        plans=tuple(public),
        build_date=settings.build_date(),
        warnings=warnings or {},
        editions=tuple(editions),
        releases=tuple(releases),
    )


# Which text sections a plan of each kind is expected to fill (the requirements: 伴走支援体制 for B, 相談窓口 for C).
EXPECTED_SECTIONS = {
    "A": ("summary", "goal", "pathway", "policy_means", "targets"),
    "B": ("summary", "goal", "pathway", "policy_means", "targets", "support_system"),
    "C": ("summary", "goal", "pathway", "policy_means", "targets", "contact"),
}


@dataclass(frozen=True)
class Quality:
    """What a reader needs to judge a plan's data, and its publisher to improve it."""

    plan: Plan
    sections_filled: tuple[str, ...]
    sections_missing: tuple[str, ...]
    sources: int
    sources_with_publisher: int
    sources_with_date: int
    sources_with_url: int
    warnings: int
    overdue: bool


def quality(plan: Plan, site: Site) -> Quality:
    expected = EXPECTED_SECTIONS.get(plan.kind, ())
    filled = tuple(key for key in expected if plan.info.texts.get(key, "").strip())
    sources = plan.info.sources
    return Quality(
        plan,
        filled,
        tuple(key for key in expected if key not in filled),
        len(sources),
        sum(bool(s.publisher) for s in sources),
        sum(bool(s.date) for s in sources),
        sum(bool(s.url) for s in sources),
        site.warnings.get(plan.id, 0),
        reporting(plan, site.build_date).overdue,
    )
