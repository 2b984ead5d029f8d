"""Write the downloads: per plan and national CSV (UTF-8, and an Excel variant), JSON, datapackage.json.

Every row carries `plan_id` and `example`, so files join and fictional examples can't pass as real.
National files hold real plans only; examples get files of their own under data/examples/.
"""
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from build_scripts import urls
from build_scripts.checks.cells import FORMULA_PREFIXES
from build_scripts.derive import Site, plan_field_numbers
from build_scripts.model import PLAN_RESOURCES, Plan

KEY_FIELDS = [
    {"name": "plan_id", "title": "計画ID", "type": "string", "description": "計画の恒久ID（計画ページの URL plans/<plan_id>/）。"},
    {"name": "example", "title": "記載例", "type": "boolean",
     "description": "true なら架空の記載例。集計に含めないこと。"},
]
# The table of plans (one row per plan): the `plan:` metadata flattened; lists joined with ";".
PLANS_SCHEMA = {
    "title": "計画",
    "description": "計画ごとのメタデータ（1行1計画）。本文と出典は JSON を参照。",
    "primaryKey": [],
    "fields": [
        {"name": "kind", "title": "種類", "type": "string", "description": "A / B / C。"},
        {"name": "title", "title": "計画名", "type": "string", "description": "計画の名称。"},
        {"name": "status", "title": "状態", "type": "string", "description": "outline＝素案、approved＝策定・公表済、withdrawn＝廃止。"},
        {"name": "author", "title": "策定主体", "type": "string", "description": "計画を策定した機関。"},
        {"name": "block", "title": "地域ブロック", "type": "string", "description": "A の地域ブロックID。"},
        {"name": "prefectures", "title": "都道府県コード", "type": "string", "description": "対象の都道府県コード（;区切り）。"},
        {"name": "municipalities", "title": "市区町村コード", "type": "string", "description": "対象の団体コード（;区切り）。"},
        {"name": "field_labels", "title": "分野", "type": "string", "description": "計画の分野ラベル（;区切り）。"},
        {"name": "strategic_fields", "title": "戦略分野番号", "type": "string", "description": "対応する17の戦略分野の番号（;区切り）。"},
        {"name": "start_fy", "title": "開始年度", "type": "integer", "description": "計画期間の開始年度。"},
        {"name": "end_fy", "title": "終了年度", "type": "integer", "description": "計画期間の終了年度。"},
        {"name": "published_on", "title": "公表日", "type": "date", "description": "政府が公表した日（資料に記載がある場合）。"},
        {"name": "updated_on", "title": "更新日", "type": "date", "description": "このデータの最終更新日。"},
        {"name": "withdrawn_on", "title": "廃止日", "type": "date", "description": "廃止された日。"},
        {"name": "page", "title": "ページ", "type": "string", "description": "計画ページの URL（サイトの先頭からの相対パス）。"},
    ],
}


@dataclass(frozen=True)
class Written:
    url: str        # relative to the site root
    rows: int
    size: int


def write_downloads(site: Site, docs: Path, schemas: dict[str, dict]) -> list[Written]:
    written: list[Written] = []
    for plan in site.plans:
        written += write_plan_files(plan, site, docs, schemas)
    for plans, url_of in ((site.real_plans, urls.national_file), (site.example_plans, urls.example_file)):
        written += write_collection(plans, site, docs, schemas, url_of)
    return written


def columns(schema: dict) -> list[str]:
    return [f["name"] for f in KEY_FIELDS] + [f["name"] for f in schema["fields"]]


def table_rows(plan: Plan, resource: str, schema: dict) -> list[list[str]]:
    names = [f["name"] for f in schema["fields"]]
    flag = "true" if plan.is_example else "false"
    return [[plan.id, flag] + [row.get(name, "") for name in names] for row in plan.rows(resource)]


def plan_record(plan: Plan) -> list[str]:
    meta, period = plan.meta, plan.meta.get("period", {})
    return [plan.id, "true" if plan.is_example else "false", meta["kind"], meta["title"], meta["status"], meta.get("author", ""),
            meta["area"].get("block", ""), ";".join(meta["area"].get("prefectures") or []),
            ";".join(meta["area"].get("municipalities") or []), ";".join(f["label"] for f in meta["fields"]),
            ";".join(map(str, plan_field_numbers(plan))), str(period.get("start_fy", "")), str(period.get("end_fy", "")),
            meta.get("published_on", ""), meta["updated_on"], meta.get("withdrawn_on", ""), urls.plan(plan.id)]


def titles(schema: dict) -> list[str]:
    return [f["title"] for f in KEY_FIELDS] + [f["title"] for f in schema["fields"]]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def neutralise(cell: str) -> str:
    """Excel runs a cell starting with = + - @ tab CR LF as a formula; a leading ' shows it as text.
    Numbers such as -3.5 stay numbers."""
    if cell.startswith(FORMULA_PREFIXES) and not re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell):
        return "'" + cell
    return cell


def excel_csv_bytes(titles: list[str], rows: list[list[str]]) -> bytes:
    safe = [[neutralise(cell) for cell in row] for row in rows]
    return "\ufeff".encode() + csv_text(titles, safe).encode("utf-8")


def typed(value: str, field_type: str):
    if value == "":
        return None
    if field_type == "integer":
        return int(value)
    if field_type == "number":
        return int(value) if re.fullmatch(r"-?[0-9]+", value) else float(value)
    if field_type == "boolean":
        return value == "true"
    return value


def plan_json(plan: Plan, schemas: dict[str, dict]) -> dict:
    resources = {}
    for name in PLAN_RESOURCES:
        if name in plan.tables:
            fields = schemas[name]["fields"]
            resources[name] = [{f["name"]: typed(row.get(f["name"], ""), f.get("type", "string")) for f in fields}
                               for row in plan.rows(name)]
    return {"plan": plan.meta, "resources": resources}


def _save(docs: Path, url: str, content: bytes, rows: int) -> Written:
    path = docs / url
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return Written(url=url, rows=rows, size=len(content))


def _json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def resource_descriptor(name: str, schema: dict, path: str, content: bytes) -> dict:
    return {"name": name, "path": path, "title": schema.get("title", name), "description": schema.get("description", ""),
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
            "schema": {"fields": KEY_FIELDS + [_plain_field(f) for f in schema["fields"]],
                       "primaryKey": ["plan_id"] + list(schema.get("primaryKey", []))}}


def _plain_field(field: dict) -> dict:
    """A Table Schema field without our own keys (`code`, `example`) for generic tools."""
    return {k: v for k, v in field.items() if k in ("name", "title", "type", "description", "constraints", "format")}


def write_plan_files(plan: Plan, site: Site, docs: Path, schemas: dict[str, dict]) -> list[Written]:
    content = csv_text(columns(PLANS_SCHEMA), [plan_record(plan)]).encode("utf-8")
    written = [_save(docs, urls.plan_file(plan.id, "plan.csv"), content, 1)]
    descriptors = [resource_descriptor("plan", PLANS_SCHEMA, "plan.csv", content)]
    for name in PLAN_RESOURCES:
        if name not in plan.tables:
            continue
        rows = table_rows(plan, name, schemas[name])
        content = csv_text(columns(schemas[name]), rows).encode("utf-8")
        written.append(_save(docs, urls.plan_file(plan.id, f"{name}.csv"), content, len(rows)))
        descriptors.append(resource_descriptor(name, schemas[name], f"{name}.csv", content))
    written.append(_save(docs, urls.plan_file(plan.id, f"{plan.id}.json"), _json_bytes(plan_json(plan, schemas)), 1))
    package = {"name": plan.id, "title": plan.meta["title"], "plan": plan.meta,
               "licenses": [{"name": "PDL-1.0", "title": "公共データ利用規約（第1.0版）"}], "resources": descriptors}
    written.append(_save(docs, urls.plan_file(plan.id, "datapackage.json"), _json_bytes(package), len(descriptors)))
    return written


def write_collection(plans, site: Site, docs: Path, schemas: dict[str, dict], url_of) -> list[Written]:
    plan_rows = [plan_record(p) for p in plans]
    content = csv_text(columns(PLANS_SCHEMA), plan_rows).encode("utf-8")
    written = [_save(docs, url_of("plans.csv"), content, len(plan_rows))]
    descriptors = [resource_descriptor("plans", PLANS_SCHEMA, "plans.csv", content)]
    written.append(_save(docs, url_of("plans.json"),
                         _json_bytes({"build_date": site.build_date, "plans": [plan_json(p, schemas) for p in plans]}), len(plans)))
    written.append(_save(docs, url_of("plans.excel.csv"), excel_csv_bytes(titles(PLANS_SCHEMA), plan_rows), len(plan_rows)))
    for name in PLAN_RESOURCES:
        rows = [row for p in plans for row in table_rows(p, name, schemas[name])]
        content = csv_text(columns(schemas[name]), rows).encode("utf-8")
        written.append(_save(docs, url_of(f"{name}.csv"), content, len(rows)))
        written.append(_save(docs, url_of(f"{name}.excel.csv"), excel_csv_bytes(titles(schemas[name]), rows), len(rows)))
        descriptors.append(resource_descriptor(name, schemas[name], f"{name}.csv", content))
    package = {"name": "chiiki-mirai-plans", "title": "地域未来戦略 計画データ（全国）",
               "licenses": [{"name": "PDL-1.0", "title": "公共データ利用規約（第1.0版）"}], "resources": descriptors}
    written.append(_save(docs, url_of("datapackage.json"), _json_bytes(package), len(descriptors)))
    return written
