"""The national summary tables (pandas) equal the same numbers counted here by hand from the national CSVs;
a group whose plans state no investment figure says 記載なし, never 0; the pages show their group's row."""

import collections
import csv
import io
import shutil
import sqlite3

import pytest
from bs4 import BeautifulSoup
from conftest import A_PLAN, B_PLAN, FIXTURES, set_cell
from openpyxl import load_workbook


@pytest.fixture(scope="module")
def site(fixture_site):
    return fixture_site


def summaries_of(root) -> dict:
    """The summary tables of a data folder, as the build makes them (validated first: it must be valid)."""
    from build_scripts import load
    from build_scripts.derive import derive
    from build_scripts.derive.summaries import summaries
    from build_scripts.validate import validate

    result = validate(root=root)
    assert result.valid, [p.as_dict() for p in result.errors]
    return summaries(derive(result.plans, load.load_reference()))


def fixture_copy(tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(FIXTURES / "repo" / "datapackages", root)
    return root


def table(site, name):
    text = (site / "data" / "national" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def by_key(rows, key):
    return {row[key]: row for row in rows}


def test_prefecture_summary_equals_counts_from_the_national_csvs(site):
    plans = table(site, "plans.csv")
    summary = by_key(table(site, "summaries/prefectures.csv"), "prefecture_code")
    assert len(summary) == 47
    members = collections.defaultdict(set)
    for plan in plans:
        for code in filter(None, plan["prefectures"].split(";")):
            members[code].add(plan["plan_id"])
    live = {p["plan_id"] for p in plans if p["status"] != "withdrawn"}
    companies = collections.defaultdict(set)
    for row in table(site, "companies.csv"):
        if row["plan_id"] in live:
            companies[row["municipality_code"][:2]].add(row["corporate_number"])
    single = {p["plan_id"]: p["prefectures"] for p in plans if ";" not in p["prefectures"]}
    amounts, stating = collections.defaultdict(float), collections.defaultdict(set)
    for row in table(site, "core_projects.csv"):
        if row["investment_scale_oku_yen"]:
            amounts[row["prefecture_code"]] += float(row["investment_scale_oku_yen"])
            stating[row["prefecture_code"]].add(row["plan_id"])
    for row in table(site, "investments.csv"):
        code = row["municipality_code"][:2] or single[row["plan_id"]]
        amounts[code] += float(row["scale_oku_yen"])
        stating[code].add(row["plan_id"])
    kpis = collections.Counter(row["plan_id"] for row in table(site, "kpis.csv"))
    status = by_key(table(site, "progress_status.csv"), "plan_id")
    kinds = {p["plan_id"]: p["kind"] for p in plans}
    for code, row in summary.items():
        ids = members[code]
        assert int(row["plans"]) == len(ids), code
        assert [int(row[f"plans_{k}"]) for k in "abc"] == [sum(kinds[i] == k for i in ids) for k in "ABC"], (
            code
        )
        assert int(row["companies"]) == len(companies[code]), code
        assert row["investment_oku_yen"] == (f"{amounts[code]:g}" if code in amounts else ""), code
        assert int(row["plans_with_investment"]) == len(stating[code]), code
        assert int(row["plans_without_investment"]) == len(ids - stating[code]), code
        assert int(row["kpis"]) == sum(kpis[i] for i in ids), code
        assert int(row["plans_due"]) == sum(status[i]["due"] == "true" for i in ids), code
        assert int(row["plans_overdue"]) == sum(status[i]["overdue"] == "true" for i in ids), code
        assert int(row["plans_on_time"]) == int(row["plans_due"]) - int(row["plans_overdue"]), code
    assert summary["13"]["plans"] == "3" and summary["13"]["investment_oku_yen"] == "45.5"


def test_a_group_that_states_no_figure_is_not_counted_as_zero(site):
    """Fukuoka is in the Kyushu A plan, whose only stated figure is in Kumamoto: 記載なし, never 0."""
    fukuoka = by_key(table(site, "summaries/prefectures.csv"), "prefecture_code")["40"]
    assert (
        fukuoka["plans"] == "1"
        and fukuoka["investment_oku_yen"] == ""
        and fukuoka["plans_without_investment"] == "1"
    )
    page = BeautifulSoup((site / "prefectures/40/index.html").read_text(encoding="utf-8"), "html.parser")
    figures = page.select_one("div.summary dl").get_text(" ", strip=True)
    assert "投資規模 記載なし" in figures and "0億円" not in figures
    tokyo = BeautifulSoup((site / "prefectures/13/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "45.5億円（記載のある計画 1件、記載なし 2件）" in tokyo.select_one("div.summary dl").get_text(
        "", strip=True
    )


def test_kind_summary_totals_match_the_plans_and_examples_are_never_counted(site):
    plans = table(site, "plans.csv")
    summary = by_key(table(site, "summaries/kinds.csv"), "kind")
    assert {k: int(r["plans"]) for k, r in summary.items()} == dict(
        collections.Counter(p["kind"] for p in plans)
    )
    assert sum(int(r["plans"]) for r in summary.values()) == len(plans)  # no example among them
    fields = table(site, "summaries/fields.csv")
    assert [r["field_number"] for r in fields] == [str(n) for n in range(1, 18)]
    blocks = by_key(table(site, "summaries/blocks.csv"), "block_id")
    assert blocks["kyushu"]["investment_oku_yen"] == "1200" and blocks["kanto"]["plans"] == "3"


@pytest.mark.parametrize("name", ["prefectures", "blocks", "fields", "kinds"])
def test_every_summary_is_a_sheet_and_a_table_with_the_same_rows(site, name):
    rows = list(
        csv.reader(
            io.StringIO(
                (site / f"data/national/summaries/{name}.csv").read_text(encoding="utf-8"), newline=""
            )
        )
    )
    national = site / "data" / "national"
    sheet = list(
        load_workbook(national / "chiiki-mirai-plans.xlsx")[f"summary_{name}"].iter_rows(values_only=True)
    )
    assert len(sheet) == len(rows)
    with sqlite3.connect(national / "chiiki-mirai.sqlite") as connection:
        stored = connection.execute(f"SELECT * FROM summary_{name} ORDER BY rowid").fetchall()
    assert [
        ["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in row] for row in stored
    ] == rows[1:]
    page = BeautifulSoup(
        (site / f"schemas/summary_{name}/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [tr["id"].removeprefix("field-") for tr in page.select("table.dictionary tbody tr")] == rows[0]


@pytest.mark.parametrize(
    "url, key", [("prefectures/13", "13"), ("blocks/kanto", "kanto"), ("fields/01", "1"), ("kinds/b", "B")]
)
def test_each_entity_page_shows_its_row_and_links_the_table(site, url, key):
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    box = page.select_one("div.summary")
    assert box is not None, url
    plans = box.select_one("dl").find("dt", string="計画").find_next_sibling("dd").get_text()
    name = {"prefectures": "prefectures", "blocks": "blocks", "fields": "fields", "kinds": "kinds"}[
        url.split("/")[0]
    ]
    row = by_key(table(site, f"summaries/{name}.csv"), next(iter(table(site, f"summaries/{name}.csv")[0])))[
        key
    ]
    assert plans.startswith(f"{row['plans']}件"), (url, plans)
    assert box.select_one(f'a[href$="summaries/{name}.csv"]')


def test_a_country_without_real_plans_gives_zero_counts_and_no_figure():
    """Only examples (as in the synthetic country): every group counts 0 plans and states no figure."""
    from build_scripts import load
    from build_scripts.derive import derive
    from build_scripts.derive.summaries import summaries

    tables = summaries(derive([], load.load_reference()))
    assert [len(tables[name].rows) for name in ("prefectures", "blocks", "fields", "kinds")] == [
        47,
        10,
        17,
        3,
    ]
    for summary in tables.values():
        for row in summary.records:
            assert row["plans"] == "0" and row["investment_oku_yen"] == "" and row["plans_overdue"] == "0"


@pytest.mark.slow
def test_rows_of_a_prefectures_plan_located_elsewhere_change_no_other_prefectures_figures(
    fixture_site, tmp_path
):
    """A B plan reviewed by Tokyo's team alone puts a company and 99,999 億円 in 札幌 through its rows' location:
    Hokkaido's summary row, company page and map stay exactly as before; the rows count in Tokyo."""
    from build_scripts.build import build

    root = fixture_copy(tmp_path)
    with open(root / B_PLAN / "companies.csv", "a", encoding="utf-8") as handle:
        handle.write("6999900000291,テスト北海道株式会社,011002,精密加工,中核企業,evidence\n")
    with open(root / B_PLAN / "investments.csv", "a", encoding="utf-8") as handle:
        handle.write("inv-99,精密加工,011002,99999,2026,2028,札幌での投資\n")
    assert build(tmp_path / "site", root=root, quiet=True, search=False) == 0
    before = by_key(table(fixture_site, "summaries/prefectures.csv"), "prefecture_code")
    after = by_key(table(tmp_path / "site", "summaries/prefectures.csv"), "prefecture_code")
    assert after["01"] == before["01"]
    assert int(after["13"]["companies"]) == int(before["13"]["companies"]) + 1
    assert float(after["13"]["investment_oku_yen"]) == float(before["13"]["investment_oku_yen"]) + 99999
    hokkaido = tmp_path / "site" / "companies" / "01" / "index.html"
    assert not hokkaido.exists() or "テスト北海道株式会社" not in hokkaido.read_text(encoding="utf-8")
    tokyo = (tmp_path / "site" / "companies" / "13" / "index.html").read_text(encoding="utf-8")
    assert "テスト北海道株式会社" in tokyo
    for drawn in ("national.html", "prefectures/01.html"):
        assert "99999億円" not in (tmp_path / "site" / "maps" / drawn).read_text(encoding="utf-8")
    assert "45.5億円" in (tmp_path / "site" / "maps" / "national.html").read_text(encoding="utf-8")


def test_a_field_number_written_twice_or_with_a_zero_counts_once(tmp_path):
    """A core project of 1,200 億円 in fields `1;01;1`: field 1's investment is 1,200 once, never 2,400 or 0."""
    root = fixture_copy(tmp_path)
    before = summaries_of(root)["fields"].rows[0]  # field 1, the first of the seventeen
    set_cell(root / A_PLAN / "core_projects.csv", 2, "field_numbers", "1;01;1")
    assert summaries_of(root)["fields"].rows[0] == before


@pytest.mark.parametrize(
    "scale,expected",
    [
        ("0.0000004", "45.5000004"),
        ("123456789012.345", "123456789057.845"),
        ("99999999999999", "100000000000044.5"),
    ],
)
def test_stated_figures_keep_every_digit_they_were_written_with(tmp_path, scale, expected):
    """The B fixture plan states 45.5 億円 in 東京都; a second figure is added with many digits."""
    root = fixture_copy(tmp_path)
    with open(root / B_PLAN / "investments.csv", "a", encoding="utf-8") as handle:
        handle.write(f"inv-09,精密加工,131016,{scale},2026,2028,桁の多い数字\n")
    summary = summaries_of(root)["prefectures"]
    column = [f["name"] for f in summary.fields].index("investment_oku_yen")
    [tokyo] = [row for row in summary.rows if row[0] == "13"]
    assert tokyo[column] == expected
