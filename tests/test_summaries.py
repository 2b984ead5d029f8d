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
    live = {
        p["plan_id"] for p in plans if p["status"] != "withdrawn"
    }  # the one base (examples are not in plans.csv)
    withdrawn = collections.Counter(
        code
        for p in plans
        if p["status"] == "withdrawn"
        for code in filter(None, p["prefectures"].split(";"))
    )
    companies = collections.defaultdict(set)
    for row in table(site, "companies.csv"):
        if row["plan_id"] in live:
            companies[row["municipality_code"][:2]].add(row["corporate_number"])
    single = {p["plan_id"]: p["prefectures"] for p in plans if ";" not in p["prefectures"]}
    amounts, stating = collections.defaultdict(float), collections.defaultdict(set)
    for row in table(site, "core_projects.csv"):
        if row["investment_scale_oku_yen"] and row["plan_id"] in live:
            amounts[row["prefecture_code"]] += float(row["investment_scale_oku_yen"])
            stating[row["prefecture_code"]].add(row["plan_id"])
    for row in (row for row in table(site, "investments.csv") if row["plan_id"] in live):
        code = row["municipality_code"][:2] or single[row["plan_id"]]
        amounts[code] += float(row["scale_oku_yen"])
        stating[code].add(row["plan_id"])
    kpis = collections.Counter(row["plan_id"] for row in table(site, "kpis.csv"))
    status = by_key(table(site, "progress_status.csv"), "plan_id")
    kinds = {p["plan_id"]: p["kind"] for p in plans}
    for code, row in summary.items():
        ids = members[code] & live
        assert int(row["plans"]) == len(ids), code
        assert int(row["withdrawn"]) == withdrawn[code], code
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
    assert summary["13"]["plans"] == "2" and summary["13"]["withdrawn"] == "1"
    assert summary["13"]["investment_oku_yen"] == "45.5"


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
    figures = tokyo.select_one("div.summary dl").get_text("", strip=True)
    assert "45.5億円（記載のある計画 1件、記載なし 1件）" in figures
    assert "2件（A 0・B 1・C 1／素案 0・策定・公表済 2）。ほかに廃止 1件（集計に含めません）" in figures


def test_kind_summary_totals_match_the_plans_and_examples_are_never_counted(site):
    plans = table(site, "plans.csv")
    summary = by_key(table(site, "summaries/kinds.csv"), "kind")
    live = [p for p in plans if p["status"] != "withdrawn"]
    assert {k: int(r["plans"]) for k, r in summary.items()} == dict(
        collections.Counter(p["kind"] for p in live)
    )
    assert sum(int(r["plans"]) for r in summary.values()) == len(live)  # no example among them
    assert sum(int(r["withdrawn"]) for r in summary.values()) == len(plans) - len(live)
    fields = table(site, "summaries/fields.csv")
    assert [r["field_number"] for r in fields] == [str(n) for n in range(1, 18)]
    blocks = by_key(table(site, "summaries/blocks.csv"), "block_id")
    assert blocks["kyushu"]["investment_oku_yen"] == "1200" and blocks["kanto"]["plans"] == "2"


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


@pytest.mark.parametrize("name", ["prefectures", "blocks", "fields", "kinds"])
def test_every_row_adds_up_on_its_one_base(site, name):
    """plans = 素案 + 策定・公表済 = A + B + C = with + without a stated figure: withdrawn plans only in 廃止."""
    for row in table(site, f"summaries/{name}.csv"):
        plans = int(row["plans"])
        assert plans == int(row["outline"]) + int(row["approved"]), row
        assert plans == sum(int(row[f"plans_{k}"]) for k in "abc"), row
        assert plans == int(row["plans_with_investment"]) + int(row["plans_without_investment"]), row


def test_a_withdrawn_plan_is_counted_only_as_withdrawn(tmp_path):
    """The B plan withdrawn: its companies, 45.5 億円 and KPIs leave every total; Tokyo keeps the C plan in force."""
    import yaml

    root = fixture_copy(tmp_path)
    descriptor = root / B_PLAN / "datapackage.yaml"
    meta = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    meta["plan"] |= {
        "status": "withdrawn",
        "withdrawn_on": "2026-10-01",
        "withdrawal_note": "テストのため廃止",
    }
    descriptor.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tables = summaries_of(root)
    tokyo = tables["prefectures"].row("13")
    assert (tokyo["plans"], tokyo["plans_b"], tokyo["withdrawn"]) == ("1", "0", "2")
    assert (tokyo["companies"], tokyo["investment_oku_yen"], tokyo["kpis"]) == (
        "0",
        "",
        "1",
    )  # chiyoda's one KPI
    kind_b = tables["kinds"].row("B")
    assert (kind_b["plans"], kind_b["withdrawn"], kind_b["investment_oku_yen"]) == ("0", "1", "")


def test_fukui_counts_in_both_its_blocks_and_the_pages_say_so(tmp_path, site):
    """A B plan in 福井 (北陸 and 近畿): its company and figure count in both blocks, once in the country."""
    root = fixture_copy(tmp_path)
    fukui = root / "prefectures/18-fukui/b-fixture-fukui"
    shutil.copytree(root / B_PLAN, fukui)
    text = (fukui / "datapackage.yaml").read_text(encoding="utf-8")
    text = text.replace("b-fixture-tokyo", "b-fixture-fukui").replace("東京", "福井").replace("'13'", "'18'")
    (fukui / "datapackage.yaml").write_text(text, encoding="utf-8")
    (fukui / "companies.csv").write_text(
        "corporate_number,name,municipality_code,industry,role,selection_basis\n"
        "9999900000181,テスト福井株式会社,182010,繊維,中核企業,evidence\n",
        encoding="utf-8",
    )
    (fukui / "investments.csv").write_text(
        "investment_id,industry_area,municipality_code,scale_oku_yen,start_fy,end_fy,description\n"
        "inv-01,繊維,182010,20,2026,2028,福井での投資\n",
        encoding="utf-8",
    )
    tables = summaries_of(root)
    blocks, kinds = tables["blocks"], tables["kinds"]
    for block in ("hokuriku", "kinki"):
        assert (blocks.row(block)["companies"], blocks.row(block)["investment_oku_yen"]) == ("1", "20"), block
    national_companies = sum(int(r["companies"]) for r in kinds.records)
    block_companies = sum(int(r["companies"]) for r in blocks.records)
    assert block_companies == national_companies + 1  # 福井's company, once more
    national = sum(float(r["investment_oku_yen"] or 0) for r in kinds.records)
    assert sum(float(r["investment_oku_yen"] or 0) for r in blocks.records) == national + 20
    page = BeautifulSoup((site / "blocks/kinki/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "福井県（北陸・近畿）" in page.select_one("div.summary p.note").get_text()


def test_the_pages_figures_are_the_summary_rows(site):
    """What a reader sees on the home page and each group's page is the downloaded table's row, and the home
    page's kinds add up to its total."""
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    kinds = by_key(table(site, "summaries/kinds.csv"), "kind")
    figures = [li.get_text("", strip=True) for li in home.select("ul.home-figures li")]
    total = sum(int(r["plans"]) for r in kinds.values())
    assert figures[0].startswith(
        f"{total} 件集計の対象の計画（A {kinds['A']['plans']}・B {kinds['B']['plans']}"
    )
    shown = [tr.select("td")[-1].get_text() for tr in home.select("table.kinds tbody tr")]
    assert shown == [kinds[k]["plans"] for k in "ABC"]
    assert "廃止された計画を除いた" in home.select_one("#figures ~ p.note").get_text()
    listing = BeautifulSoup((site / "prefectures/index.html").read_text(encoding="utf-8"), "html.parser")
    prefectures = by_key(table(site, "summaries/prefectures.csv"), "prefecture_code")
    for tr in listing.select("table.prefectures tbody tr"):
        cells = [td.get_text() for td in tr.select("td")]
        row = prefectures[cells[0]]
        assert cells[3:] == [row["plans_a"], row["plans_b"], row["plans_c"]], cells
    for url, name, key in [
        ("prefectures/13", "prefectures", "13"),
        ("blocks/kanto", "blocks", "kanto"),
        ("fields/01", "fields", "1"),
        ("kinds/c", "kinds", "C"),
    ]:
        page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        row = by_key(
            table(site, f"summaries/{name}.csv"), next(iter(table(site, f"summaries/{name}.csv")[0]))
        )[key]
        said = page.select_one("div.summary dl").get_text("", strip=True)
        assert f"重点支援企業{row['companies']}社" in said and f"KPI{row['kpis']}件" in said, url
