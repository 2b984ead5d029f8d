"""What changed between two editions of the investment map: plans added, revised (and how), withdrawn, and the
prefectures and fields whose plans or stated investment moved."""

from dataclasses import dataclass

from build_scripts.model import Edition


@dataclass(frozen=True)
class Changes:
    added: list[dict]  # plan rows new in this edition
    revised: list[tuple[dict, dict, list[str]]]  # (before, after, what changed in words)
    withdrawn: list[dict]
    removed: list[dict]  # in the edition before, not in this one
    prefectures: list[tuple[dict, dict]]  # (before, after) rows whose plans or stated investment changed
    fields: list[tuple[dict, dict]]


REVISION_WORDS = {
    "status": "状態",
    "title": "計画名",
    "updated_on": "更新日",
    "revisions": "改訂",
    "companies": "重点支援企業数",
    "investment_oku_yen": "投資規模",
    "kpis": "KPI 数",
    "last_report_date": "進捗報告",
}


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
            differing = [
                words for key, words in REVISION_WORDS.items() if old[plan_id].get(key) != row.get(key)
            ]
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
