"""What changed between two editions of the investment map: plans added, revised (and how), withdrawn, and the
prefectures and fields whose plans or stated investment moved."""

from dataclasses import dataclass

from build_scripts.load import load_published_schema
from build_scripts.model import Edition


@dataclass(frozen=True)
class Changes:
    added: list[dict]  # plan rows new in this edition
    revised: list[tuple[dict, dict, list[str]]]  # (before, after, the columns that changed)
    withdrawn: list[dict]
    removed: list[dict]  # in the edition before, not in this one
    prefectures: list[tuple[dict, dict]]  # (before, after) rows whose plans or stated investment changed
    fields: list[tuple[dict, dict]]


# Every column of an edition's plans table but the key: a revision lists each that changed, in the declaration's
# order and under its title (datapackages/schemas/published/edition_plans.schema.yaml).
REVISION_COLUMNS = tuple(
    f["name"] for f in load_published_schema("edition_plans")["fields"] if f["name"] != "plan_id"
)


def changes(before: Edition | None, after: Edition) -> Changes | None:
    if before is None:
        return None
    old = {row["plan_id"]: row for row in before.tables["plans"]}
    new = {row["plan_id"]: row for row in after.tables["plans"]}
    added = [row for plan_id, row in new.items() if plan_id not in old]
    withdrawn = [
        row
        for plan_id, row in new.items()
        if row["status"] == "withdrawn" and plan_id in old and old[plan_id]["status"] != "withdrawn"
    ]
    revised = []
    for plan_id, row in new.items():
        if plan_id in old and row not in withdrawn:
            differing = [key for key in REVISION_COLUMNS if old[plan_id].get(key, "") != row.get(key, "")]
            if differing:
                revised.append((old[plan_id], row, differing))
    removed = [row for plan_id, row in old.items() if plan_id not in new]
    return Changes(
        added,
        revised,
        withdrawn,
        removed,
        moved(before, after, "prefectures"),
        moved(before, after, "fields"),
    )


def moved(before: Edition, after: Edition, table: str) -> list[tuple[dict, dict]]:
    """The rows of a summary whose plans or stated investment changed, before and after."""
    key = next(iter(after.tables[table][0])) if after.tables[table] else ""
    old = {row[key]: row for row in before.tables.get(table, [])}
    return [
        (old.get(row[key], {}), row)
        for row in after.tables[table]
        if {k: old.get(row[key], {}).get(k) for k in ("plans", "investment_oku_yen")}
        != {k: row.get(k) for k in ("plans", "investment_oku_yen")}
    ]
