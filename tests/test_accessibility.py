"""Every page type in Debian's chromium, on a desktop (1280 px) and on a phone (390 px, touch), in one pass per
(page, width): axe-core finds no serious or critical violation, nothing scrolls sideways, and no request goes to
any host but this site (map tiles answered locally). The shared fixture site and browser (conftest.py)."""

import pytest
from browser import goto_ready

PAGES = [
    "",
    "plans/",
    "plans/a-fixture-kyushu/",
    "plans/b-fixture-tokyo/",
    "plans/c-fixture-chiyoda/",
    "plans/c-fixture-withdrawn/",
    "kinds/b/",
    "prefectures/13/",
    "blocks/kanto/",
    "fields/01/",
    "map/",
    "maps/national.html",
    "maps/prefectures/13.html",
    "search/?q=テスト",
    "lookup/?q=テスト",
    "lookup/bulk/",
    "downloads/",
    "companies/",
    "companies/13/",
    "schemas/",
    "schemas/companies/",
    "schemas/plan-metadata/",
    "rules/",
    "rules/type/",
    "changes/",
    "progress/",
    "quality/",
    "about/",
    "contribute/",
    "contribute/check/",
    "404.html",
    "en/",
    "en/plans/b-fixture-tokyo/",
    "en/prefectures/13/",
    "en/fields/01/",
    "en/lookup/",
    "maps/en/national.html",
    "easy/",
    "easy/plans/",
    "easy/search/?q=会社",
]
TILES = "https://cyberjapandata.gsi.go.jp/**"
# Only the document itself: axe is injected into the top frame alone, so with `iframes` on it checked nothing
# inside a map's iframe and waited for each frame's answer (a third of the run). Each map document is checked as a
# page of its own instead (the maps/ entries above).
AXE_OPTIONS = {"resultTypes": ["violations"], "iframes": False}
SIDEWAYS = """() => { window.scrollTo(10000, window.scrollY); const moved = window.scrollX;
    const wide = Array.from(document.querySelectorAll('.md-main *')).filter((e) => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 1 &&
            !e.closest('.md-typeset__scrollwrap, table, pre, .md-sidebar'); }).map((e) => e.tagName + '.' + e.className);
    return [moved, wide.slice(0, 3)]; }"""


def viewport(browser, width: int):
    if width < 600:  # a phone: 390 × 844, touch
        return browser.new_context(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True)
    return browser.new_context(viewport={"width": width, "height": 900})


def check(page, hosts: set, url: str, path: str, axe) -> dict:
    """One page at one width: axe's serious and critical violations, how far it scrolls sideways (and what is
    too wide), and the hosts it asked for besides this site and the tile server."""
    hosts.clear()
    goto_ready(page, url + path)
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in axe.run(page, options=AXE_OPTIONS).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    moved, wide = page.evaluate(SIDEWAYS)
    return {
        "violations": violations,
        "sideways": (moved, wide) if moved or wide else None,
        "hosts": hosts - {url.split("/")[2], "cyberjapandata.gsi.go.jp"},
    }


def every_page_at(browser, url: str, width: int) -> dict:
    """Every page at one width, in one tab going from page to page as a reader does."""
    from axe_playwright_python.sync_playwright import Axe

    axe, results = Axe(), {}
    context = viewport(browser, width)
    page, hosts = context.new_page(), set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.route(TILES, lambda route: route.fulfill(status=204, body=b""))
    for path in PAGES:
        results[path] = check(page, hosts, url, path, axe)
    context.close()
    return results


class EveryPage:
    """The checks at one width. A class per width, so that pytest-xdist (--dist loadscope) can run the two widths
    on the two workers."""

    width: int

    @pytest.fixture(scope="class")
    @classmethod
    def pages(cls, browser, fixture_url):
        return every_page_at(browser, fixture_url, cls.width)

    @pytest.mark.parametrize("path", PAGES)
    def test_no_serious_or_critical_accessibility_violation(self, pages, path):
        assert pages[path]["violations"] == []

    @pytest.mark.parametrize("path", PAGES)
    def test_no_third_party_requests(self, pages, path):
        assert pages[path]["hosts"] == set()

    @pytest.mark.parametrize("path", PAGES)
    def test_no_page_scrolls_sideways(self, pages, path):
        assert pages[path]["sideways"] is None


class TestOnADesktop(EveryPage):
    width = 1280


class TestOnAPhone(EveryPage):
    width = 390  # 390 × 844, touch
