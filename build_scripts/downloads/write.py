"""Write the downloads: per plan and national CSV (UTF-8, and an Excel variant), JSON, datapackage.json.

Every row carries `plan_id` and `example`, so files join and fictional examples can't pass as real.
National files hold real plans only; examples get files of their own under data/examples/.
"""

import datetime
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from build_scripts import labels, load, urls, values
from build_scripts.derive import Site
from build_scripts.derive.groups import plan_field_numbers
from build_scripts.derive.summaries import Summary
from build_scripts.downloads.codes import CODE_COLUMNS, code_and_link_tables, code_keys, with_names
from build_scripts.downloads.database import METADATA, database_bytes, datasette_metadata, licence_table
from build_scripts.downloads.parquet import parquet_bytes, parquet_path
from build_scripts.downloads.table import (
    KEY_FIELDS,
    LAST_CHANGED,
    PLAN_KEY,
    OutTable,
    declared_keys,
    plain_field,
)
from build_scripts.downloads.xlsx import xlsx_bytes
from build_scripts.model import PLAN_RESOURCES, Plan
from build_scripts.validate.checks.cells import FORMULA_PREFIXES, LEADING_SPACE
from build_scripts.values import typed

# The tables of plans (one row per plan: the `plan:` metadata flattened, lists joined with ";") and of their sources,
# as declared in datapackages/schemas/published/.
PLANS_SCHEMA = load.load_published_schema("plans")
SOURCES_SCHEMA = load.load_published_schema("sources")


@dataclass(frozen=True)
class Written:
    url: str  # relative to the site root
    rows: int
    size: int


def write_downloads(
    site: Site,
    folder: Path,
    schemas: dict[str, dict],
    plan_ids: set[str] | None,
    summaries: dict[str, Summary],
) -> list[Written]:
    """Every download; each plan's own files only for `plan_ids` when given (chiiki serve keeps the others)."""
    written: list[Written] = []
    for plan in site.plans_among(plan_ids):
        written += write_plan_files(plan, site, folder, schemas)
    national = national_tables(site, schemas, summaries, site.real_plans)
    written += write_collection(
        site.real_plans, site, folder, schemas, national, urls.national_file, national=True
    )
    examples = plan_tables(site.example_plans, schemas, with_sources=True)
    written += write_collection(
        site.example_plans, site, folder, schemas, examples, urls.example_file, national=False
    )
    written += [
        save_file(folder, urls.edition_file(edition.id, name), content, 0)  # exactly as committed
        for edition in site.editions
        for name, content in edition.files.items()
    ]
    return written


def progress_status_rows(site: Site) -> list[list[str]]:
    return [
        [
            r.plan.id,
            "false",
            r.plan.kind,
            r.plan.status,
            str(r.due).lower(),
            r.last_report_date,
            r.next_due_date,
            str(r.overdue).lower(),
            str(len(r.kpis)),
            str(sum(1 for kpi in r.kpis if kpi["latest"] != "")),
        ]
        for r in site.reporting()
    ]


def quality_rows(site: Site) -> list[list[str]]:
    return [
        [
            q.plan.id,
            "false",
            q.plan.kind,
            q.plan.status,
            str(len(q.sections_filled) + len(q.sections_missing)),
            str(len(q.sections_filled)),
            ";".join(q.sections_missing),
            str(q.sources),
            str(q.sources_with_publisher),
            str(q.sources_with_date),
            str(q.sources_with_url),
            str(q.warnings),
            str(q.overdue).lower(),
        ]
        for q in site.quality()
    ]


MONITORING = ("progress_status", "quality")  # their files: urls.PROGRESS_STATUS, urls.QUALITY_TABLE


def monitoring_tables(site: Site) -> list[OutTable]:
    """The reporting status and the data quality of every real plan, as tables of the national package (their
    declarations: datapackages/schemas/published/), at data/national/progress_status.csv and quality.csv."""
    rows = {"progress_status": progress_status_rows(site), "quality": quality_rows(site)}
    return [OutTable(name, schema, rows[name], PLAN_KEY) for name, schema in monitoring_schemas().items()]


def monitoring_schemas() -> dict[str, dict]:
    """Their schemas as published: plan_id and example first, like every plan table."""
    return {name: out_schema(load.load_published_schema(name), last_changed=False) for name in MONITORING}


def national_row_counts(site: Site) -> dict[str, int]:
    """Rows of each national and examples CSV, by URL, for the downloads page (which is rendered while
    the files are still being written)."""
    counts = {}
    for plans, url_of in ((site.real_plans, urls.national_file), (site.example_plans, urls.example_file)):
        counts[url_of("plans.csv")] = len(plans)
        counts[url_of("sources.csv")] = sum(len(source_rows(plan)) for plan in plans)
        for name in PLAN_RESOURCES:
            counts[url_of(f"{name}.csv")] = sum(len(plan.rows(name)) for plan in plans)
    return counts


def out_schema(schema: dict, *, last_changed: bool = True) -> dict:
    return {
        "title": schema.get("title", ""),
        "description": schema.get("description", ""),
        "fields": KEY_FIELDS
        + [plain_field(f) for f in schema["fields"]]
        + ([plain_field(LAST_CHANGED)] if last_changed else []),
        "primaryKey": ["plan_id"] + list(schema.get("primaryKey", [])),
    }


# Columns holding a code of the reference tables (the schemas' `code:` key), as (table, key) in the database.
CODE_TABLES = {code: CODE_COLUMNS[f"{code}_code"] for code in ("municipality", "prefecture")}


def plan_tables(
    plans,
    schemas: dict[str, dict],
    plans_name: str = "plans",
    only_present: bool = False,
    with_sources: bool = False,
) -> list[OutTable]:
    tables = [
        OutTable(
            plans_name,
            out_schema(PLANS_SCHEMA, last_changed=False),
            [plan_record(p) for p in plans],
            declared_keys(PLANS_SCHEMA),
        )
    ]
    if with_sources:
        tables.append(
            OutTable(
                "sources",
                out_schema(SOURCES_SCHEMA),
                [r for p in plans for r in source_rows(p)],
                (("plan_id", plans_name, "plan_id"),),
            )
        )
    for name in PLAN_RESOURCES:
        if only_present and not any(name in p.tables for p in plans):
            continue
        codes = tuple(
            (f["name"], *CODE_TABLES[f["code"]])
            for f in schemas[name]["fields"]
            if f.get("code") in CODE_TABLES
        )
        tables.append(
            OutTable(
                name,
                out_schema(schemas[name]),
                [r for p in plans for r in table_rows(p, name, schemas[name])],
                (("plan_id", plans_name, "plan_id"),) + codes,
            )
        )
    return tables


def source_rows(plan: Plan) -> list[list[str]]:
    flag = "true" if plan.is_example else "false"
    return [
        [plan.id, flag, str(number)]
        + [source.title, source.publisher, source.date, source.url, source.note]
        + [plan.info.updated_on]
        for number, source in enumerate(plan.info.sources, start=1)
    ]


def table_rows(plan: Plan, resource: str, schema: dict) -> list[list[str]]:
    names = [f["name"] for f in schema["fields"]]
    flag = "true" if plan.is_example else "false"
    updated = plan.info.updated_on
    return [
        [plan.id, flag] + [row.get(name, "") for name in names] + [updated] for row in plan.rows(resource)
    ]


def plan_record(plan: Plan) -> list[str]:
    info, period = plan.info, plan.info.period
    return [
        plan.id,
        "true" if plan.is_example else "false",
        info.kind,
        info.title,
        info.status,
        info.author,
        info.area.block,
        ";".join(info.area.prefectures),
        ";".join(info.area.municipalities),
        ";".join(f.label for f in info.fields),
        ";".join(map(str, plan_field_numbers(plan))),
        str(period.start_fy) if period else "",
        str(period.end_fy) if period else "",
        info.published_on,
        info.updated_on,
        info.withdrawn_on,
        urls.plan(plan.id),
    ]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """Downloads end lines with CRLF (RFC 4180)."""
    return values.csv_text(header, rows, newline="\r\n")


def neutralise(cell: str) -> str:
    """Excel runs a cell starting with = + - @ tab CR LF as a formula; a leading ' shows it as text.
    Numbers such as -3.5 stay numbers."""
    if cell.lstrip(LEADING_SPACE).startswith(FORMULA_PREFIXES) and not re.fullmatch(
        r"-[0-9]+(\.[0-9]+)?", cell
    ):
        return "'" + cell
    return cell


def excel_csv_bytes(titles: list[str], rows: list[list[str]]) -> bytes:
    safe = [[neutralise(cell) for cell in row] for row in rows]
    return "\ufeff".encode() + csv_text(titles, safe).encode("utf-8")


def plan_json(plan: Plan, schemas: dict[str, dict]) -> dict:
    resources = {}
    for name in PLAN_RESOURCES:
        if name in plan.tables:
            fields = schemas[name]["fields"]
            resources[name] = [
                {f["name"]: typed(row.get(f["name"], ""), f.get("type", "string")) for f in fields}
                for row in plan.rows(name)
            ]
    return {"plan": plan.meta, "resources": resources}  # the metadata published as submitted


def save_file(docs: Path, url: str, content: bytes, rows: int) -> Written:
    path = docs / url
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return Written(url=url, rows=rows, size=len(content))


def _json_bytes(data) -> bytes:
    """Descriptors, indented for reading."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _data_json_bytes(data) -> bytes:
    """Data files, compact: the C encoder (indenting falls back to Python's, 8 s on the national data)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def resource_descriptor(table: OutTable, content: bytes, present: set[str]) -> dict:
    return {
        "name": table.name,
        "path": table.path,
        "title": table.schema["title"] or table.name,
        "description": table.schema["description"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "schema": {"fields": table.schema["fields"], "primaryKey": table.schema["primaryKey"]}
        | package_keys(table, present),
    }


def package_keys(table: OutTable, present: set[str]) -> dict:
    """The foreign keys a data package can state: each whose table is in the same package (a plan's package has
    its plan; the national one the code lists too, so frictionless checks every code)."""
    keys = [
        {"fields": [column], "reference": {"resource": target, "fields": [target_column]}}
        for column, target, target_column in table.foreign_keys
        if target in present
    ]
    return {"foreignKeys": keys} if keys else {}


LICENCES = [labels.LICENCE]


def write_tables(
    docs: Path,
    url_of,
    tables: list[OutTable],
    package: dict,
    build_date: str,
    *,
    excel_csv: bool,
    parquet: bool = False,
) -> list[Written]:
    """Each table as CSV (and the Excel CSV, and Parquet for the national tables), all of them in one xlsx, and
    the datapackage.json."""
    written, descriptors = [], []
    for table in tables:
        content = csv_text([f["name"] for f in table.schema["fields"]], table.rows).encode("utf-8")
        written.append(save_file(docs, url_of(table.path), content, len(table.rows)))
        if excel_csv:
            titles, rows = with_names(table)
            excel = table.path.removesuffix(".csv") + ".excel.csv"
            written.append(save_file(docs, url_of(excel), excel_csv_bytes(titles, rows), len(table.rows)))
        if parquet:
            typed = parquet_bytes(table, package.get("version", ""))
            written.append(save_file(docs, url_of(parquet_path(table)), typed, len(table.rows)))
        descriptors.append(resource_descriptor(table, content, {t.name for t in tables}))
    sheets = [(table.name, table.schema["fields"], table.rows) for table in tables]
    terms = licence_table(package.get("version", ""))  # the last sheet: the terms travel with the workbook
    sheets.append((terms.name, terms.fields, terms.rows))
    written.append(
        save_file(docs, url_of(package["name"] + ".xlsx"), xlsx_bytes(sheets, build_date), len(tables))
    )
    descriptor = _json_bytes(package | {"resources": descriptors})
    written.append(save_file(docs, url_of("datapackage.json"), descriptor, len(descriptors)))
    members = {"datapackage.json": descriptor} | {
        d["path"]: (docs / url_of(d["path"])).read_bytes() for d in descriptors
    }
    written.append(
        save_file(
            docs,
            url_of(package["name"] + ".zip"),
            zip_bytes(package["name"], members, build_date),
            len(members),
        )
    )
    return written


def zip_bytes(folder: str, members: dict[str, bytes], build_date: str) -> bytes:
    """The whole data package in one zip, with fixed timestamps so two builds give the same bytes."""
    moment = datetime.datetime.fromisoformat(build_date).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(
                zipfile.ZipInfo(f"{folder}/{name}", date_time=moment), content, zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def package_sources(plan: Plan) -> list[dict]:
    """The plan's sources in Frictionless' form (title, and path only where a URL was confirmed)."""
    return [
        {"title": source.title} | ({"path": source.url} if source.url else {}) for source in plan.info.sources
    ]


def write_plan_files(plan: Plan, site: Site, docs: Path, schemas: dict[str, dict]) -> list[Written]:
    def url_of(filename):
        return urls.plan_file(plan.id, filename)

    tables = plan_tables([plan], schemas, plans_name="plan", only_present=True)
    package = {
        "name": plan.id,
        "title": plan.info.title,
        "plan": plan.meta,  # as submitted
        "licenses": LICENCES,
        "sources": package_sources(plan),
    }
    written = write_tables(docs, url_of, tables, package, site.build_date, excel_csv=True)
    written.append(save_file(docs, url_of(f"{plan.id}.json"), _data_json_bytes(plan_json(plan, schemas)), 1))
    return written + [
        copy for former in plan.info.former_ids for copy in _at_former_id(docs, plan.id, former, written)
    ]


def _at_former_id(docs: Path, plan_id: str, former: str, written: list[Written]) -> list[Written]:
    """The plan's files again under a former id (data/plans/<former>/<former>.json …), so a script that reads a
    data URL of the old id keeps working after a rename (a static host cannot redirect a CSV; the page redirects)."""
    copies = []
    for file in written:
        name = file.url.removeprefix(urls.plan_file(plan_id, ""))
        if name.startswith(plan_id + "."):
            name = former + name.removeprefix(plan_id)
        copies.append(
            save_file(docs, urls.plan_file(former, name), (docs / file.url).read_bytes(), file.rows)
        )
    return copies


def summary_table(summary: Summary) -> OutTable:
    """A summary as a table of the national package: data/national/summaries/<name>.csv, sheet and table summary_<name>."""
    schema = {
        "title": summary.title,
        "description": summary.description,
        "fields": [plain_field(f) for f in summary.fields],
        "primaryKey": [summary.fields[0]["name"]],
    }
    keys = code_keys(summary.fields)
    return OutTable(summary.table_name, schema, summary.rows, keys, folder=f"{urls.SUMMARIES}/")


def national_tables(
    site: Site, schemas: dict[str, dict], summaries: dict[str, Summary], plans
) -> list[OutTable]:
    """Every table of the national package, in its order: the plans' tables (with `plans`' rows; none for the
    tables' shapes alone), the summaries, reporting and quality, the code lists and plan ↔ code links (so that
    every code column has a foreign key). The writers and the catalogue read this one list."""
    return (
        plan_tables(plans, schemas, with_sources=True)
        + [summary_table(summary) for summary in summaries.values()]
        + monitoring_tables(site)
        + code_and_link_tables(plans)
    )


def write_collection(
    plans,
    site: Site,
    folder: Path,
    schemas: dict[str, dict],
    tables: list[OutTable],
    url_of,
    *,
    national: bool,
) -> list[Written]:
    """The national collection (with its database) or the examples' (never counted with it): the tables of
    every plan as one package, its plans.json, and for the national one the SQLite database."""
    name = urls.NATIONAL_PACKAGE if national else urls.EXAMPLES_PACKAGE
    title = (
        "地域未来戦略 計画データ（全国）" if national else "地域未来戦略 計画データ 記載例（架空のデータ）"
    )
    # Only the national files are a release of the data (releases.py); the examples are fiction, unversioned.
    release = {"version": site.release.version} if national else {}
    package = (
        {"name": name, "title": title} | release | {"licenses": LICENCES, "sources": [COLLECTION_SOURCES]}
    )
    written = write_tables(folder, url_of, tables, package, site.build_date, excel_csv=True, parquet=national)
    everything = {"build_date": site.build_date} | release | {"plans": [plan_json(p, schemas) for p in plans]}
    written.append(save_file(folder, url_of("plans.json"), _data_json_bytes(everything), len(plans)))
    if national:
        database = database_bytes(tables, plans, site.release.version)
        written.append(save_file(folder, url_of(urls.DATABASE), database, len(tables)))
        metadata = datasette_metadata(package, tables)
        written.append(save_file(folder, url_of(METADATA), metadata, len(tables)))
    return written


COLLECTION_SOURCES = {"title": "各計画の出典資料（計画ごとの一覧は sources 表、ページは各計画の「出典」）"}
