"""What the national SQLite file holds beyond the package's tables — the licence, a Japanese full-text table and
views with names beside codes — and Datasette's metadata.json, made from the same tables, so that
`datasette chiiki-mirai.sqlite -m datasette-metadata.json` shows every table and column described."""

import json

from build_scripts import labels, settings, urls
from build_scripts.downloads.codes import CODE_COLUMNS
from build_scripts.downloads.sqlite import SEARCH_TABLE, DbTable, sqlite_bytes
from build_scripts.downloads.table import OutTable
from build_scripts.model import PLAN_RESOURCES

METADATA = "datasette-metadata.json"  # beside the database in data/national/
SEARCHED = ("plans", *PLAN_RESOURCES)  # the tables whose words the full-text table holds
# Names beside codes, for people reading the database in Datasette rather than joining it themselves.
VIEWS = {
    "companies_named": (
        "SELECT c.plan_id, p.title AS plan_title, c.corporate_number, c.name, c.municipality_code, "
        "pr.name AS prefecture_name, m.name AS municipality_name, c.industry, c.role, c.selection_basis "
        "FROM companies c JOIN plans p ON p.plan_id = c.plan_id "
        "LEFT JOIN municipalities m ON m.municipality_code = c.municipality_code "
        "LEFT JOIN prefectures pr ON pr.prefecture_code = m.prefecture_code"
    ),
    "plan_fields_named": (
        "SELECT l.plan_id, p.title AS plan_title, l.field_number, f.name AS field_name "
        "FROM plan_fields l JOIN plans p ON p.plan_id = l.plan_id "
        "JOIN strategic_fields f ON f.field_number = l.field_number"
    ),
}


def licence_table(version: str) -> DbTable:
    """The terms of use inside the file, so the database carries them wherever it is copied."""
    fields = [
        {"name": "licence", "title": "利用条件", "type": "string"},
        {"name": "url", "title": "URL", "type": "string"},
        {"name": "attribution", "title": "出典の示し方", "type": "string"},
        {"name": "version", "title": "データ版", "type": "string"},
    ]
    return DbTable(
        "licence",
        fields,
        ["licence"],
        [[labels.LICENCE_TEXT, labels.LICENCE["path"], labels.ATTRIBUTION, version]],
    )


def search_rows(tables: list[OutTable], plans) -> list[tuple[str, str, str, str]]:
    """(text, table, plan_id, row key) for the full-text table: each row's words (its text columns, not its
    codes), and each plan's sections."""
    rows = []
    for table in tables:
        if table.name not in SEARCHED:
            continue
        fields = table.schema["fields"]
        words = [i for i, f in enumerate(fields) if f["type"] == "string" and _is_text(f["name"])]
        keys = [
            i
            for i, f in enumerate(fields)
            if f["name"] in table.schema["primaryKey"] and f["name"] != "plan_id"
        ]
        for row in table.rows:
            text = " ".join(row[i] for i in words if row[i])
            if text:
                rows.append((text, table.name, row[0], " ".join(row[i] for i in keys)))
    for plan in plans:
        rows.append((" ".join(t for t in plan.info.texts.values() if t), "plan_texts", plan.id, ""))
    return rows


def _is_text(name: str) -> bool:
    return (
        name not in CODE_COLUMNS
        and name not in ("plan_id", "example")
        and not name.endswith(("_id", "_code"))
    )


def database_bytes(tables: list[OutTable], plans, version: str) -> bytes:
    database = [
        DbTable(t.name, t.schema["fields"], t.schema["primaryKey"], t.rows, t.foreign_keys) for t in tables
    ]
    return sqlite_bytes(database + [licence_table(version)], search_rows(tables, plans), VIEWS)


def datasette_metadata(package: dict, tables: list[OutTable]) -> bytes:
    """Datasette's metadata.json from the package: title, licence, source, and every table's and column's words."""
    described = {
        table.name: {
            "title": table.schema.get("title") or table.name,
            "description": table.schema.get("description", ""),
            "columns": {
                f["name"]: f"{f.get('title', '')}。{f.get('description', '')}".strip("。")
                for f in table.schema["fields"]
            },
        }
        for table in tables
    }
    described[SEARCH_TABLE] = {
        "title": "全文検索（2文字ずつ）",
        "description": "計画・表の行の文字を2文字ずつに区切った全文検索表。2文字の語はそのまま（造船）、長い語は2文字ずつを並べて"
        '引用符で囲んで検索します（"半導 導体"）。',
    }
    document = {
        "title": package["title"],
        "description": f"データ版 {package.get('version', '')}。記載例（架空）は含みません。",
        "license": labels.LICENCE_TEXT,
        "license_url": labels.LICENCE["path"],
        "source": labels.ATTRIBUTION,
        **({"source_url": f"{settings.SITE_URL}/{urls.DOWNLOADS}"} if settings.SITE_URL else {}),
        "databases": {urls.DATABASE.removesuffix(".sqlite"): {"tables": described}},
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
