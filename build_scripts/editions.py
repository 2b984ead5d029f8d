"""Editions of the national investment map (「国内投資マップを定期的に改訂・公表する」, seed 003): the national
state of the real data frozen into datapackages/editions/<YYYY-MM>/ as a small data package that maintainers
commit, read back for the site, and compared with the edition before.

An edition never changes once committed: its datapackage.json records each file's sha256, and validation
reports any file that no longer matches (rule edition-changed). Examples are never frozen.
"""
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from build_scripts import labels, values
from build_scripts.derive import Site, located_points, plan_field_numbers, plan_prefectures
from build_scripts.model import Edition, Problem
from build_scripts.summaries import Summary, decimal_text

EDITION_ID = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
DESCRIPTOR = "datapackage.json"
PLAN_COLUMNS = [
    ("plan_id", "計画ID", "string"), ("kind", "種類", "string"), ("title", "計画名", "string"), ("status", "状態", "string"),
    ("prefectures", "都道府県コード", "string"), ("strategic_fields", "戦略分野番号", "string"),
    ("published_on", "公表日", "date"), ("updated_on", "更新日", "date"), ("revisions", "改訂の数", "integer"),
    ("companies", "重点支援企業数", "integer"), ("investment_oku_yen", "投資規模（億円）", "number"),
    ("kpis", "KPI 数", "integer"), ("last_report_date", "最新の進捗報告日", "date"), ("overdue", "報告期限切れ", "boolean"),
]
POINT_COLUMNS = [("plan_id", "計画ID", "string"), ("municipality_code", "全国地方公共団体コード", "string"),
                 ("field_numbers", "戦略分野番号", "string"), ("label", "内容", "string")]
TABLE_TITLES = {"plans": "計画", "prefectures": "都道府県別の集計", "fields": "戦略分野別の集計", "points": "地図の点"}


# ---- freezing (chiiki edition) ----

def frozen_tables(site: Site, summaries: dict[str, Summary]) -> dict[str, tuple[list[tuple], list[list[str]]]]:
    """The real data as of today: per plan, per prefecture and field (the summary rows), and the map's points."""
    reporting = {r.plan.id: r for r in site.reporting()}
    plans = []
    for plan in sorted(site.real_plans, key=lambda p: p.id):
        stated = [float(r["investment_scale_oku_yen"]) for r in plan.rows("core_projects") if r.get("investment_scale_oku_yen")]
        stated += [float(r["scale_oku_yen"]) for r in plan.rows("investments") if r.get("scale_oku_yen")]
        status = reporting[plan.id]
        plans.append([plan.id, plan.kind, plan.meta["title"], plan.status, ";".join(plan_prefectures(plan)),
                      ";".join(map(str, plan_field_numbers(plan))), plan.meta.get("published_on", ""), plan.meta["updated_on"],
                      str(len(plan.rows("revisions"))), str(len({r["corporate_number"] for r in plan.rows("companies")})),
                      decimal_text(sum(stated)) if stated else "", str(len(plan.rows("kpis"))), status.last_report_date,
                      str(status.overdue).lower()])
    points = [[p["plan_id"], p["code"], ";".join(map(str, p["numbers"])), p["label"]]
              for p in located_points(site.real_plans, site.reference)]
    summary_columns = {name: [(f["name"], f["title"], f["type"]) for f in summaries[name].fields] for name in ("prefectures", "fields")}
    return {"plans": (PLAN_COLUMNS, plans),
            "prefectures": (summary_columns["prefectures"], summaries["prefectures"].rows),
            "fields": (summary_columns["fields"], summaries["fields"].rows),
            "points": (POINT_COLUMNS, points)}


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    return values.csv_text(header, rows).encode("utf-8")


def edition_files(edition_id: str, date: str, tables) -> dict[str, bytes]:
    files, resources = {}, []
    for name, (columns, rows) in tables.items():
        content = csv_bytes([c[0] for c in columns], rows)
        files[f"{name}.csv"] = content
        resources.append({"name": name, "path": f"{name}.csv", "title": TABLE_TITLES[name], "format": "csv",
                          "encoding": "utf-8", "bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
                          "schema": {"fields": [{"name": n, "title": t, "type": k} for n, t, k in columns]}})
    descriptor = {"name": f"chiiki-mirai-edition-{edition_id}", "title": f"投資マップ {edition_id} 版（地域未来戦略 計画データ。政府の国内投資マップではありません）",
                  "edition": {"id": edition_id, "date": date}, "created": f"{date}T00:00:00Z", "licenses": [labels.LICENCE],
                  "sources": [{"title": "各計画の出典資料（計画ID ごとに計画のページと sources 表）"}], "resources": resources}
    files[DESCRIPTOR] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def edition_problem(edition_id: str, root: Path) -> str | None:
    """Why an edition cannot be made (in Japanese, then English), or None."""
    if not EDITION_ID.fullmatch(edition_id):
        return f"版の ID は YYYY-MM（例: 2026-11）で指定してください：{edition_id!r}\nThe edition id must be YYYY-MM."
    if (root / "editions" / edition_id).exists():
        return (f"{edition_id} 版はすでにあります。版は一度作ったら変えません（新しい版は別の ID で作ります）。\n"
                f"Edition {edition_id} exists already; editions never change.")
    return None


def write_edition(root: Path, edition_id: str, site: Site, summaries: dict[str, Summary]) -> Path:
    folder = root / "editions" / edition_id
    folder.mkdir(parents=True)
    for name, content in edition_files(edition_id, site.build_date, frozen_tables(site, summaries)).items():
        (folder / name).write_bytes(content)
    return folder


# ---- reading and checking (validation) ----

def read_editions(root: Path, shown) -> tuple[list[Edition], list[Problem]]:
    """Every committed edition, oldest first, and a problem for each file that changed since it was made."""
    editions, problems = [], []
    base = root / "editions"
    for folder in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        edition, found = read_edition(folder, shown)
        problems += found
        if edition is not None and not found:
            editions.append(edition)
    return editions, problems


def read_edition(folder: Path, shown) -> tuple[Edition | None, list[Problem]]:
    descriptor_path = folder / DESCRIPTOR

    def problem(path: Path, detail: str) -> Problem:
        return Problem("edition-changed", shown(path), detail)

    if not EDITION_ID.fullmatch(folder.name):
        return None, [problem(folder, f"版のフォルダ名は YYYY-MM です：{folder.name}")]
    try:
        descriptor = json.loads(descriptor_path.read_bytes())
        resources = {r["path"]: r for r in descriptor["resources"]}
        date = descriptor["edition"]["date"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return None, [problem(descriptor_path, f"datapackage.json を読めません（{type(error).__name__}）")]
    files, problems = {DESCRIPTOR: descriptor_path.read_bytes()}, []
    for path in sorted(folder.iterdir()):
        if path.name != DESCRIPTOR and path.name not in resources:
            problems.append(problem(path, "版を作ったときにはなかったファイルです"))
    for name, resource in resources.items():
        path = folder / name
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        if content is None:
            problems.append(problem(path, "版のファイルがありません"))
        elif "sha256:" + hashlib.sha256(content).hexdigest() != resource.get("hash"):
            problems.append(problem(path, "記録されたハッシュと一致しません（版を作った後に変更されています）"))
        else:
            files[name] = content
    if problems:
        return None, problems
    tables = {Path(name).stem: list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
              for name, content in files.items() if name.endswith(".csv")}
    return Edition(folder.name, date, tables, files), []


# ---- comparing (what changed since the edition before) ----

@dataclass(frozen=True)
class Changes:
    added: list[dict]           # plan rows new in this edition
    revised: list[tuple[dict, dict, list[str]]]    # (before, after, what changed in words)
    withdrawn: list[dict]
    removed: list[dict]         # in the edition before, not in this one
    prefectures: list[tuple[dict, dict]]    # (before, after) rows whose plans or stated investment changed
    fields: list[tuple[dict, dict]]


REVISION_WORDS = {"status": "状態", "title": "計画名", "updated_on": "更新日", "revisions": "改訂", "companies": "重点支援企業数",
                  "investment_oku_yen": "投資規模", "kpis": "KPI 数", "last_report_date": "進捗報告"}


def changes(before: Edition | None, after: Edition) -> Changes | None:
    if before is None:
        return None
    old = {row["plan_id"]: row for row in before.tables["plans"]}
    new = {row["plan_id"]: row for row in after.tables["plans"]}
    added = [row for plan_id, row in new.items() if plan_id not in old]
    withdrawn = [row for plan_id, row in new.items()
                 if row["status"] == "withdrawn" and plan_id in old and old[plan_id]["status"] != "withdrawn"]
    revised = []
    for plan_id, row in new.items():
        if plan_id in old and row not in withdrawn:
            differing = [words for key, words in REVISION_WORDS.items() if old[plan_id].get(key) != row.get(key)]
            if differing:
                revised.append((old[plan_id], row, differing))
    removed = [row for plan_id, row in old.items() if plan_id not in new]
    return Changes(added, revised, withdrawn, removed, moved(before, after, "prefectures"), moved(before, after, "fields"))


def moved(before: Edition, after: Edition, table: str) -> list[tuple[dict, dict]]:
    """The rows of a summary whose plans or stated investment changed, before and after."""
    key = next(iter(after.tables[table][0])) if after.tables[table] else ""
    old = {row[key]: row for row in before.tables.get(table, [])}
    return [(old.get(row[key], {}), row) for row in after.tables[table]
            if {k: old.get(row[key], {}).get(k) for k in ("plans", "investment_oku_yen")}
            != {k: row.get(k) for k in ("plans", "investment_oku_yen")}]
