"""The English (/en/) and やさしい日本語 (/easy/) trees (issue 27): romaji from the reference's own kana, the
catalogue's fallback, ruby from 単語（よみ）, and in chromium the language switch, hreflang both ways, the
Japanese beside each English field name, a plan's own English title, and search on the easy pages."""

import csv
import html
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from browser import goto_ready

from build_scripts import labels, load, paths, romaji
from build_scripts.site import i18n, maps, trees


@pytest.mark.parametrize(
    "name,kana,english",
    [
        ("札幌市", "さっぽろし", "Sapporo-shi"),
        ("千代田区", "ちよだく", "Chiyoda-ku"),
        ("音威子府村", "おといねっぷむら", "Otoineppu-mura"),
        ("伊是名村", "いぜなそん", "Izena-son"),
        ("余市町", "よいちちょう", "Yoichi-cho"),
        ("松島町", "まつしままち", "Matsushima-machi"),
        ("坂東市", "ばんどうし", "Bando-shi"),
        ("大桑村", "おおくわむら", "Okuwa-mura"),
    ],
)
def test_a_municipality_is_named_in_hepburn_from_its_own_reading(name, kana, english):
    assert romaji.municipality_name(name, kana) == english


def test_hepburn_writes_small_kana_geminates_and_syllabic_n_as_road_signs_do():
    assert romaji.hepburn("とうきょう") == "tokyo"
    assert romaji.hepburn("まっちゃ") == "matcha"
    assert romaji.hepburn("しんおおさか") == "shin'osaka"
    assert romaji.hepburn("ジャパン") == "japan"


def test_every_municipality_of_the_reference_has_an_ascii_english_name():
    municipalities = load.load_reference().municipalities.values()
    names = {row["name"]: romaji.municipality_name(row["name"], row["kana"]) for row in municipalities}
    assert len(names) > 1700
    assert [n for n, en in names.items() if not re.fullmatch(r"[A-Z][a-z']+(-[a-z]+)?", en)] == []


def test_a_string_missing_from_the_catalogue_is_shown_in_japanese_and_counted():
    t = i18n.Translator("en")
    assert t("計画一覧") == "All plans"
    assert t("まだ訳のない新しい文") == "まだ訳のない新しい文"
    assert t.page_notes() == {"untranslated": i18n.IN_PROGRESS}
    assert t.term("量子") == "Quantum* (量子)" and t.page_notes()["unofficial_terms"] == i18n.TERM_NOTE
    japanese = i18n.Translator("ja")
    assert (
        japanese("計画一覧") == "計画一覧" and japanese.term("量子") == "量子" and japanese.page_notes() == {}
    )


class UniqueKeys(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        return super().construct_mapping(node, deep=deep)


def test_the_catalogue_gives_each_japanese_string_one_translation():
    catalogue = yaml.load((paths.CATALOGUES / "en.yaml").read_text(encoding="utf-8"), Loader=UniqueKeys)
    # the kinds, the strategy's words and the 17 fields (22), and the investment map's legend groups not a field
    assert len(catalogue["strings"]) > 300 and len(catalogue["terms"]) == 27
    assert {name for name, _, _ in maps.LEGEND_GROUPS} <= set(catalogue["terms"])
    # a counter word has no English (「12 件」 is "12"); every other string has its words
    empty = sorted(key for key, text in catalogue["strings"].items() if not str(text).strip())
    assert empty == ["件", "年度", "社"]


def test_readings_become_ruby_that_reads_as_the_parenthesis_form_without_css():
    html = i18n.ruby("計画（けいかく）を 見（み）る")
    assert html.count("<ruby>") == 2 and "<rt data-pagefind-ignore>けいかく</rt>" in html
    assert re.sub(r"<[^>]+>", "", html) == "計画（けいかく）を 見（み）る"
    assert i18n.unread_kanji("計画（けいかく）と 会社") == ["会", "社"]
    assert i18n.unread_kanji("<a href='x'>計画（けいかく）</a> `漢字`") == []


def test_an_easy_page_with_a_kanji_left_unread_stops_the_build(tmp_path):
    with pytest.raises(trees.EasyPageError, match="3行目：漢字「会社」に読みがありません"):
        trees.check_readings(tmp_path / "x.md", "# 計画（けいかく）\n\n会社を 調（しら）べる\n")


def test_every_easy_page_has_every_kanji_read():
    for path in sorted((trees.paths.STATIC_DOCS / "easy").glob("*.md")):
        trees.check_readings(path, path.read_text(encoding="utf-8"))  # raises on the first unread kanji


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


SWITCH = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+" class="md-select__link">')


def test_every_japanese_page_has_an_english_counterpart_linked_both_ways(fixture_site):
    """The language switch of each page goes to the same page in English, whose switch comes back."""
    pages = [p.parent.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("index.html")]
    japanese = [p for p in pages if not p.startswith(("en", "easy", "data", "vendor"))]  # vendor: a licence
    assert len(japanese) > 50
    for page in japanese:
        text = html_of(fixture_site, page)
        if 'data-md-component="header"' not in text:
            continue  # not a page of the site (a plan's former address, a vendored library's)
        assert '<link rel="alternate" hreflang' not in text  # Material would fetch a sitemap.xml beside each
        hrefs = {lang: href for href, lang in SWITCH.findall(text)}
        english = (fixture_site / page / hrefs["en"]).resolve()
        assert (english / "index.html").is_file(), page
        back = {lang: href for href, lang in SWITCH.findall(html_of(english, ""))}
        assert (english / back["ja"]).resolve() == (fixture_site / page).resolve(), page
        assert '<html lang="en"' in html_of(english, "")


def test_the_easy_pages_are_ja_hira_with_ruby(fixture_site):
    for page in ("easy", "easy/plans", "easy/lookup", "easy/reporting", "easy/read-a-plan"):
        text = html_of(fixture_site, page)
        assert '<html lang="ja-Hira"' in text, page
        body = re.search(r"<article.*?</article>", text, re.S)[0]
        assert body.count("<ruby>") > 5, page
        bare = re.sub(r"<ruby>.*?</ruby>|<[^>]+>", "", body, flags=re.S)
        assert re.findall(r"[一-龯]", bare) == [], page


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_language_switch_leads_from_a_plan_to_its_english_page(desktop, fixture_url):
    goto_ready(desktop, fixture_url + "plans/c-fixture-chiyoda/")
    desktop.click(".md-header__option .md-select button")  # the real mouse, on the switch's button
    desktop.hover(".md-header__option .md-select")
    desktop.get_by_role("link", name="English").click()
    desktop.wait_for_load_state()
    assert desktop.url == urljoin(fixture_url, "en/plans/c-fixture-chiyoda/")
    assert desktop.evaluate("document.documentElement.lang") == "en"
    tabs = desktop.locator(".md-tabs__link").all_inner_texts()
    assert "Investment map" in [t.strip() for t in tabs] and "Downloads" in [t.strip() for t in tabs]
    content = desktop.locator("article").inner_text()
    assert "The content of this plan is in Japanese" in content
    assert "Translation in progress" not in content  # every string of a plan page's frame is in the catalogue
    assert "Chiyoda-ku, Tokyo" in content


def test_a_page_not_translated_yet_says_so_in_english(desktop, fixture_url):
    """A contributor's page (their users are Japanese staff) in the English tree: the Japanese page, with the note."""
    goto_ready(desktop, fixture_url + "en/contribute/check/")
    assert desktop.evaluate("document.documentElement.lang") == "en"
    note = desktop.locator(".translation-note").inner_text()
    assert note == "This page has not been translated yet: it is shown in Japanese."
    assert "計画データの検査と変換" in desktop.locator("article").inner_text()


def test_an_english_plan_page_shows_its_own_english_title_and_the_japanese_field_names(desktop, fixture_url):
    goto_ready(desktop, fixture_url + "en/plans/b-fixture-tokyo/")
    assert desktop.locator("h1").inner_text().strip() == "Tokyo Test Regional Industry Cluster Plan"
    article = desktop.locator("article").inner_text()
    assert "東京テスト地域産業クラスター計画" in article and "テスト用の英訳（テストデータ）" in article
    assert "1. AI and semiconductors* (AI・半導体)" in article
    assert "This site's own, unofficial translation" in article


def test_search_on_the_easy_pages_shows_excerpts_without_their_readings(desktop, fixture_url):
    goto_ready(desktop, fixture_url + "easy/search/")
    desktop.locator("#search-query").fill("重点")
    desktop.keyboard.press("Enter")
    desktop.wait_for_selector(".search-results li")
    results = desktop.locator(".search-results li").all_inner_texts()
    assert results and any("重点" in r for r in results)
    assert [r for r in results if "じゅうてん" in r] == []


def test_the_english_lookup_answers_in_english_and_links_to_the_english_plan_page(desktop, fixture_url):
    goto_ready(desktop, fixture_url + "en/lookup/")
    desktop.locator("#lookup-query").fill("7-9999-0000-0101")  # typed as a reviewer might
    desktop.keyboard.press("Enter")
    desktop.wait_for_selector(".lookup-result")
    status = desktop.locator(".lookup-status").inner_text()
    assert status.startswith("Found the company with corporate number 7999900000101.")
    assert "of 1 published plan (as of" in status
    result = desktop.locator(".lookup-result").inner_text()
    assert (
        "テスト精密株式会社" in result
        and "Regional Industry Cluster Plan* (地域産業クラスター計画)" in result
    )
    link = desktop.locator(".lookup-result ul a").first.get_attribute("href")
    assert link.startswith(urljoin(fixture_url, "en/plans/b-fixture-tokyo/"))


def test_the_english_search_finds_english_pages_and_speaks_english(desktop, fixture_url):
    goto_ready(desktop, fixture_url + "en/search/")
    desktop.wait_for_selector("#chiiki-search[data-chiiki-ready]")
    assert "Kind" in desktop.locator(".search-filters").inner_text()
    desktop.locator("#search-query").fill("Tokyo Test")
    desktop.keyboard.press("Enter")
    desktop.wait_for_selector(".search-result")
    hrefs = [a.get_attribute("href") for a in desktop.locator(".search-result > a").all()]
    assert urljoin(fixture_url, "en/plans/b-fixture-tokyo/") in hrefs
    assert all("/en/" in href for href in hrefs)  # the English index only
    assert re.fullmatch(r"\d+ pages?", desktop.locator(".search-status").inner_text().strip())
    desktop.locator("#search-query").fill("Shinkansen")
    desktop.keyboard.press("Enter")
    desktop.wait_for_selector(".search-suggestions:not([hidden])")
    assert desktop.locator(".search-status").inner_text().startswith("No page contains 「Shinkansen」.")
    tips = desktop.locator(".search-suggestions a").all()
    assert tips[0].inner_text() == "Plans" and tips[0].get_attribute("href") == urljoin(
        fixture_url, "en/plans/"
    )


# ---- the English maps (maps/en/): the same points and script, in English words ----

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
BESIDE = re.compile(r"\([^()]*\)")  # the Japanese beside a marked term, or a plan's own title in brackets


def map_config(text: str) -> dict:
    return json.loads(re.search(r'id="chiiki-map-config">(.*?)</script>', text, re.S)[1])


def map_frame(text: str, config: dict) -> list[str]:
    """What a map says in its own words: its link text, tiles, layers, point groups and legend."""
    legend = re.search(r'<details class="chiiki-legend".*?</details>', text, re.S)[0]
    return [
        config["linkText"],
        config["tiles"]["name"],
        *(layer["name"] for layer in config["layers"]),
        *(group["name"] for group in config["points"]),
        *(html.unescape(item) for item in re.findall(r">([^<>]+)<", legend) if item.strip()),
    ]


def test_every_map_has_an_english_map_in_english_words_linking_to_english_pages(fixture_site):
    maps_dir = fixture_site / "maps"
    japanese = [
        p for p in sorted(p.relative_to(maps_dir) for p in maps_dir.rglob("*.html")) if p.parts[0] != "en"
    ]
    english = sorted(p.relative_to(maps_dir / "en") for p in (maps_dir / "en").rglob("*.html"))
    assert english == japanese and len(english) > 10
    for name in english:
        path = maps_dir / "en" / name
        text = path.read_text(encoding="utf-8")
        config = map_config(text)
        assert '<html lang="en">' in text, name
        for words in map_frame(text, config):
            assert not JAPANESE.search(BESIDE.sub("", words)), (name, words)
        for layer in config["layers"]:
            assert not [label for label in layer["labels"].values() if JAPANESE.search(label)], name
            for link in layer["links"].values():
                assert (path.parent / link / "index.html").resolve().is_relative_to(fixture_site / "en"), link
        for group in config["points"]:
            for _, _, point_text, link in group["points"]:
                assert re.match(r"[A-Za-z-]+, [A-Za-z]+: ", html.unescape(point_text)), (name, point_text)
                assert (path.parent / link / "index.html").resolve().is_relative_to(fixture_site / "en")
                assert (path.parent / link / "index.html").resolve().is_file(), link


def test_english_pages_show_the_english_maps(fixture_site):
    for page in ("en", "en/map", "en/plans/b-fixture-tokyo", "en/prefectures/13", "en/blocks/kyushu"):
        sources = re.findall(r'<iframe class="chiiki-map[^"]*" src="([^"]+)"', html_of(fixture_site, page))
        assert sources, page
        for source in sources:
            shown = (fixture_site / page / source).resolve()
            assert shown.is_file() and shown.is_relative_to(fixture_site / "maps" / "en"), (page, source)
        assert "Skip the map" in html_of(fixture_site, page) and "地図を飛ばす" not in html_of(
            fixture_site, page
        )


def test_the_english_national_map_answers_the_real_mouse_in_english(browser, fixture_url):
    from test_maps import SHOWN, open_map

    context, page = open_map(browser, fixture_url + "maps/en/national.html", 1280, 900, False)
    assert page.inner_text(".chiiki-legend summary") == "Legend"
    shapes = page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'), (e) => {
        const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })""")
    for x, y in shapes:  # Nagano (no plan in the fixture): the centre of its shape's box
        page.mouse.move(x, y)
        page.wait_for_timeout(60)
        if "Nagano" in page.evaluate(SHOWN):
            assert "Nagano: 0 plans" in page.evaluate(SHOWN)
            page.mouse.click(x, y)
            break
    link = page.wait_for_selector(".leaflet-popup-content a")
    assert link.inner_text() == "Details" and link.get_attribute("href") == "../../en/prefectures/20/"
    context.close()


# ---- the English bulk check (en/lookup/bulk/): the same check, its screen and its files in English ----


def test_the_english_bulk_check_answers_and_returns_its_files_in_english(browser, fixture_url):
    from test_bulk import BAD_CHECK_DIGIT, EXAMPLE, LISTED, check, click, download, screen_rows

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    goto_ready(page, fixture_url + "en/lookup/bulk/")
    page.wait_for_selector("#chiiki-bulk[data-chiiki-ready]")
    click(page, "#bulk-paste")
    page.keyboard.insert_text("\n".join([*LISTED, EXAMPLE, BAD_CHECK_DIGIT]) + "\n")
    page.keyboard.type("8999-9000-00001")
    status = check(page)
    assert status.startswith("Checked 6 rows of the pasted text (by corporate number): Listed 3 rows, ")
    assert "Wrong corporate number (check digit) 1 row" in status and "of 1 published plan (as of" in status
    head, body = screen_rows(page)
    assert head[:4] == ["Input column 1", "Result", "Name in the list", "Corporate number in the list"]
    shown = {row[0]: row for row in body}
    assert shown["7999900000101"][1:3] == [
        "Listed",
        "テスト精密株式会社",
    ]  # the name as the plan published it
    assert shown["7999900000101"][8] == "Adopted and published"
    assert shown[EXAMPLE][1] == "Listed by examples (fictional) only"
    assert shown["8999-9000-00001"][1] == "Not listed"
    data, name = download(page, "CSV")
    assert name == "check-results.csv"
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [head] + body
    context.close()


def test_the_lookups_english_plan_statuses_are_the_catalogues():
    """lookup.js keeps its English status words beside the Japanese the indexes carry: the same as en.yaml's."""
    script = (paths.STATIC_DOCS / "javascripts/lookup.js").read_text(encoding="utf-8")
    table = json.loads(re.sub(r"(\w+):", r'"\1":', re.search(r"var STATUSES = (\{.*?\});", script)[1]))
    strings = i18n.catalogue("en")["strings"]
    assert table == {status: strings[word] for status, word in labels.STATUSES.items()}
