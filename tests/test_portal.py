"""The site as citizens use it: navigation, footer and metadata (parsed HTML), companies and their official
records, and in Debian's chromium at 390 px and 1280 px: nothing scrolls sideways, controls are big enough to
tap, search finds exactly the pages that contain the words, and deep links restore what was asked."""

import functools
import gzip
import re
import unicodedata
from xml.etree import ElementTree

import pytest
from browser import PageWatch, goto_ready, served
from bs4 import BeautifulSoup
from conftest import B_PLAN, FIXTURES, read_rows

from build_scripts import settings, urls
from build_scripts.build import build

REPO = FIXTURES / "repo" / "datapackages"
NUMBER = "7999900000101"  # テスト精密株式会社, a company of the fixture's real B plan
REPOSITORY = "https://github.com/example-org/chiiki-data"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture site as published: with its address and its repository known."""
    out = tmp_path_factory.mktemp("portal") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "SITE_URL", "https://example.org/chiiki")
        patch.setattr(settings, "REPOSITORY_URL", REPOSITORY)
        patch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22, as conftest's fixed_today
        assert build(out, root=REPO, quiet=True) == 0
    return out


@pytest.fixture(scope="module")
def url(site):
    with served(site) as address:
        yield address


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- navigation, footer and metadata -------------------------------------------------------------------


def test_tabs_are_for_citizens_and_contributor_pages_sit_in_one_section(site):
    tabs = [a.get_text(strip=True) for a in page(site, "").select(".md-tabs__link")]
    assert tabs == [
        "ホーム",
        "計画",
        "投資マップ",
        "重点支援企業",
        "都道府県",
        "戦略分野",
        "ダウンロード",
        "このサイトについて",
        "データを提供する方へ",
    ]
    rules = page(site, "rules")
    section = [
        a.get_text(strip=True) for a in rules.select(".md-nav--primary .md-nav__item--active .md-nav__link")
    ]
    assert {"提供のしかた", "データ仕様", "検証ルール"} <= set(section)


def test_every_page_has_a_search_box_in_its_header(site):
    for path in ("", "plans/b-fixture-tokyo", "prefectures/13", "rules/type"):
        form = page(site, path).select_one("header form.chiiki-header-search")
        assert form and form["action"].endswith("search/") and form.select_one("input[name=q]"), path


def test_the_footer_names_operator_report_link_licence_attribution_and_date(site):
    footer = page(site, "plans/b-fixture-tokyo").select_one(".chiiki-footer")
    text = footer.get_text(" ", strip=True)
    assert "運営：" in text and "Made with" not in text
    report = footer.find("a", string="誤りを報告")
    assert report["href"] == f"{REPOSITORY}/issues/new?template=data-correction.md"
    licence = footer.select_one("a[rel=license]")
    assert licence.get_text() == "公共データ利用規約（第1.0版）"
    assert licence["href"] == "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
    assert "CC BY 4.0" in text and footer.select_one(".chiiki-footer__attribution").get_text().startswith(
        "出典："
    )
    assert footer.select_one("time")["datetime"] == "2026-11-22"


def test_without_a_repository_or_a_contact_the_footer_and_the_build_say_so(fixture_site):
    """No loop back to a page that sends the reader to the footer: the footer says no route is set."""
    footer = page(fixture_site, "").select_one(".chiiki-footer")
    assert footer.find("a", string="誤りを報告") is None
    assert footer.select_one(".chiiki-footer__no-report").get_text() == "誤りの報告先：未設定"
    assert page(fixture_site, "").select_one('meta[property="og:url"]') is None  # no address, no Open Graph
    from build_scripts import settings

    assert settings.report_warning("", "").startswith("注意：「誤りを報告」の行き先がありません")
    assert settings.report_warning("", "mailto:data@example.jp") == ""
    assert settings.report_warning("https://github.com/o/r/issues/new", "") == ""


def test_the_operators_contact_is_the_report_route_when_the_repository_is_unknown(tmp_path, monkeypatch):
    from build_scripts import paths, settings
    from build_scripts.site import engines

    config = tmp_path / "mkdocs.yml"
    monkeypatch.setattr(paths, "MKDOCS_CONFIG", config)
    config.write_text("extra:\n  contact: mailto:data@example.jp\n", encoding="utf-8")
    monkeypatch.setattr(settings, "REPOSITORY_URL", "")
    assert engines.engine_extra("2026-12-03")["contact"] == "mailto:data@example.jp"
    config.write_text('extra:\n  contact: "javascript:alert(1)"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="extra.contact"):
        settings.contact()


def test_404_page_and_heading_links_speak_japanese(site):
    missing = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert "ページが見つかりません" in missing.select_one("h1").get_text()
    assert "Not found" not in missing.get_text()
    titles = {a["title"] for a in page(site, "plans/b-fixture-tokyo").select("a.headerlink")}
    assert titles == {"この見出しへのリンク"}


def test_each_sitemap_names_every_pages_counterparts_in_the_other_languages(site):
    """hreflang, per page, in the trees' sitemaps (Google reads them there as in <head>): self included."""
    found = {}
    for tree in ("", "en/", "easy/"):
        root = ElementTree.parse(site / tree / "sitemap.xml").getroot()
        for entry in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}url"):
            links = entry.findall("{http://www.w3.org/1999/xhtml}link")
            found[entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")] = {
                link.get("hreflang"): link.get("href") for link in links
            }
    base = "https://example.org/chiiki/"
    assert found[base + "plans/b-fixture-tokyo/"] == {
        "ja": base + "plans/b-fixture-tokyo/",
        "en": base + "en/plans/b-fixture-tokyo/",
    }
    assert found[base + "en/plans/b-fixture-tokyo/"] == found[base + "plans/b-fixture-tokyo/"]
    assert found[base + "easy/reporting/"] == {
        "ja-Hira": base + "easy/reporting/",
        "ja": base + "progress/",
        "en": base + "en/progress/",
    }
    assert found[base + "progress/"]["ja-Hira"] == base + "easy/reporting/"
    with gzip.open(site / "en" / "sitemap.xml.gz") as packed:
        assert packed.read() == (site / "en" / "sitemap.xml").read_bytes()


def test_open_graph_and_canonical_links_use_the_site_address(site):
    plan = page(site, "plans/b-fixture-tokyo")
    assert (
        plan.select_one("link[rel=canonical]")["href"] == "https://example.org/chiiki/plans/b-fixture-tokyo/"
    )
    assert (
        plan.select_one('meta[property="og:url"]')["content"]
        == "https://example.org/chiiki/plans/b-fixture-tokyo/"
    )
    assert plan.select_one('meta[property="og:title"]')["content"] == "東京テスト地域産業クラスター計画"
    assert plan.select_one('meta[property="og:locale"]')["content"] == "ja_JP"


def test_plan_lists_run_north_to_south_then_by_kind(site):
    rows = page(site, "plans").select("#all-plans tbody tr")
    keys = [(min(r["data-facet-prefecture"].split()), r.select("td")[1].get_text()) for r in rows]
    assert keys == sorted(keys) and keys[0][0] == "13" and keys[-1][0] == "40"


# --- companies ----------------------------------------------------------------------------------------


def test_fictional_companies_never_link_official_records(site):
    tokyo = page(site, "companies/13")
    links = {a["href"] for a in tokyo.select("td.company-links a")}
    assert (
        f"https://www.houjin-bangou.nta.go.jp/henkorireki-johoto.html?selHouzinNo={NUMBER}" not in links
    )  # 9999… base
    nagano = page(site, "companies/20")
    assert nagano.select("td.company-links a") == []  # the example plan's companies
    plan = page(site, "plans/b-fixture-example")
    assert plan.select("td.company-links a") == []


def test_a_real_company_of_a_real_plan_gets_both_official_links(tmp_path):
    from build_scripts import urls
    from build_scripts.model import Plan, Table
    from build_scripts.site.views import company_records

    def plan(example: bool) -> Plan:
        rows = [{"corporate_number": number} for number in ("5010001008846", "7999900000101")]
        companies = Table("companies", tmp_path / "companies.csv", ["corporate_number"], rows)
        return Plan(tmp_path, {"plan": {"example": example}}, {}, {"companies": companies})

    real, example = company_records(plan(False)), company_records(plan(True))
    assert real["5010001008846"] == urls.official_records("5010001008846")
    assert example["5010001008846"] == []
    assert real["7999900000101"] == []  # the fictional base
    links = dict(urls.official_records("5010001008846"))
    assert links == {
        "国税庁法人番号公表サイト": "https://www.houjin-bangou.nta.go.jp/henkorireki-johoto.html?selHouzinNo=5010001008846",
        "gBizINFO": "https://info.gbiz.go.jp/hojin/ichiran?hojinBango=5010001008846",
    }


def test_company_lists_are_ordered_by_municipality_then_name(site):
    rows = page(site, "companies/13").select("#all-companies tbody tr")
    expected = sorted(((r[2], r[1]) for r in read_rows(REPO / B_PLAN / "companies.csv")[1:]))
    shown = [(tr.select("td")[2].get_text(), tr.select("td")[1].get_text()) for tr in rows]
    assert [name for _, name in shown] == [name for _, name in expected]


def test_the_company_index_counts_examples_apart_under_a_banner(site):
    index = page(site, "companies")
    assert index.select_one(".example-banner")
    counts = {
        tr.select("td")[0].get_text(): [td.get_text() for td in tr.select("td")[1:]]
        for tr in index.select("table.company-prefectures tbody tr")
    }
    real = len(read_rows(REPO / B_PLAN / "companies.csv")) - 1
    assert (
        counts["東京都"] == [str(real), "0"] and counts["長野県"][0] == "0" and int(counts["長野県"][1]) > 0
    )


# --- in chromium: layout and controls -------------------------------------------------------------------


def phone(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


CONTROLS = """(selector) => Array.from(document.querySelectorAll(selector)).filter((e) => e.offsetParent !== null).map((e) => {
    const style = getComputedStyle(e); const r = e.getBoundingClientRect();
    return [e.tagName + '#' + e.id, r.height, parseFloat(style.fontSize), parseFloat(style.borderTopWidth)]; })"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["", "search/", "lookup/", "plans/"])
def test_inputs_and_buttons_are_big_enough_to_tap_and_visible(browser, url, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=width < 600)
    tab = context.new_page()
    goto_ready(tab, url + path)
    controls = tab.evaluate(
        CONTROLS,
        ".md-main input, .md-main button:not([hidden]), .md-main select, "
        ".chiiki-header-search input, .chiiki-header-search button",
    )
    context.close()
    assert controls, path
    for name, height, font, border in controls:
        assert height >= 44 and font >= 16, (path, name, height, font)
    assert all(border >= 1 for name, _, _, border in controls if name.startswith(("INPUT", "SELECT"))), (
        controls
    )


def test_keyboard_focus_is_visible(browser, url):
    tab = browser.new_page()
    tab.goto(url + "search/")
    tab.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    tab.focus("#search-query")
    widths = [tab.evaluate("getComputedStyle(document.activeElement).outlineWidth")]
    tab.keyboard.press("Tab")  # on to the search button, by keyboard
    assert tab.evaluate("document.activeElement.tagName") == "BUTTON"
    widths.append(tab.evaluate("getComputedStyle(document.activeElement).outlineWidth"))
    tab.close()
    assert widths == ["3px", "3px"]


def test_kpis_on_a_phone_are_cards_with_names_and_legible_charts(browser, url, site):
    context = phone(browser)
    tab = context.new_page()
    goto_ready(tab, url + "plans/b-fixture-tokyo/")
    name = tab.inner_text("table.kpis tbody tr:first-child .kpi-name")
    chart_width = tab.evaluate(
        "document.querySelector('table.kpis img.kpi-chart').getBoundingClientRect().width"
    )
    name_width = tab.evaluate("document.querySelector('table.kpis .kpi-name').getBoundingClientRect().width")
    context.close()
    assert (
        name.startswith("売上高") and chart_width >= 240 and name_width >= 300
    )  # the whole card, not 2 characters
    progress = [
        td.get_text()
        for td in page(site, "plans/b-fixture-tokyo").select(".progress-reports tbody td:nth-child(2)")
    ]
    assert progress and "sales" not in progress and "売上高" in progress


# --- in chromium: search and lookup -----------------------------------------------------------------------


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text if not c.isspace())


@functools.cache
def indexed_texts(site) -> dict[str, str]:
    """Each indexed Japanese page's indexed text, normalised (what Pagefind reads: data-pagefind-body, less
    data-pagefind-ignore), by site path; read once for the module. The English and easy trees have indexes of
    their own (Pagefind keeps one per <html lang>): the Japanese search box does not search them."""
    texts = {}
    for path in site.rglob("index.html"):
        if urls.language_of(path.parent.relative_to(site).as_posix() + "/") != "ja":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("[data-pagefind-body]")
        if body is None:
            continue
        for ignored in body.select("[data-pagefind-ignore]"):
            ignored.decompose()
        texts[path.parent.relative_to(site).as_posix() + "/"] = normalised(body.get_text())
    return texts


def pages_containing(site, word: str) -> set[str]:
    """The indexed pages whose indexed text contains the word, as site paths."""
    return {url for url, text in indexed_texts(site).items() if normalised(word) in text}


STATUS_CHANGED = "(before) => document.querySelector('.search-status').textContent !== before"


def search_all(tab, url, query: str) -> tuple[str, set[str]]:
    tab.goto(url + "search/?q=" + query)
    tab.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    while tab.is_visible(".search-more"):
        before = tab.inner_text(".search-status")
        tab.click(".search-more")
        tab.wait_for_function(STATUS_CHANGED, arg=before)  # the next results are shown and counted
    hrefs = [a.get_attribute("href") for a in tab.query_selector_all(".search-result > a")]
    return tab.inner_text(".search-status"), {h.split("/", 3)[3] for h in hrefs}


# しがく: the page writes it decomposed (か + U+3099, as text from a Mac often is); the query is composed.
@pytest.mark.parametrize("word", ["テスト", "東京", "半導体", "ｔｅｓｔ", "しがく"])
def test_search_finds_exactly_the_pages_that_contain_the_words(browser, url, site, word):
    tab = browser.new_page()
    watch = PageWatch(tab)
    status, found = search_all(tab, url, word)
    tab.close()
    expected = pages_containing(site, word)
    assert found == expected, (word, status)
    assert watch.errors == []


@pytest.mark.parametrize("absent", ["新幹線", "量子コンピュータ", "テスト新幹線"])
def test_a_compound_absent_from_the_site_finds_nothing_and_says_so(browser, url, site, absent):
    assert pages_containing(site, absent) == set()
    tab = browser.new_page()
    status, found = search_all(tab, url, absent)
    suggestions = tab.inner_text(".search-suggestions")
    tab.close()
    assert found == set() and f"「{absent}」を含むページは見つかりませんでした" in status
    assert "計画一覧" in suggestions and "重点支援企業を照会する" in suggestions


def test_a_corporate_number_in_the_search_box_is_answered_by_the_lookup(browser, url):
    tab = browser.new_page()
    tab.goto(url)
    tab.fill("#home-q", f"{NUMBER[:1]}-{NUMBER[1:5]}-{NUMBER[5:9]}-{NUMBER[9:]}")
    tab.press("#home-q", "Enter")
    tab.wait_for_selector(".search-companies:not([hidden])")
    answer = tab.inner_text(".search-companies")
    detail = tab.get_attribute(".search-companies li a", "href")
    assert "テスト精密株式会社" in answer and NUMBER in answer
    assert detail.endswith(f"lookup/?q={NUMBER}")
    tab.goto(detail)
    tab.wait_for_selector(".lookup-result")
    assert tab.get_attribute(".lookup-result", "data-number") == NUMBER
    tab.close()


def test_a_listed_company_name_in_the_search_box_shows_the_company(browser, url):
    tab = browser.new_page()
    tab.goto(url + "search/?q=テスト精密")
    tab.wait_for_selector(".search-companies:not([hidden])")
    assert "テスト精密株式会社" in tab.inner_text(".search-companies")
    tab.close()


def test_deep_links_restore_the_query_and_the_filters(browser, url):
    tab = browser.new_page()
    tab.goto(url + "search/?q=テスト&prefecture=東京都")
    tab.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    assert tab.input_value("#search-query") == "テスト"
    assert tab.input_value("select[data-chiiki-filter='都道府県']") == "東京都"
    results = [a.get_attribute("href") for a in tab.query_selector_all(".search-result > a")]
    assert results and all("kyushu" not in href for href in results)
    tab.select_option("select[data-chiiki-filter='種類']", "B. 地域産業クラスター計画")
    tab.wait_for_function("location.search.includes('kind=')")  # the filter has been taken into the address
    assert "kind=B." in tab.url and "prefecture=" in tab.url and "q=" in tab.url
    tab.close()


def test_the_header_search_box_leads_to_the_results(browser, url):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(url + "prefectures/13/")
    tab.fill("#chiiki-header-q", "半導体")
    tab.press("#chiiki-header-q", "Enter")
    tab.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    assert "q=" in tab.url and tab.input_value("#search-query") == "半導体"
    assert re.match(r"\d+ 件", tab.inner_text(".search-status"))
    tab.close()


def test_search_excerpts_carry_no_pilcrow_or_table_headers(browser, url):
    tab = browser.new_page()
    tab.goto(url + "search/?q=テスト")
    tab.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    excerpts = " ".join(e.inner_text() for e in tab.query_selector_all(".search-excerpt"))
    tab.close()
    assert excerpts and "¶" not in excerpts and "計画名種類状態" not in excerpts


def test_lookup_deep_link_answers_at_once(browser, url):
    tab = browser.new_page()
    tab.goto(url + f"lookup/?q={NUMBER}")
    tab.wait_for_selector(".lookup-result")
    assert tab.input_value("#lookup-query") == NUMBER
    tab.fill("#lookup-query", "テスト電機")
    tab.press("#lookup-query", "Enter")
    tab.wait_for_function("location.search.includes('%E3%83%86')")
    tab.close()


# --- the indexes behind search and lookup ------------------------------------------------------------------


def test_readings_map_kana_to_the_words_of_the_pages_and_the_reference():
    from build_scripts import load
    from build_scripts.site import search_index

    found = search_index.readings(["国土強靭化と半導体の製造拠点。ﾌﾞﾛｯｸ"], load.load_reference())
    assert found["はんどうたい"] == ["半導体"] and found["せいぞうきょてん"] == ["製造拠点"]
    assert found["こくどきょうじんか"] == ["国土強靭化"]  # as the page writes it (search folds 靭 and 靱)
    assert "ちよだく" in found and "千代田区" in found["ちよだく"]  # the reference's own kana
    assert "の" not in found and all(search_index.normalise(r) == r for r in found)


def test_the_filters_are_ordered_as_the_site_orders_them():
    from build_scripts import load
    from build_scripts.site import search_index

    order = search_index.filter_order(load.load_reference())
    assert order["都道府県"][:3] == ["北海道", "青森県", "岩手県"] and order["都道府県"][-1] == "沖縄県"
    assert order["戦略分野"][:2] == ["1. AI・半導体", order["戦略分野"][1]] and order["戦略分野"][
        9
    ].startswith("10. ")
    assert order["種類"][0] == "A. 戦略産業クラスター計画" and "計画案（非公開）" not in order["状態"]


def test_common_bigrams_get_a_file_of_their_own_and_every_shard_exists(monkeypatch):
    from build_scripts.downloads import lookup

    monkeypatch.setattr(lookup, "COMMON", 2)
    records = [{"id": i, "key": key} for i, key in enumerate(["あいう", "あいえ", "あいお", "かき"])]
    files, common = lookup.name_index(records)
    assert common == {"あい": [3, 0]}
    assert files["common/0.json"] == [0, 1, 1]  # ids 0, 1, 2 as gaps
    assert files[f"bigram/{lookup.bigram_shard('かき')}.json"]["かき"] == [3]
    assert len([name for name in files if name.startswith("bigram/")]) == lookup.BIGRAM_SHARDS


def test_plan_json_ld_says_who_where_when_and_which_catalogue(site):
    import json

    import yaml

    plan = page(site, "plans/b-fixture-tokyo")
    document = json.loads(plan.select_one('script[type="application/ld+json"]').string)
    meta = yaml.safe_load((REPO / B_PLAN / "datapackage.yaml").read_text(encoding="utf-8"))["plan"]
    assert document["identifier"] == "b-fixture-tokyo" and document["isAccessibleForFree"] is True
    assert document["creator"] == {"@type": "Organization", "name": meta["author"]}
    assert document["spatialCoverage"] == [{"@type": "Place", "name": "東京都"}]
    period = meta["period"]
    assert document["temporalCoverage"] == f"{period['start_fy']}-04-01/{period['end_fy'] + 1}-03-31"
    assert document["includedInDataCatalog"]["url"] == "https://example.org/chiiki/downloads/"


def test_the_downloads_pages_snippets_read_the_declared_types_and_run_as_pasted(site):
    """pandas with each column's type from the schema (codes stay text, numbers numbers), Parquet (after it),
    and frictionless; run here against the built files, with the page's absolute address swapped for their folder."""
    snippets = [pre.get_text() for pre in page(site, "downloads").select("pre.snippet code")]
    base = 'BASE = "https://example.org/chiiki/data/national/"'
    assert base in snippets[0] and base in snippets[2]
    local = f'BASE = "{site / "data" / "national"}/"'
    with_pandas, with_frictionless = ({}, {})
    exec(snippets[0].replace(base, local), with_pandas)
    typed_companies = with_pandas["companies"]
    exec(snippets[1], with_pandas)  # the Parquet read, with the BASE above
    assert (
        with_pandas["companies"]["corporate_number"].tolist() == typed_companies["corporate_number"].tolist()
    )
    assert str(with_pandas["companies"]["corporate_number"].dtype) in ("string", "str", "object")
    with_pandas["companies"] = typed_companies
    exec(snippets[2].replace(base, local), with_frictionless)
    companies, municipalities = with_pandas["companies"], with_pandas["municipalities"]
    assert str(companies["corporate_number"].dtype) in ("string", "str")
    assert companies.set_index("municipality_code").loc["131016", "municipality_name"].iloc[0] == "千代田区"
    assert municipalities["municipality_code"].iloc[0] == "011002"
    assert str(municipalities["latitude"].dtype) == "Float64"
    assert with_frictionless["report"].valid and len(with_frictionless["companies"]) == len(companies)


@pytest.mark.parametrize("table", ["plans", "companies", "investments", "kpis", "progress"])
def test_the_data_dictionary_speaks_words_and_gives_an_example_for_every_column(site, table):
    rows = page(site, f"schemas/{table}").select("table.dictionary tbody tr")
    cells = [[td.get_text() for td in tr.select("td")] for tr in rows]
    assert [c[0] for c in cells[:2]] == ["plan_id", "example"]
    assert all(c[5] for c in cells), [c[0] for c in cells if not c[5]]  # an example for every column
    assert all(
        c[2]
        in (
            "文字列",
            "整数（半角数字）",
            "数値（半角数字、小数点は .）",
            "日付（YYYY-MM-DD）",
            "真偽値（true / false）",
        )
        for c in cells
    )
    constraints = " ".join(c[3] for c in cells)
    assert "[0-9]" not in constraints and "True" not in constraints and "required" not in constraints


def test_with_the_sites_address_every_feed_link_is_absolute_and_names_a_page(site):
    from test_feeds import page_exists, resolved_links

    links = list(resolved_links(site, "https://example.org/chiiki/"))
    assert (
        links and [url for _, url in links if not page_exists(site, "https://example.org/chiiki/", url)] == []
    )
    assert b"xml:base" not in (site / "feed.xml").read_bytes()  # absolute links need no base
