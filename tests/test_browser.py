"""In Debian's chromium: Japanese search, the company lookup and the faceted lists, as a reader uses them."""

import pytest
from browser import PageWatch

from build_scripts.downloads.lookup import normalise_name


def open_page(browser, url):
    page = browser.new_page()
    watch = PageWatch(page)
    page.goto(url)
    return page, watch


def search(page, query):
    page.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    page.evaluate("document.querySelector('.search-status').textContent = ''")
    page.fill("#search-query", query)
    page.press("#search-query", "Enter")
    page.wait_for_function("document.querySelector('.search-status').textContent !== ''")
    return [a.get_attribute("href") for a in page.query_selector_all(".search-result a")]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("半導体", "plans/a-kyushu-outline/"),
        ("洋上風力", "plans/a-hokkaido-outline/"),
        ("国土強靱化", "plans/a-kyushu-outline/"),
        ("万博レガシー", "plans/a-kinki-outline/"),
        ("水引", "plans/c-example-iida-mizuhiki/"),
    ],
)
def test_japanese_queries_find_the_plans_that_contain_them(browser, repository_url, query, expected):
    page, watch = open_page(browser, repository_url + "search/")
    hrefs = search(page, query)
    assert any(h.endswith(expected) for h in hrefs), (query, hrefs)
    assert watch.errors == []
    assert watch.hosts == {repository_url.split("/")[2]}


def test_results_show_kind_prefecture_status_and_example_label(browser, repository_url):
    page, _ = open_page(browser, repository_url + "search/")
    search(page, "水引")
    badges = page.inner_text(".search-result")
    assert (
        "C. 地場産業成長プラン" in badges
        and "長野県" in badges
        and "策定・公表済" in badges
        and "記載例（架空）" in badges
    )


def test_filters_narrow_the_results(browser, repository_url):
    page, _ = open_page(browser, repository_url + "search/")
    everything = search(page, "半導体")
    before = page.inner_text(".search-status")
    page.select_option("select[data-chiiki-filter='ブロック']", "九州")
    page.wait_for_function(  # the search has run again with the filter (it empties the status first)
        "(before) => { const t = document.querySelector('.search-status').textContent; return t && t !== before; }",
        arg=before,
    )
    narrowed = [a.get_attribute("href") for a in page.query_selector_all(".search-result a")]
    assert narrowed and len(narrowed) < len(everything)
    assert all("kyushu" in h for h in narrowed)


def test_a_value_only_in_a_draft_finds_nothing(browser, fixture_url):
    page, _ = open_page(browser, fixture_url + "search/")
    assert search(page, "DRAFTMARKER7F3A") == []
    assert page.inner_text(".search-status") == "「DRAFTMARKER7F3A」を含むページは見つかりませんでした。"


def lookup(page, query):
    page.wait_for_selector("#chiiki-lookup:not([hidden])")
    page.evaluate("document.querySelector('.lookup-status').textContent = ''")
    page.fill("#lookup-query", query)
    page.press("#lookup-query", "Enter")
    page.wait_for_function("document.querySelector('.lookup-status').textContent !== ''")
    return page.inner_text(".lookup-status"), [
        e.get_attribute("data-number") for e in page.query_selector_all(".lookup-result")
    ]


NUMBER = "7999900000101"  # テスト精密株式会社 of the fixture B plan


@pytest.mark.parametrize(
    "query", [NUMBER, "7-9999-0000-0101", "７９９９９０００００１０１", " 7999 9000 00101 "]
)
def test_lookup_by_corporate_number_plain_hyphenated_full_width(browser, fixture_url, query):
    page, watch = open_page(browser, fixture_url + "lookup/")
    status, numbers = lookup(page, query)
    assert numbers == [NUMBER], status
    link = page.query_selector(".lookup-result a")
    assert link.inner_text() == "東京テスト地域産業クラスター計画"
    assert link.get_attribute("href").endswith(f"plans/b-fixture-tokyo/#company-{NUMBER}")
    assert watch.errors == []


def test_lookup_by_partial_name_ignores_legal_form_and_width(browser, fixture_url):
    page, _ = open_page(browser, fixture_url + "lookup/")
    status, numbers = lookup(page, "ﾃｽﾄ精密")
    assert numbers == [NUMBER]
    status, numbers = lookup(page, "株式会社テスト")
    assert len(numbers) == 4 and "4 社" in status  # three real names and the example


@pytest.mark.parametrize("query", ["𠮷田", "𠮷田テスト光学", "田テ"])
def test_lookup_finds_names_with_characters_beyond_the_basic_plane(browser, fixture_url, query):
    page, _ = open_page(browser, fixture_url + "lookup/")
    status, numbers = lookup(page, query)  # 𠮷 (U+20BB7) is two UTF-16 units in the browser, one character
    assert numbers == ["5999900000103"], status


def test_lookup_labels_examples(browser, fixture_url):
    page, _ = open_page(browser, fixture_url + "lookup/")
    lookup(page, "架空テスト")
    assert "記載例（架空）" in page.inner_text(".lookup-results")


def test_lookup_wrong_check_digit_and_unknown_company(browser, fixture_url):
    page, _ = open_page(browser, fixture_url + "lookup/")
    status, numbers = lookup(page, "7010401067252")
    assert numbers == [] and "チェックディジット" in status
    status, numbers = lookup(page, "9999900009999")  # valid, fictional, listed nowhere
    assert numbers == [] and "どの一覧にもありません" in status
    status, numbers = lookup(page, "存在しない会社")
    assert numbers == [] and "見つかりませんでした" in status


def test_lookup_by_number_fetches_little(browser, fixture_url):
    page = browser.new_page()
    sizes = []
    page.on("response", lambda r: "/data/lookup/" in r.url and sizes.append(len(r.body())))
    page.goto(fixture_url + "lookup/")
    lookup(page, NUMBER)
    assert len(sizes) == 2 and sum(sizes) < 50_000  # meta.json and one number shard


def test_browser_and_python_normalise_names_alike(browser, fixture_url):
    page, _ = open_page(browser, fixture_url + "lookup/")
    page.wait_for_selector("#chiiki-lookup:not([hidden])")
    names = [
        "株式会社テスト精密",
        "㈱ﾃｽﾄ　精密",
        "（株）テスト・精密",
        "架空精密株式会社（記載例）",
        "ＡＢＣ工業 有限会社",
        "スーパー・マーケット合同会社",
        "一般社団法人　長野県ｿﾌﾄｳｪｱ協会",
        "髙島屋",
    ]
    in_browser = page.evaluate("names => names.map(n => window.chiikiLookup.normaliseName(n))", names)
    assert in_browser == [normalise_name(n) for n in names]


def test_facets_filter_rows_without_reloading(browser, fixture_url):
    page, watch = open_page(browser, fixture_url + "plans/")
    rows = "#all-plans tbody tr:not([hidden])"
    assert len(page.query_selector_all(rows)) == 5
    page.select_option("select[data-chiiki-facet='kind']", "B")
    assert len(page.query_selector_all(rows)) == 2
    page.select_option("select[data-chiiki-facet='prefecture']", "13")
    assert [r.inner_text().split("\t")[0] for r in page.query_selector_all(rows)] == [
        "東京テスト地域産業クラスター計画"
    ]
    assert page.inner_text(".facet-count") == "1 / 5 件"
    assert watch.errors == []


def test_company_lists_by_prefecture_with_an_industry_facet(browser, fixture_url):
    page, _ = open_page(browser, fixture_url + "companies/")
    assert [a.inner_text() for a in page.query_selector_all("table.company-prefectures a")] == [
        "東京都",
        "長野県",
    ]
    page.click("text=東京都")
    rows = "#all-companies tbody tr:not([hidden])"
    assert len(page.query_selector_all(rows)) == 3
    page.select_option("select[data-chiiki-facet='industry']", "精密加工")
    assert [r.query_selector("code").inner_text() for r in page.query_selector_all(rows)] == [NUMBER]
    page.select_option("select[data-chiiki-facet='industry']", "")
    assert len(page.query_selector_all(rows)) == 3


def test_the_downloads_snippet_names_the_files_by_their_absolute_address(browser, fixture_url):
    """Built without the site's address, the page still shows code that runs when pasted elsewhere."""
    page, watch = open_page(browser, fixture_url + "downloads/")
    code = page.inner_text("pre.snippet code")
    assert f'BASE = "{fixture_url}data/national/"' in code
    assert watch.errors == []


def searched_as_of(site) -> str:
    """The data's date the lookup must name: the release the build published."""
    import json

    return json.loads((site / "data/releases.json").read_text(encoding="utf-8"))["releases"][0]["date"]


def test_a_negative_answer_names_the_lists_searched_and_as_of_when(browser, fixture_url, fixture_site):
    page, _ = open_page(browser, fixture_url + "lookup/")
    status, numbers = lookup(page, "9999900009999")  # valid, fictional, on no list
    assert numbers == []
    assert "どの一覧にもありません" in status
    assert f"公開されている 1 件の計画の重点支援企業一覧（{searched_as_of(fixture_site)} 時点）" in status


def test_with_no_list_published_a_negative_answer_says_it_proves_nothing(
    browser, repository_url, repository_site
):
    import csv

    from build_scripts import load, paths

    real_lists = [
        plan
        for plan in load.discover(paths.DATAPACKAGES)
        if (plan / "companies.csv").is_file()
        and "example: true" not in (plan / "datapackage.yaml").read_text(encoding="utf-8")
        and len(list(csv.reader((plan / "companies.csv").open(encoding="utf-8")))) > 1
    ]
    page, _ = open_page(browser, repository_url + "lookup/")
    status, numbers = lookup(page, "9999900009999")
    assert numbers == []
    if real_lists:  # once a government publishes a list, the answer counts it
        assert f"公開されている {len(real_lists)} 件の計画" in status
    else:
        assert "重点支援企業一覧を公開した計画はまだありません" in status
        assert f"（{searched_as_of(repository_site)} 時点）" in status and "確認にはなりません" in status


def test_a_hit_shows_where_the_company_is_its_industry_and_role(browser, fixture_url):
    page, _ = open_page(browser, fixture_url + "lookup/")
    status, numbers = lookup(page, NUMBER)
    assert numbers == [NUMBER] and "見つかりました" in status
    # the fixture's companies.csv: 7999900000101,テスト精密株式会社,131016,精密加工,中核企業
    assert (
        page.inner_text(".lookup-result .lookup-listing")
        == "所在地：東京都 千代田区・業種：精密加工・役割：中核企業"
    )


def test_a_dropped_connection_says_so_and_the_retry_button_answers(browser, fixture_url):
    page, watch = open_page(browser, fixture_url + "lookup/")
    page.route("**/data/lookup/**", lambda route: route.abort("internetdisconnected"))
    status, numbers = lookup(page, NUMBER)
    assert numbers == [] and "読み込めませんでした" in status
    page.unroute("**/data/lookup/**")
    box = page.locator(".lookup-retry").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the real pointer
    page.wait_for_selector(f'.lookup-result[data-number="{NUMBER}"]')
    assert "見つかりました" in page.inner_text(".lookup-status")
    assert not [error for error in watch.errors if "Failed to fetch" in error and "Uncaught" in error]
