"""Follow anything: an Atom feed per plan, prefecture, block and strategic field, read as a feed reader reads
it (feedparser), each linked from its page in <head> and visibly."""

import feedparser
import pytest
from bs4 import BeautifulSoup

from build_scripts import urls


@pytest.fixture(scope="module")
def site(fixture_site):
    return fixture_site


def read(site, url: str):
    parsed = feedparser.parse((site / url).read_bytes())
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return parsed


def test_every_feed_parses_and_names_its_page(site):
    feeds = sorted(p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*.xml"))
    assert len([f for f in feeds if f.startswith("feeds/prefectures/")]) == 47
    assert len([f for f in feeds if f.startswith("feeds/blocks/")]) == 10
    assert len([f for f in feeds if f.startswith("feeds/fields/")]) == 17
    for url in feeds + ["feed.xml"]:
        parsed = read(site, url)
        assert parsed.feed.title.endswith("更新情報") and parsed.feed.link


def test_a_plan_feed_holds_that_plans_events_and_an_example_has_none(site):
    tokyo = read(site, urls.plan_feed("b-fixture-tokyo"))
    titles = [entry.title for entry in tokyo.entries]
    assert titles and all(title.endswith("東京テスト地域産業クラスター計画") for title in titles)
    assert {title.split("：")[0] for title in titles} >= {"公表", "進捗報告"}
    dates = [entry.updated for entry in tokyo.entries]
    assert dates == sorted(dates, reverse=True)
    assert not (site / urls.plan_feed("b-fixture-example")).exists()


def test_a_prefecture_feed_holds_its_real_plans_only(site):
    tokyo = {
        entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in read(site, urls.prefecture_feed("13")).entries
    }
    assert tokyo == {"b-fixture-tokyo", "c-fixture-chiyoda", "c-fixture-withdrawn"}
    assert read(site, urls.prefecture_feed("20")).entries == []  # only an example there
    assert read(site, urls.prefecture_feed("01")).entries == []


@pytest.mark.parametrize(
    "page,feed",
    [
        ("plans/b-fixture-tokyo", urls.plan_feed("b-fixture-tokyo")),
        ("prefectures/13", urls.prefecture_feed("13")),
        ("blocks/kanto", urls.block_feed("kanto")),
        ("fields/01", urls.field_feed(1)),
    ],
)
def test_each_page_links_its_feed_in_head_and_visibly(site, page, feed):
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    depth = "../" * len(page.split("/"))
    assert soup.select_one(f'head link[rel=alternate][href="{depth}{feed}"]')
    visible = soup.select_one(".follow a")
    assert visible.get_text().startswith("更新を受け取る") and visible["href"] == depth + feed


def test_serve_knows_a_plan_feed_as_that_plans_own_file():
    assert urls.plan_of_file(urls.plan_feed("b-fixture-tokyo")) == "b-fixture-tokyo"
    assert urls.plan_of_file(urls.prefecture_feed("13")) is None


def resolved_links(site, address: str):
    """Every link of every feed as a reader resolves it (xml:base, then the link), with the feed's own URL."""
    import xml.etree.ElementTree as ET
    from urllib.parse import urljoin

    atom, xml = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}"
    for path in [site / "feed.xml", *sorted((site / "feeds").rglob("*.xml"))]:
        feed_url = urljoin(address, path.relative_to(site).as_posix())
        root = ET.parse(path).getroot()
        base = urljoin(feed_url, root.get(f"{xml}base", ""))
        for link in root.iter(f"{atom}link"):
            yield feed_url, urljoin(base, link.get("href"))


def page_exists(site, address: str, url: str) -> bool:
    assert url.startswith(address), url
    target = site / url.removeprefix(address).split("#")[0]
    return (target / "index.html").is_file() if url.endswith("/") else target.is_file()


def test_every_feed_link_resolves_to_a_page_of_the_site_in_a_relative_build(site):
    """Without CHIIKI_SITE_URL (a preview): xml:base names the site root, so a reader resolves a link there, not
    against the feed's own folder (feeds/prefectures/prefectures/20/)."""
    address = "http://localhost:8000/preview/"
    links = list(resolved_links(site, address))
    assert len(links) > 100
    assert [(feed, url) for feed, url in links if not page_exists(site, address, url)] == []


def test_a_feed_opened_in_a_browser_reads_as_a_page_in_japanese(browser, fixture_url):
    page = browser.new_page()
    page.goto(fixture_url + "feeds/prefectures/13.xml")
    page.wait_for_selector(".feed-entries")
    text = page.inner_text("body")
    assert "東京都の計画：更新情報" in text and "これはフィード" in text and "フィードリーダー" in text
    entries = page.query_selector_all(".feed-entries li a")
    assert entries and all(a.get_attribute("href").startswith("../../plans/") for a in entries)
    first = entries[0].get_attribute("href")
    page.click(".feed-entries li a")
    page.wait_for_load_state()
    assert page.url == fixture_url + first.removeprefix("../../") and page.title() != ""
    page.close()
