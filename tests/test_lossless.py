"""Every format holds exactly the source rows: CSV, JSON, xlsx and SQLite, national and examples,
on the fixture repository and on the repository's own data."""
import csv
import functools
import io
import json
import sqlite3

import pytest
from openpyxl import load_workbook

from build_scripts import load, paths
from build_scripts.build import build
from build_scripts.model import PLAN_RESOURCES
from build_scripts.validate import validate
from build_scripts.values import typed
from conftest import FIXTURES

ROOTS = {"fixture": FIXTURES / "repo" / "datapackages", "repository": paths.DATAPACKAGES}


@pytest.fixture(scope="module", params=sorted(ROOTS))
def built(request, tmp_path_factory):
    root = ROOTS[request.param]
    out = tmp_path_factory.mktemp(request.param) / "site"
    assert build(out, root=root, quiet=True) == 0
    return root, out


@functools.lru_cache
def plans_of(root):
    return sorted(validate(root=root).plans, key=lambda p: (p.kind, p.id))


def expected(root, resource, examples):
    """(plan_id, example, typed values in schema order) of every public plan's rows, as the source has them."""
    schema = load.load_shared_schemas()[resource]
    rows = []
    for plan in plans_of(root):
        if plan.is_public and plan.is_example == examples:
            for row in plan.rows(resource):
                rows.append([plan.id, examples] + [typed(row[f["name"]], f.get("type", "string")) for f in schema["fields"]])
    return rows


def field_types(resource):
    return ["string", "boolean"] + [f.get("type", "string") for f in load.load_shared_schemas()[resource]["fields"]]


def from_csv(path, resource):
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    names = ["plan_id", "example"] + [f["name"] for f in load.load_shared_schemas()[resource]["fields"]]
    assert records[0] == names                                   # every public field, in order
    return [[typed(v, t) for v, t in zip(record, field_types(resource))] for record in records[1:]]


def from_json(path, resource):
    data = json.loads(path.read_text(encoding="utf-8"))
    names = [f["name"] for f in load.load_shared_schemas()[resource]["fields"]]
    return [[entry["plan"]["id"], entry["plan"]["example"]] + [row[n] for n in names]
            for entry in data["plans"] for row in entry["resources"].get(resource, [])]


def from_xlsx(path, resource):
    sheet = load_workbook(path)[resource]
    values = list(sheet.iter_rows(values_only=True))
    titles = ["計画ID", "記載例"] + [f["title"] for f in load.load_shared_schemas()[resource]["fields"]]
    assert list(values[0]) == titles
    return [list(row) for row in values[1:]]


def from_sqlite(path, resource):
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(f'SELECT * FROM "{resource}" ORDER BY rowid').fetchall()
    finally:
        connection.close()
    return [[bool(v) if i == 1 else v for i, v in enumerate(row)] for row in rows]


@pytest.mark.parametrize("resource", PLAN_RESOURCES)
def test_national_files_equal_the_source_rows(built, resource):
    root, site = built
    national = site / "data" / "national"
    want = expected(root, resource, examples=False)
    assert from_csv(national / f"{resource}.csv", resource) == want
    assert from_json(national / "plans.json", resource) == want
    assert from_xlsx(national / "chiiki-mirai-plans.xlsx", resource) == want
    assert from_sqlite(national / "chiiki-mirai.sqlite", resource) == want


@pytest.mark.parametrize("resource", PLAN_RESOURCES)
def test_example_files_equal_the_example_rows(built, resource):
    root, site = built
    examples = site / "data" / "examples"
    want = expected(root, resource, examples=True)
    assert from_csv(examples / f"{resource}.csv", resource) == want
    assert from_json(examples / "plans.json", resource) == want
    assert from_xlsx(examples / "chiiki-mirai-examples.xlsx", resource) == want


def test_per_plan_files_equal_the_source_rows(built):
    root, site = built
    for plan in plans_of(root):
        if not plan.is_public:
            continue
        folder = site / "data" / "plans" / plan.id
        for resource in plan.tables:
            want = [row for row in expected(root, resource, plan.is_example) if row[0] == plan.id]
            assert from_csv(folder / f"{resource}.csv", resource) == want
            assert from_xlsx(folder / f"{plan.id}.xlsx", resource) == want


def test_database_holds_the_reference_tables_too(built):
    _, site = built
    connection = sqlite3.connect(site / "data" / "national" / "chiiki-mirai.sqlite")
    try:
        assert connection.execute("SELECT count(*) FROM municipalities").fetchone() == (1741,)
        assert connection.execute("SELECT name FROM prefectures WHERE prefecture_code = '01'").fetchone() == ("北海道",)
    finally:
        connection.close()
