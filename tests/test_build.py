"""Build the fixture repository once and assert on what a reader and a researcher get."""

import csv
import io
import json
import re
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import B_PLAN, FIXTURES, copy_of_site, read_rows, readable, set_cell
from frictionless import Package
from openpyxl import load_workbook

from build_scripts import urls
from build_scripts.build import build

REPO = FIXTURES / "repo" / "datapackages"


@pytest.fixture(scope="module")
def site(fixture_site) -> Path:
    return fixture_site


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, page_url: str, href: str) -> Path:
    return (site / page_url / href).resolve()


def csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_every_public_plan_has_a_page_and_the_draft_none(site):
    assert {p.name for p in (site / "plans").iterdir() if p.is_dir()} == {
        "a-fixture-kyushu",
        "b-fixture-tokyo",
        "c-fixture-chiyoda",
        "c-fixture-withdrawn",
        "b-fixture-example",
    }


def test_plan_page_shows_title_status_and_companies_table(site):
    soup = page(site, "plans/b-fixture-tokyo")
    assert soup.title.string.startswith("東京テスト地域産業クラスター計画")
    assert "策定・公表済" in soup.select_one(".badges").get_text()
    rows = soup.select("table.companies tbody tr")
    source = read_rows(REPO / B_PLAN / "companies.csv")[1:]
    assert [r.select("td")[0].get_text() for r in rows] == [s[0] for s in source]
    assert [r.select("td")[1].get_text() for r in rows] == [s[1] for s in source]
    assert rows[0]["id"] == f"company-{source[0][0]}"
    assert rows[0].select("td")[2].get_text() == "東京都 千代田区"


def test_kpi_table_shows_latest_actual_and_progress_rate(site):
    soup = page(site, "plans/b-fixture-tokyo")
    sales = soup.select_one("table.kpis tr#kpi-sales").select("td")
    assert sales[4].get_text() == "125（2026-09-30）"
    assert sales[5].get_text() == "25%"  # (125 − 100) / (200 − 100)
    jobs = soup.select_one("table.kpis tr#kpi-jobs").select("td")
    assert jobs[4].get_text() == "報告なし"


def test_plan_download_links_resolve_to_files_with_the_source_rows(site):
    soup = page(site, "plans/b-fixture-tokyo")
    links = [a["href"] for a in soup.select("ul.downloads a")]
    assert (
        len(links) == 7 * 2 + 4
    )  # plan.csv and six tables (CSV, Excel CSV), JSON, xlsx, datapackage.json, zip
    for href in links:
        assert resolve(site, "plans/b-fixture-tokyo", href).is_file(), href
    companies = resolve(site, "plans/b-fixture-tokyo", next(h for h in links if h.endswith("companies.csv")))
    source = read_rows(REPO / B_PLAN / "companies.csv")
    downloaded = csv_rows(companies)
    assert [[row[c] for c in source[0]] for row in downloaded] == source[1:]
    assert {row["plan_id"] for row in downloaded} == {"b-fixture-tokyo"}
    assert {row["example"] for row in downloaded} == {"false"}


def test_plan_zip_is_the_whole_package_and_frictionless_reads_it(site, tmp_path):
    with zipfile.ZipFile(site / "data/plans/b-fixture-tokyo/b-fixture-tokyo.zip") as archive:
        names = sorted(archive.namelist())
        archive.extractall(tmp_path)
    assert names == sorted(
        f"b-fixture-tokyo/{n}"
        for n in [
            "datapackage.json",
            "plan.csv",
            "companies.csv",
            "investments.csv",
            "measures.csv",
            "kpis.csv",
            "progress.csv",
            "revisions.csv",
        ]
    )
    assert Package(str(tmp_path / "b-fixture-tokyo/datapackage.json")).validate().valid


def test_plan_json_has_typed_values(site):
    data = json.loads((site / "data/plans/b-fixture-tokyo/b-fixture-tokyo.json").read_text(encoding="utf-8"))
    assert data["plan"]["id"] == "b-fixture-tokyo"
    assert data["resources"]["investments"][0]["scale_oku_yen"] == 45.5
    assert data["resources"]["investments"][0]["start_fy"] == 2026
    assert data["resources"]["kpis"][1]["baseline_value"] is None


def test_published_datapackages_validate_with_frictionless(site):
    packages = sorted(site.glob("data/*/datapackage.json")) + sorted(
        site.glob("data/plans/*/datapackage.json")
    )
    assert len(packages) == 2 + 5
    for path in packages:
        report = Package(str(path)).validate()
        assert report.valid, report.flatten(["type", "note"])


def test_national_files_hold_real_plans_only_and_examples_their_own(site):
    national = csv_rows(site / "data/national/companies.csv")
    assert {row["plan_id"] for row in national} == {"b-fixture-tokyo"}
    examples = csv_rows(site / "data/examples/companies.csv")
    assert {(row["plan_id"], row["example"]) for row in examples} == {("b-fixture-example", "true")}
    plans = {row["plan_id"] for row in csv_rows(site / "data/national/plans.csv")}
    assert plans == {"a-fixture-kyushu", "b-fixture-tokyo", "c-fixture-chiyoda", "c-fixture-withdrawn"}


def test_excel_csv_has_bom_and_japanese_headers(site):
    raw = (site / "data/national/companies.excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header[:4] == ["計画ID", "記載例", "法人番号", "企業名"]


def test_downloads_page_links_resolve_and_parse(site):
    soup = page(site, "downloads")
    hrefs = [a["href"] for a in soup.select("article a[download]")]
    assert len(hrefs) >= 17
    for href in hrefs:
        path = resolve(site, "downloads", href)
        assert path.is_file(), href
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx":
            assert load_workbook(path).sheetnames
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                assert f"{path.stem}/datapackage.json" in archive.namelist()
        elif path.suffix == ".sqlite":
            connection = sqlite3.connect(path)
            assert connection.execute("SELECT count(*) FROM plans").fetchone()[0] == 4
            connection.close()
        elif path.suffix == ".parquet":
            import pyarrow.parquet as pq

            assert pq.read_table(path).num_columns
        else:
            assert next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_example_banner_on_every_page_that_shows_an_example(site):
    for url in [
        "plans/b-fixture-example",
        "prefectures/20",
        "plans",
        "kinds/b",
        "blocks/kanto",
        "fields/01",
        "",
    ]:
        assert page(site, url).select_one(".example-banner"), url
    assert page(site, "plans/b-fixture-tokyo").select_one(".example-banner") is None
    assert page(site, "prefectures/13").select_one(".example-banner") is None


def figure_text(shown, what: str) -> str:
    return next(text for text, _ in shown if text.startswith(what))


def test_home_figures_count_real_plans_and_companies_only(site):
    home = page(site, "")
    shown = [
        (li.select_one(".what").get_text(), li.select_one(".figure").get_text())
        for li in home.select(".home-figures li")
    ]

    def figure(what: str) -> str:
        return next(value for text, value in shown if text.startswith(what))

    assert figure("集計の対象の計画") == "3 件"  # A, B, C; neither the withdrawn C nor the example
    assert "A 1・B 1・C 1" in home.select_one(".home-figures").get_text()
    assert "廃止 1 件" in figure_text(shown, "策定・公表済")
    real_companies = {
        row[0] for row in read_rows(FIXTURES / "repo/datapackages" / B_PLAN / "companies.csv")[1:]
    }
    assert figure("重点支援企業") == f"{len(real_companies)} 社"
    assert figure("計画の対象") == "3 / 47"  # 東京, 福岡, 熊本
    latest = home.select("table.plan-list")[0]
    assert latest.select("tr.example-row") == []  # 最近の更新: real plans only
    examples = home.select("table.plan-list")[1]
    assert [a.get_text() for a in examples.select("a")] and all(
        tr.get("class") == ["example-row"] for tr in examples.select("tbody tr")
    )
    assert home.select_one("h1").contents[0] == "地域未来戦略の計画データ"


def test_all_47_prefectures_10_blocks_and_17_fields_have_pages(site):
    assert len([p for p in (site / "prefectures").iterdir() if p.is_dir()]) == 47
    assert len([p for p in (site / "blocks").iterdir() if p.is_dir()]) == 10
    assert len([p for p in (site / "fields").iterdir() if p.is_dir()]) == 17
    assert page(site, "prefectures/01").select_one("p.empty")  # no plan yet, still a page


def test_index_pages_cross_link(site):
    tokyo = page(site, "prefectures/13")
    assert {a.get_text() for a in tokyo.select("table.plan-list a")} >= {"東京テスト地域産業クラスター計画"}
    kanto = [a["href"] for a in tokyo.select(".prefecture-meta a")]
    assert resolve(site, "prefectures/13", kanto[0]) == (site / "blocks/kanto").resolve()
    field = page(site, "fields/01")
    assert "a-fixture-kyushu" in " ".join(a["href"] for a in field.select("table.plan-list a"))
    assert "フィジカルAI(特にAIロボット)" in field.select_one("ul.priority-products").get_text()


def test_withdrawn_plan_keeps_a_page_with_a_notice(site):
    notice = page(site, "plans/c-fixture-withdrawn").select_one(".withdrawn-notice")
    assert "2026-09-01" in notice.get_text() and "統合のため廃止" in notice.get_text()


def test_draft_marker_appears_in_no_output_file(site):
    leaked = [p for p in site.rglob("*") if p.is_file() and b"DRAFTMARKER7F3A" in readable(p.read_bytes())]
    assert leaked == []
    assert not (site / "plans/c-fixture-draft").exists()


def test_set_aside_html_is_put_back_and_its_sidecars_are_not_published(site):
    assert list(site.rglob("*.fragments.json")) == []
    assert [p for p in site.rglob("*.html") if "chiiki-html-fragment-" in p.read_text(encoding="utf-8")] == []
    table = page(site, "plans/b-fixture-tokyo").select_one("article table.companies")
    assert table is not None and table.select("tbody tr")


@pytest.mark.slow
def test_invalid_repository_builds_nothing_and_keeps_the_previous_site(repo, fixture_site, tmp_path, capsys):
    out = copy_of_site(fixture_site, tmp_path / "site")  # an earlier build of the same data
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    set_cell(repo / B_PLAN / "companies.csv", 2, "corporate_number", "7010401067252")
    assert build(out, root=repo, quiet=True) == 1
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert "corporate-number" in capsys.readouterr().err
    assert {p.name for p in tmp_path.iterdir()} == {"site", "datapackages"}  # no temporary folder left


@pytest.mark.slow
def test_two_builds_of_the_same_data_are_byte_identical(fixture_site, tmp_path):
    first, second = fixture_site, tmp_path / "two"  # the shared site was built earlier in the session
    time.sleep(
        1.1
    )  # anything stamped with the clock would now differ, even if the shared site was just built
    assert (
        build(second, root=REPO, quiet=True, search=False) == 0
    )  # the comparison leaves out Pagefind's files

    # Pagefind's filter and metadata indexes are not stable between runs (upstream: Pagefind/pagefind#638,
    # "other files will still change, such as the filter/metadata indexes"); everything else must be.
    def outputs(site):
        return sorted(
            p.relative_to(site)
            for p in site.rglob("*")
            if p.is_file() and "pagefind" not in p.relative_to(site).parts
        )

    files = outputs(first)
    assert files == outputs(second)
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


def test_every_rule_has_a_help_page_that_errors_link_to(site):
    from build_scripts.rules import RULES
    from build_scripts.validate import report

    for rule_id, rule in RULES.items():
        page_soup = page(site, f"rules/{rule_id}")
        assert rule.hint in page_soup.select_one("article").get_text()
        assert (site / report.help_url(rule_id) / "index.html").is_file()
    assert len(page(site, "rules").select("table.rules tbody tr")) == len(RULES)


def test_downloads_page_shows_each_files_size(site):
    """Sizes are filled in after the build from the files themselves (finish.py)."""
    from build_scripts.site.finish import size_text

    soup = page(site, "downloads")
    sizes = soup.select("article span.file-size[data-chiiki-size]")
    assert len(sizes) == len(soup.select("article a[download]")) >= 17
    for span in sizes:
        target = site / span["data-chiiki-size"]
        assert span.get_text() == size_text(target.stat().st_size), span["data-chiiki-size"]
    assert [size_text(n) for n in (512, 12_345, 3_456_789)] == ["512 B", "12.1 KB", "3.3 MB"]


# The contract's code values, which a citizen's page shows in words (labels.py); the data dictionary and the
# rules (schemas/, rules/) are where the codes themselves are explained, and code elements show identifiers.
CODE_VALUES = re.compile(
    r"\b(draft|outline|approved|withdrawn|planned|in_progress|done|revised|stopped|candidate_list|evidence"
    r"|true|false|plan_id|SHA-256)\b"
)


def test_citizens_pages_show_code_values_in_words(site):
    shown = {}
    for path in site.rglob("index.html"):
        where = path.relative_to(site).parent.as_posix()
        if where.split("/")[0] in ("schemas", "rules") or urls.language_of(where + "/") != "ja":
            continue  # the English words for the statuses are the codes' own words (withdrawn)
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        for identifier in article.select("code, pre, script"):
            identifier.decompose()
        words = set(CODE_VALUES.findall(article.get_text(" ")))
        # a plan page's citation names the plan by its id, which is the plan's name in URLs (計画ID: …)
        words -= {"withdrawn"} if where == "plans/c-fixture-withdrawn" else set()
        if words:
            shown[where] = sorted(words)
    assert shown == {}
