"""National summary tables by prefecture, block, strategic field and plan kind, with pandas (the only module
that imports it): plans by kind and status, companies, stated investment, KPIs and reports on time.

One base for every count and total (Site.counted_plans): published plans that are neither fictional examples nor
withdrawn; withdrawn plans are counted in the withdrawn column only. Only stated figures are summed: a group whose plans state no
investment figure has an empty cell (shown as 「記載なし」), never a 0, and every row says how many of its plans
state a figure and how many do not. The tables, their columns and the rules of attribution are declared in
datapackages/schemas/published/summaries.schema.yaml, which the data dictionary and the pages show.
"""

from dataclasses import dataclass
from decimal import Decimal

from build_scripts import load
from build_scripts.derive import Site, counted_prefecture, reporting, stated_investments
from build_scripts.derive.groups import plan_field_numbers, plan_prefectures

# The tables, their columns and the rules of attribution, as declared in
# datapackages/schemas/published/summaries.schema.yaml (the data dictionary and the pages show the rules).
DECLARED = load.load_published_schema("summaries")
TABLES = tuple(DECLARED["tables"])  # prefectures, blocks, fields, kinds: in the order they are written
TITLES = {group: table["title"] for group, table in DECLARED["tables"].items()}
COUNT_FIELDS: list[dict] = DECLARED["count_fields"]
COUNT_COLUMNS = tuple(f["name"] for f in COUNT_FIELDS)
BASE = DECLARED["base"]  # which plans every count and total counts, said on every page that shows one
KIND_ORDER = ("A", "B", "C")
STATUS_ORDER = ("outline", "approved", "withdrawn")


@dataclass(frozen=True)
class Summary:
    name: str  # prefectures → data/national/summaries/prefectures.csv
    title: str
    description: str
    fields: list[dict]  # Table Schema fields, key columns first
    rows: list[list[str]]  # text cells; "" in investment_oku_yen means 記載なし

    @property
    def table_name(self) -> str:
        """The name in the xlsx, the database and the data dictionary."""
        return f"summary_{self.name}"

    @property
    def records(self) -> list[dict[str, str]]:
        names = [f["name"] for f in self.fields]
        return [dict(zip(names, row)) for row in self.rows]

    def row(self, key: str) -> dict[str, str]:
        """One group's row by its key (a prefecture code, block id, field number or kind), as a dict."""
        names = [f["name"] for f in self.fields]
        for row in self.rows:
            if row[0] == str(key):
                return dict(zip(names, row))
        raise KeyError(key)


def summaries(site: Site) -> dict[str, Summary]:
    import pandas as pd  # only here: validation and the other stages never pay for importing it

    frames = Frames(site, pd)
    return {
        group: Summary(
            group, TITLES[group], description(group), key_fields(group) + COUNT_FIELDS, frames.table(group)
        )
        for group in TABLES
    }


def description(group: str) -> str:
    table = DECLARED["tables"][group]
    return f"{table['membership']}を数えます。{table['attribution']}{BASE}"


def key_fields(group: str) -> list[dict]:
    return DECLARED["tables"][group]["key_fields"]


def decimal_text(value) -> str:
    """120.5 → "120.5", 35.0 → "35", never an exponent (1234567.0 → "1234567"), never rounded: a Decimal keeps
    every digit it was written with (0.0000004 stays 0.0000004)."""
    text = format(value if isinstance(value, Decimal) else Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Frames:
    """The real plans as long tables (one row per plan and group, company, stated figure), grouped with pandas."""

    def __init__(self, site: Site, pd):
        self.pd, self.site = pd, site
        plans = [p for p in site.real_plans]
        status = {p.id: reporting(p, site.build_date) for p in plans}
        self.plans = pd.DataFrame(
            [
                {
                    "plan_id": p.id,
                    "kind": p.kind,
                    "status": p.status,
                    "kpis": len(p.rows("kpis")),
                    "due": status[p.id].due,
                    "overdue": status[p.id].overdue,
                }
                for p in plans
            ],
            columns=["plan_id", "kind", "status", "kpis", "due", "overdue"],
        )
        self.groups = site.groups
        self.members = {
            grouping: [(p.id, group.key) for group in groups for p in group.real_plans]
            for grouping, groups in self.groups.items()
        }
        self.keys = {grouping: [group.key for group in groups] for grouping, groups in self.groups.items()}
        counted = site.counted_plans
        self.companies = [company for p in counted for company in self._companies(p)]
        self.amounts = [amount for p in counted for amount in self._amounts(p)]

    def _companies(self, plan):
        """(group, key, corporate number) of each company the plan lists."""
        reference = self.site.reference
        fields = [str(n) for n in plan_field_numbers(plan)]
        for row in plan.rows("companies"):
            prefecture = counted_prefecture(plan, row["municipality_code"][:2])
            number = row["corporate_number"]
            if prefecture:
                yield ("prefectures", prefecture, number)
            for block in (
                reference.prefectures[prefecture]["block_ids"].split(";")
                if prefecture in reference.prefectures
                else []
            ):
                yield ("blocks", block, number)
            yield from (("fields", field, number) for field in fields)
            yield ("kinds", plan.kind, number)

    def _amounts(self, plan):
        """(group, key, plan id, amount) of each stated figure, attributed as the declaration's `attribution` says."""
        reference, own = self.site.reference, plan_prefectures(plan)
        stated_fields = sorted({str(n) for item in plan.info.fields for n in item.strategic_fields}) or [
            str(n) for n in plan_field_numbers(plan)
        ]
        rows = stated_investments(plan)
        for prefecture, value, fields in rows:
            prefecture = (
                counted_prefecture(plan, prefecture) if prefecture else (own[0] if len(own) == 1 else "")
            )
            if prefecture:
                yield ("prefectures", prefecture, plan.id, value)
                yield from (
                    ("blocks", block, plan.id, value)
                    for block in reference.prefectures[prefecture]["block_ids"].split(";")
                )
            elif plan.info.area.block:
                yield ("blocks", plan.info.area.block, plan.id, value)
            for field in fields or stated_fields:
                yield ("fields", field, plan.id, value)
            yield ("kinds", plan.kind, plan.id, value)

    def table(self, group: str) -> list[list[str]]:
        pd, keys = self.pd, self.keys[group]
        listed = pd.DataFrame(self.members[group], columns=["plan_id", "key"]).merge(self.plans, on="plan_id")
        members = listed[listed["status"] != "withdrawn"]  # the one base; withdrawn plans are only counted
        counts = pd.DataFrame(index=pd.Index(keys, name="key"))
        counts["plans"] = members.groupby("key")["plan_id"].nunique()
        kinds = pd.crosstab(members["key"], members["kind"]).reindex(columns=list(KIND_ORDER), fill_value=0)
        for kind in KIND_ORDER:
            counts[f"plans_{kind.lower()}"] = kinds[kind]
        statuses = pd.crosstab(listed["key"], listed["status"]).reindex(
            columns=list(STATUS_ORDER), fill_value=0
        )
        for status in STATUS_ORDER:
            counts[status] = statuses[status]
        companies = pd.DataFrame([c[1:] for c in self.companies if c[0] == group], columns=["key", "number"])
        counts["companies"] = companies.groupby("key")["number"].nunique()
        amounts = pd.DataFrame(
            [a[1:] for a in self.amounts if a[0] == group], columns=["key", "plan_id", "amount"]
        )
        investment = amounts.groupby("key")["amount"].sum()
        counts["plans_with_investment"] = amounts.groupby("key")["plan_id"].nunique()
        stating = members.merge(
            amounts[["key", "plan_id"]].drop_duplicates(), on=["key", "plan_id"], how="left", indicator=True
        )
        counts["plans_without_investment"] = (
            stating[stating["_merge"] == "left_only"].groupby("key")["plan_id"].nunique()
        )
        counts["kpis"] = members.groupby("key")["kpis"].sum()
        counts["plans_due"] = members[members["due"].astype(bool)].groupby("key")["plan_id"].nunique()
        counts["plans_overdue"] = members[members["overdue"].astype(bool)].groupby("key")["plan_id"].nunique()
        counts = counts.fillna(0).astype(int)
        counts["plans_on_time"] = counts["plans_due"] - counts["plans_overdue"]
        return [
            [key, self._name(group, key)]
            + [
                self._cell(column, counts.at[key, column] if column in counts else None, investment.get(key))
                for column in COUNT_COLUMNS
            ]
            for key in keys
        ]

    @staticmethod
    def _cell(column: str, count, amount) -> str:
        if column == "investment_oku_yen":
            return "" if amount is None else decimal_text(amount)
        return str(int(count))

    def _name(self, grouping: str, key: str) -> str:
        return next(group.name for group in self.groups[grouping] if group.key == key)


REPORTING_ORDER = ("kinds", "blocks", "prefectures", "fields")  # the progress page's totals, after the whole


def reporting_totals(site: Site, tables: dict[str, Summary]) -> list[dict]:
    """The progress page's totals of every real plan and of each group with one, read from the summary tables
    (counted once, there): {"label", "due", "on_time", "overdue", "not_due"}."""
    kinds = [tables["kinds"].row(group.key) for group in site.groups["kinds"]]
    whole = {column: sum(int(row[column]) for row in kinds) for column in REPORTING_COLUMNS}
    totals = [("すべての計画", whole)] + [
        (group.title, tables[grouping].row(group.key))
        for grouping in REPORTING_ORDER
        for group in site.groups[grouping]
    ]
    return [
        {
            "label": label,
            "due": int(row["plans_due"]),
            "on_time": int(row["plans_on_time"]),
            "overdue": int(row["plans_overdue"]),
            # the page lists every real plan: withdrawn ones are not due (counted apart from the base's plans)
            "not_due": int(row["plans"]) + int(row["withdrawn"]) - int(row["plans_due"]),
        }
        for label, row in totals
        if int(row["plans"]) or int(row["withdrawn"])
    ]


REPORTING_COLUMNS = ("plans", "withdrawn", "plans_due", "plans_on_time", "plans_overdue")
