"""axe-core in Debian's chromium: no serious or critical violation on a sample of every page type, on a
desktop (1280 px) and on a phone (390 px), and no request to any host but this site (map tiles answered
locally)."""

import pytest
from browser import launched_browser, served
from conftest import FIXTURES

from build_scripts.build import build

PAGES = [
    "",
    "plans/",
    "plans/a-fixture-kyushu/",
    "plans/b-fixture-tokyo/",
    "plans/c-fixture-chiyoda/",
    "plans/c-fixture-withdrawn/",
    "prefectures/13/",
    "blocks/kanto/",
    "fields/01/",
    "map/",
    "maps/national.html",
    "search/?q=テスト",
    "lookup/?q=テスト",
    "downloads/",
    "companies/",
    "companies/13/",
    "schemas/companies/",
    "rules/",
    "changes/",
    "progress/",
    "quality/",
    "about/",
    "contribute/",
    "404.html",
]
WIDTHS = [1280, 390]
TILES = "https://cyberjapandata.gsi.go.jp/**"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("a11y") / "site"
    assert build(out, root=FIXTURES / "repo" / "datapackages", quiet=True) == 0
    from axe_playwright_python.sync_playwright import Axe

    results = {}
    with served(out) as url, launched_browser() as browser:
        axe = Axe()
        for width, path in ((width, path) for width in WIDTHS for path in PAGES):
            page = browser.new_page(
                viewport={"width": width, "height": 900}, is_mobile=width < 600, has_touch=width < 600
            )
            hosts = set()
            page.on("request", lambda request, seen=hosts: seen.add(request.url.split("/")[2]))
            page.route(TILES, lambda route: route.fulfill(status=204, body=b""))
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            violations = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in axe.run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            results[width, path] = (violations, hosts - {url.split("/")[2], "cyberjapandata.gsi.go.jp"})
            page.close()
    return results


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violation(pages, path, width):
    assert pages[width, path][0] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_third_party_requests(pages, path, width):
    assert pages[width, path][1] == set()
