"""Search in chromium as a reader types it: every short substring of a page's text finds the page (Pagefind 1.6's
own bigrams), readings and variant characters find the words the pages write, a number that is not a 法人番号
searches the pages, the companies' industries and roles are words of their plan, the status line says what was
found, and the filters are ordered as the rest of the site orders them."""

import random
import re

import pytest
from bs4 import BeautifulSoup

from build_scripts import load, urls
from build_scripts.site.search_index import filter_order

JAPANESE = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
SAMPLES = 80


def indexed_texts(site) -> dict[str, str]:
    """Each indexed Japanese page's text as Pagefind reads it (its body, less what is marked data-pagefind-ignore);
    the English and easy trees have their own indexes, which the Japanese search page does not read."""
    texts = {}
    for path in site.rglob("index.html"):
        if urls.language_of(path.parent.relative_to(site).as_posix() + "/") != "ja":
            continue
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
            "[data-pagefind-body]"
        )
        if body is None:
            continue
        for ignored in body.select("[data-pagefind-ignore]"):
            ignored.decompose()
        where = path.relative_to(site).parent.as_posix()
        texts["/" if where == "." else f"/{where}/"] = body.get_text(" ")
    return texts


def substrings(texts: dict[str, str], count: int, seed: int) -> list[tuple[str, str]]:
    """count (substring, page) pairs: 2–4 characters of a run of Japanese text of the page, chosen at random."""
    chooser, pairs = random.Random(seed), []
    pages = sorted(url for url, text in texts.items() if JAPANESE.search(text))
    while len(pairs) < count:
        url = chooser.choice(pages)
        run = chooser.choice(JAPANESE.findall(texts[url]))
        length = chooser.randint(2, min(4, len(run)))
        start = chooser.randint(0, len(run) - length)
        pairs.append((run[start : start + length], url))
    return pairs


@pytest.fixture(scope="module")
def search_tab(browser, repository_url):
    page = browser.new_page()
    page.goto(repository_url + "search/")
    page.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    yield page
    page.close()


def found(tab, query: str) -> list[str]:
    """Every page the search page shows for the query (all of them, through its own code), as URLs."""
    return tab.evaluate("(q) => document.getElementById('chiiki-search').chiikiFind(q)", query)


def test_every_short_substring_of_a_page_finds_it(search_tab, repository_site):
    pairs = substrings(indexed_texts(repository_site), SAMPLES, seed=2026)
    answers = search_tab.evaluate(
        "async (pairs) => { const find = document.getElementById('chiiki-search').chiikiFind;"
        " const out = []; for (const [q] of pairs) out.push(await find(q)); return out; }",
        pairs,
    )
    missed = [(query, url) for (query, url), urls in zip(pairs, answers) if url not in urls]
    assert missed == [], f"recall {1 - len(missed) / SAMPLES:.2f}"


@pytest.mark.parametrize(
    "query,page",
    [
        ("はんどうたい", "/plans/a-kyushu-outline/"),  # a reading, in hiragana
        ("ハンドウタイ", "/plans/a-kyushu-outline/"),  # and in katakana
        ("国土強靭化", "/plans/a-kyushu-outline/"),  # 靭 for the page's 靱
        ("ようじょうふうりょく", "/plans/a-hokkaido-outline/"),  # two words read as one
        ("ﾐｽﾞﾋｷ", "/plans/c-example-iida-mizuhiki/"),  # half-width katakana for 水引's reading
    ],
)
def test_readings_and_variant_characters_find_the_words_of_the_pages(search_tab, query, page):
    assert page in found(search_tab, query)


def typed(tab, query: str) -> str:
    tab.evaluate("document.querySelector('.search-status').textContent = ''")
    tab.fill("#search-query", "")
    tab.type("#search-query", query)
    tab.press("#search-query", "Enter")
    tab.wait_for_function("document.querySelector('.search-status').textContent !== ''")
    return tab.inner_text(".search-status")


def test_a_number_that_is_not_a_corporate_number_searches_the_pages(search_tab):
    status = typed(search_tab, "2030")
    assert status.endswith("件") or "（続きがあります）" in status, status
    assert search_tab.query_selector_all(".search-result")
    assert search_tab.is_hidden(".search-companies")


def test_the_filters_are_in_the_sites_order(search_tab):
    order = filter_order(load.load_reference())
    for name in ("都道府県", "戦略分野", "種類"):
        values = search_tab.eval_on_selector_all(
            f"select[data-chiiki-filter='{name}'] option", "(options) => options.slice(1).map((o) => o.value)"
        )
        assert values and values == [v for v in order[name] if v in values], name


def test_industries_and_roles_of_companies_find_their_plan(browser, fixture_url):
    page = browser.new_page()
    page.goto(fixture_url + "search/")
    page.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    assert "/plans/b-fixture-tokyo/" in found(page, "精密加工")
    assert "/plans/b-fixture-tokyo/" in found(page, "サプライヤー")
    page.close()


def test_a_company_found_and_no_page_says_both(browser, fixture_url):
    page = browser.new_page()
    page.goto(fixture_url + "search/")
    page.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    assert found(page, "テスト電機") == []  # only in the company table, which the lookup answers
    status = typed(page, "テスト電機")
    assert "重点支援企業の照会の結果は上に示しています" in status
    assert "テスト電機株式会社" in page.inner_text(".search-companies")
    page.close()
