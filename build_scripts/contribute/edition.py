"""Freezing an edition of the investment map (the state's policy package: 「策定・改定された計画については、
投資マップで可視化し、定期的に進捗を…」): the national state of the real data frozen into
datapackages/editions/<YYYY-MM>/ as a small data package that maintainers commit; load/editions.py reads it back
for the site and derive/editions.py compares it with the edition before.

An edition never changes once committed: its datapackage.json records each file's sha256, and validation
reports any file that no longer matches (rule edition-changed). Examples are never frozen.
"""

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from build_scripts import labels, load, values
from build_scripts.derive import Site, located_points, stated_investments
from build_scripts.derive.groups import plan_field_numbers, plan_prefectures
from build_scripts.derive.summaries import Summary, decimal_text
from build_scripts.load.editions import DESCRIPTOR, EDITION_ID, TABLE_TITLES, WORK_PREFIX


def declared_columns(name: str) -> list[tuple[str, str, str]]:
    """(name, title, type) of an edition table's columns, as declared in datapackages/schemas/published/."""
    return [(f["name"], f["title"], f["type"]) for f in load.load_published_schema(name)["fields"]]


# ---- freezing (chiiki edition) ----


def frozen_tables(
    site: Site, summaries: dict[str, Summary]
) -> dict[str, tuple[list[tuple], list[list[str]]]]:
    """The real data as of today: per plan, per prefecture and field (the summary rows), and the map's points."""
    reporting = {r.plan.id: r for r in site.reporting()}
    plans = []
    for plan in sorted(site.real_plans, key=lambda p: p.id):
        stated = [amount for _, amount, _ in stated_investments(plan)]
        status = reporting[plan.id]
        plans.append(
            [
                plan.id,
                plan.kind,
                plan.info.title,
                plan.status,
                ";".join(plan_prefectures(plan)),
                ";".join(map(str, plan_field_numbers(plan))),
                plan.info.published_on,
                plan.info.updated_on,
                str(len(plan.rows("revisions"))),
                str(len({r["corporate_number"] for r in plan.rows("companies")})),
                decimal_text(sum(stated)) if stated else "",
                str(len(plan.rows("kpis"))),
                status.last_report_date,
                str(status.overdue).lower(),
            ]
        )
    points = [
        [p["plan_id"], p["code"], ";".join(map(str, p["numbers"])), p["label"]]
        for p in located_points(site.counted_plans, site.reference)
    ]
    summary_columns = {
        name: [(f["name"], f["title"], f["type"]) for f in summaries[name].fields]
        for name in ("prefectures", "fields")
    }
    return {
        "plans": (declared_columns("edition_plans"), plans),
        "prefectures": (summary_columns["prefectures"], summaries["prefectures"].rows),
        "fields": (summary_columns["fields"], summaries["fields"].rows),
        "points": (declared_columns("edition_points"), points),
    }


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    return values.csv_text(header, rows).encode("utf-8")


def edition_files(edition_id: str, date: str, tables) -> dict[str, bytes]:
    files, resources = {}, []
    for name, (columns, rows) in tables.items():
        content = csv_bytes([c[0] for c in columns], rows)
        files[f"{name}.csv"] = content
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "title": TABLE_TITLES[name],
                "format": "csv",
                "encoding": "utf-8",
                "bytes": len(content),
                "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
                "schema": {"fields": [{"name": n, "title": t, "type": k} for n, t, k in columns]},
            }
        )
    descriptor = {
        "name": f"chiiki-mirai-edition-{edition_id}",
        "title": f"投資マップ {edition_id} 版（地域未来戦略 計画データ。政府の国内投資マップではありません）",
        "edition": {"id": edition_id, "date": date},
        "created": f"{date}T00:00:00Z",
        "licenses": [labels.LICENCE],
        "sources": [{"title": "各計画の出典資料（計画ID ごとに計画のページと sources 表）"}],
        "resources": resources,
    }
    files[DESCRIPTOR] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def edition_problem(edition_id: str, root: Path, date: str) -> str | None:
    """Why an edition cannot be made on `date` (in Japanese, then English), or None."""
    if not EDITION_ID.fullmatch(edition_id):
        return f"版の ID は YYYY-MM（例: 2026-11）で指定してください：{edition_id!r}\nThe edition id must be YYYY-MM."
    if edition_id != date[:7]:
        return (
            f"版の ID は、作る日（{date}）の年月 {date[:7]} です：{edition_id}。版は作った月の ID で並び、比べられます。\n"
            f"An edition made on {date} is {date[:7]}."
        )
    if (root / "editions" / edition_id).exists() or (root / "editions" / edition_id).is_symlink():
        return (
            f"{edition_id} 版はすでにあります。版は一度作ったら変えません（新しい版は別の ID で作ります）。\n"
            f"Edition {edition_id} exists already; editions never change."
        )
    return None


def write_edition(root: Path, edition_id: str, site: Site, summaries: dict[str, Summary]) -> Path:
    """Write the edition in a work folder, then give it its name in one rename: a killed run leaves no half
    edition under an edition's name (its work folder is skipped by validation and removed here next time)."""
    base = root / "editions"
    base.mkdir(parents=True, exist_ok=True)
    for leftover in base.glob(WORK_PREFIX + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=base))
    try:
        for name, content in edition_files(
            edition_id, site.build_date, frozen_tables(site, summaries)
        ).items():
            (work / name).write_bytes(content)
        folder = base / edition_id
        work.rename(folder)  # refused by the system if the name was taken meanwhile
        return folder
    finally:
        if work.exists():
            shutil.rmtree(work)
