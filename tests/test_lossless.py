"""Every format holds exactly the source rows: CSV, JSON, xlsx and SQLite, national and examples,
on the fixture repository and on the repository's own data."""

import csv
import functools
import io
import json
import sqlite3

import pytest
from conftest import A_PLAN, B_PLAN, FIXTURES, edit_plan
from openpyxl import load_workbook

from build_scripts import load, paths
from build_scripts.model import PLAN_RESOURCES
from build_scripts.validate import validate
from build_scripts.values import typed

ROOTS = {"fixture": FIXTURES / "repo" / "datapackages", "repository": paths.DATAPACKAGES}
EXAMPLE_TABLES = ["investments", "measures", "kpis", "progress", "revisions"]


def with_an_example_row_in_every_table(root):
    """The fixture repository, and its example B plan given the real B plan's tables, and an example A plan the
    real A plan's core projects: every table then has real and example rows to compare (fictional, flagged)."""
    import shutil

    shutil.copytree(FIXTURES / "repo" / "datapackages", root)
    example, real = root / "prefectures/20-nagano/b-fixture-example", root / B_PLAN
    for table in EXAMPLE_TABLES:
        shutil.copyfile(real / f"{table}.csv", example / f"{table}.csv")
    edit_plan(
        example,
        lambda d: d["resources"].extend(
            {"name": table, "path": f"{table}.csv", "schema": f"../../../schemas/{table}.schema.yaml"}
            for table in EXAMPLE_TABLES
        ),
    )
    outline = root / "blocks/kyushu/a-fixture-example"
    shutil.copytree(root / A_PLAN, outline)
    edit_plan(
        outline,
        lambda d: d["plan"].update(
            id="a-fixture-example", example=True, title="【記載例】九州テスト計画（架空）"
        ),
    )
    return root


@pytest.fixture(scope="module", params=sorted(ROOTS))
def built(request):
    """Each root's build: the repository's data as the shared build has it (conftest.py), the fixture with an
    example row in every table (fixture_built, below)."""
    if request.param == "repository":
        return paths.DATAPACKAGES, request.getfixturevalue("repository_site")
    return request.getfixturevalue("fixture_built")


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
                rows.append(
                    [plan.id, examples]
                    + [typed(row[f["name"]], f.get("type", "string")) for f in schema["fields"]]
                    + [plan.meta["updated_on"]]
                )
    return rows


def field_types(resource):
    return (
        ["string", "boolean"]
        + [f.get("type", "string") for f in load.load_shared_schemas()[resource]["fields"]]
        + ["date"]
    )


def from_csv(path, resource):
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    names = (
        ["plan_id", "example"]
        + [f["name"] for f in load.load_shared_schemas()[resource]["fields"]]
        + ["plan_updated_on"]
    )
    assert records[0] == names  # every public field, in order, and the plan's date
    return [[typed(v, t) for v, t in zip(record, field_types(resource))] for record in records[1:]]


def from_json(path, resource):
    data = json.loads(path.read_text(encoding="utf-8"))
    names = [f["name"] for f in load.load_shared_schemas()[resource]["fields"]]
    return [
        [entry["plan"]["id"], entry["plan"]["example"]]
        + [row[n] for n in names]
        + [entry["plan"]["updated_on"]]
        for entry in data["plans"]
        for row in entry["resources"].get(resource, [])
    ]


@functools.cache
def workbook_rows(path) -> dict[str, list[tuple]]:
    """Every sheet's rows of a workbook, read once for the module (each test reads one sheet)."""
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in load_workbook(path).worksheets}


def from_xlsx(path, resource):
    values = workbook_rows(path)[resource]
    titles = (
        ["計画ID", "記載例"]
        + [f["title"] for f in load.load_shared_schemas()[resource]["fields"]]
        + ["計画の更新日"]
    )
    assert list(values[0]) == titles
    return [list(row) for row in values[1:]]


def from_sqlite(path, resource):
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(f'SELECT * FROM "{resource}" ORDER BY rowid').fetchall()
    finally:
        connection.close()
    return [[bool(v) if i == 1 else v for i, v in enumerate(row)] for row in rows]


def agreed_rows(folder, workbook: str, resource, *, database: str | None = None) -> list:
    """The rows of one table as every format of a folder holds them, after checking that the formats agree."""
    found = [
        from_csv(folder / f"{resource}.csv", resource),
        from_json(folder / "plans.json", resource),
        from_xlsx(folder / workbook, resource),
    ] + ([from_sqlite(folder / database, resource)] if database else [])
    assert all(rows == found[0] for rows in found), resource
    return found[0]


def national_rows(site, resource) -> list:
    national = site / "data" / "national"
    return agreed_rows(national, "chiiki-mirai-plans.xlsx", resource, database="chiiki-mirai.sqlite")


def example_rows(site, resource) -> list:
    return agreed_rows(site / "data" / "examples", "chiiki-mirai-examples.xlsx", resource)


# The repository's own data: its real plans are the state's outlines, whose sources state no table rows yet
# (nothing is invented), so its real rows are compared where they exist, and otherwise the national files must
# hold the header and nothing else (no example row ever reaches them).
REPOSITORY_REAL = [r for r in PLAN_RESOURCES if expected(paths.DATAPACKAGES, r, examples=False)]
REPOSITORY_EXAMPLES = [r for r in PLAN_RESOURCES if expected(paths.DATAPACKAGES, r, examples=True)]


@pytest.fixture(scope="module")
def fixture_built(tmp_path_factory):
    """The fixture with an example row in every table, built here (no search index: nothing here searches)."""
    from build_scripts.build import build

    root = with_an_example_row_in_every_table(tmp_path_factory.mktemp("lossless") / "datapackages")
    assert build(root.parent / "site", root=root, quiet=True, search=False) == 0
    return root, root.parent / "site"


@pytest.mark.parametrize("resource", PLAN_RESOURCES)
def test_national_files_equal_the_source_rows(fixture_built, resource):
    root, site = fixture_built
    want = expected(root, resource, examples=False)
    assert want, f"the fixture has real rows in {resource}"
    assert national_rows(site, resource) == want


@pytest.mark.parametrize("resource", PLAN_RESOURCES)
def test_example_files_equal_the_example_rows(fixture_built, resource):
    root, site = fixture_built
    want = expected(root, resource, examples=True)
    assert want, f"the fixture has example rows in {resource}"
    assert example_rows(site, resource) == want


@pytest.mark.parametrize("resource", REPOSITORY_REAL or ["(none yet)"])
def test_the_repositorys_real_rows_reach_the_national_files(repository_site, resource):
    if resource == "(none yet)":  # no real plan has table rows: every national table is its header alone
        assert all(national_rows(repository_site, r) == [] for r in PLAN_RESOURCES)
        return
    assert national_rows(repository_site, resource) == expected(paths.DATAPACKAGES, resource, examples=False)


@pytest.mark.parametrize("resource", REPOSITORY_EXAMPLES)
def test_the_repositorys_example_rows_reach_the_example_files(repository_site, resource):
    want = expected(paths.DATAPACKAGES, resource, examples=True)
    assert want and example_rows(repository_site, resource) == want


def test_per_plan_files_equal_the_source_rows(built):
    root, site = built
    compared = 0
    for plan in plans_of(root):
        if not plan.is_public:
            continue
        folder = site / "data" / "plans" / plan.id
        for resource in plan.tables:
            want = [row for row in expected(root, resource, plan.is_example) if row[0] == plan.id]
            assert from_csv(folder / f"{resource}.csv", resource) == want
            assert from_xlsx(folder / f"{plan.id}.xlsx", resource) == want
            compared += len(want)
    assert compared > 10  # real rows were compared, not an empty list


def test_database_holds_the_reference_tables_too(built):
    _, site = built
    connection = sqlite3.connect(site / "data" / "national" / "chiiki-mirai.sqlite")
    try:
        assert connection.execute("SELECT count(*) FROM municipalities").fetchone() == (1741,)
        assert connection.execute("SELECT name FROM prefectures WHERE prefecture_code = '01'").fetchone() == (
            "北海道",
        )
    finally:
        connection.close()


def test_sources_table_holds_every_source_of_every_plan(built):
    """The national files carry where each record comes from: one row per source, in the CSV, xlsx and SQLite."""
    root, site = built
    national = site / "data" / "national"
    want = [
        [plan.id, False, number, source["title"]]
        + [source.get(key) or None for key in ("publisher", "date", "url", "note")]
        + [plan.meta["updated_on"]]
        for plan in plans_of(root)
        if plan.is_public and not plan.is_example
        for number, source in enumerate(plan.meta["sources"], start=1)
    ]
    assert want, "the data has sources"
    with sqlite3.connect(national / "chiiki-mirai.sqlite") as connection:
        assert [
            [bool(v) if i == 1 else v for i, v in enumerate(row)]
            for row in connection.execute("SELECT * FROM sources ORDER BY rowid")
        ] == want
    sheet = workbook_rows(national / "chiiki-mirai-plans.xlsx")["sources"]
    assert sheet[0][:4] == ("計画ID", "記載例", "出典番号", "資料名") and [list(r) for r in sheet[1:]] == want
    records = list(
        csv.DictReader(io.StringIO((national / "sources.csv").read_text(encoding="utf-8"), newline=""))
    )
    assert [r["title"] for r in records] == [row[3] for row in want]


def test_database_links_plans_to_areas_and_fields_with_foreign_keys(built):
    root, site = built
    real = [p for p in plans_of(root) if p.is_public and not p.is_example]
    with sqlite3.connect(site / "data" / "national" / "chiiki-mirai.sqlite") as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        pairs = set(connection.execute("SELECT plan_id, prefecture_code FROM plan_prefectures"))
        assert pairs == {(p.id, code) for p in real for code in p.meta["area"].get("prefectures") or []}
        municipalities = set(connection.execute("SELECT plan_id, municipality_code FROM plan_municipalities"))
        assert municipalities == {
            (p.id, code) for p in real for code in p.meta["area"].get("municipalities") or []
        }
        assert connection.execute("SELECT count(*) FROM plan_fields").fetchone()[0] >= len(real)
        declared = {
            (table, row[3], row[2])
            for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')
        }
    assert ("companies", "plan_id", "plans") in declared and (
        "companies",
        "municipality_code",
        "municipalities",
    ) in declared
    assert ("plan_fields", "field_number", "strategic_fields") in declared
    assert ("municipalities", "prefecture_code", "prefectures") in declared


def test_every_data_package_names_its_licence_and_sources(built):
    _, site = built
    packages = sorted((site / "data").rglob("datapackage.json"))
    assert len(packages) > 3
    for path in packages:
        package = json.loads(path.read_text(encoding="utf-8"))
        assert package["licenses"] == [
            {
                "name": "PDL-1.0",
                "title": "公共データ利用規約（第1.0版）",
                "path": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
            }
        ], path
        assert package["sources"] and all(source["title"] for source in package["sources"]), path
