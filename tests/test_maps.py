"""Maps: the committed layers, the map files' features (parsed), escaping, and in chromium what a reader sees."""

import html
import json
import re

import pytest
from browser import wait_until_ready

from build_scripts import paths
from build_scripts.site import maps

CONFIG = re.compile(r'<script type="application/json" id="chiiki-map-config">(.*?)</script>', re.S)
TILE_HOST = "cyberjapandata.gsi.go.jp"


def test_committed_layers_have_every_prefecture_and_block():
    prefectures = json.loads((paths.REFERENCE / "geo/prefectures.geojson").read_text(encoding="utf-8"))
    blocks = json.loads((paths.REFERENCE / "geo/blocks.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["code"] for f in prefectures["features"]) == [
        f"{n:02d}" for n in range(1, 48)
    ]
    assert all(f["geometry"]["type"] == "Polygon" for f in prefectures["features"])
    assert len(blocks["features"]) == 10 and all(f["geometry"]["coordinates"] for f in blocks["features"])


@pytest.fixture(scope="module")
def site(fixture_site):
    return fixture_site


@pytest.fixture(scope="module")
def url(fixture_url):
    return fixture_url


def config(html: str) -> dict:
    """A map file's configuration (the JSON that docs/javascripts/maps.js draws)."""
    return json.loads(CONFIG.search(html).group(1))


def layers(html: str) -> list[tuple[str, dict, dict]]:
    return [(layer["url"], layer["styles"], layer["labels"]) for layer in config(html)["layers"]]


def points(html: str) -> list[list]:
    """Every [latitude, longitude, tooltip, link] of a map's point layers."""
    return [point for group in config(html)["points"] for point in group["points"]]


def test_national_map_layers_and_points(site):
    html = (site / "maps/national.html").read_text(encoding="utf-8")
    found = layers(html)
    assert [url for url, _, _ in found] == ["../data/geo/prefectures.geojson"] * 2 + [
        "../data/geo/blocks.geojson"
    ]
    plans_layer = found[0]
    assert len(plans_layer[1]) == 47
    assert plans_layer[2]["13"] == "東京都：2件"  # B and C; neither the withdrawn C nor the example
    assert plans_layer[2]["20"] == "長野県：0件"  # only an example there
    located = points(html)
    assert len(located) == 3 and all(
        isinstance(lat, float) and isinstance(lng, float) for lat, lng, _, _ in located
    )
    assert all("：" in tooltip for _, _, tooltip, _ in located)  # municipality：what is there
    assert all(link.startswith("../plans/") for _, _, _, link in located)
    assert (site / "data/geo/prefectures.geojson").is_file()


def test_maps_load_nothing_from_third_parties(site):
    maps = sorted((site / "maps").rglob("*.html"))
    assert len(maps) > 50  # every plan, prefecture and block map, and the national one
    for path in maps:
        hosts = set(re.findall(r"https?://([^/\"'\s]+)", path.read_text(encoding="utf-8")))
        assert hosts <= {TILE_HOST, "maps.gsi.go.jp"}, (path, hosts)


def test_a_plan_map_shows_its_area_and_its_points(site):
    html = (site / "maps/plans/a-fixture-kyushu.html").read_text(encoding="utf-8")
    area, block = layers(html)
    assert sorted(area[1]) == ["40", "43"] and list(block[1]) == ["kyushu"]
    assert len(points(html)) == 1


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "${alert(1)}", "`", "\\", "</script>"])
def test_tooltip_text_is_inert_in_html_and_template_literals(text):
    safe = maps.safe_text(text)
    assert not any(ch in safe for ch in "<>`$\\")


def test_point_tooltips_are_escaped_data_in_one_array():
    points_json = maps.script_json(
        maps.point_rows([(35.0, 139.0, '</script><b onclick="x">${alert(1)}`{{ 7*7 }}', "../plans/x/")])
    )
    assert "<" not in points_json and "${" not in points_json and "`" not in points_json
    assert "{{" not in points_json  # folium renders elements as Jinja templates: no delimiter reaches one
    assert json.loads(points_json) == [
        [35.0, 139.0, maps.safe_text('</script><b onclick="x">${alert(1)}`{{ 7*7 }}'), "../plans/x/"]
    ]


def test_map_pages_embed_the_maps(site):
    page = (site / "plans/b-fixture-tokyo/index.html").read_text(encoding="utf-8")
    assert 'src="../../maps/plans/b-fixture-tokyo.html"' in page
    assert 'title="この計画の地図"' in page
    map_page = (site / "map/index.html").read_text(encoding="utf-8")
    assert "../maps/national.html" in map_page and "map-prefectures" in map_page


EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def test_national_map_renders_shapes_and_markers_in_chromium(browser, url):
    page = browser.new_page()
    try:
        hosts, errors = set(), []
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.route(
            f"https://{TILE_HOST}/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG),
        )
        page.goto(url + "maps/national.html")
        page.wait_for_selector("body[data-loaded-plans][data-loaded-blocks][data-chiiki-ready]")
        shapes = page.eval_on_selector_all("path.leaflet-interactive", "paths => paths.length")
        assert shapes == 47 + 3  # prefectures and points; block outlines are drawn but not interactive
        assert errors == []
        assert hosts <= {url.split("/")[2], TILE_HOST}
        page.keyboard.press("Tab")  # the map takes the keyboard
        assert page.evaluate("document.activeElement.className").count("leaflet") >= 1
    finally:
        page.close()


MAPS_WITH_POINTS = [
    "national",
    "plans/a-fixture-kyushu",
    "plans/b-fixture-tokyo",
    "plans/c-fixture-chiyoda",
    "prefectures/13",
    "prefectures/40",
    "prefectures/43",
    "blocks/kanto",
    "blocks/kyushu",
]


def test_the_real_input_tests_cover_every_map_that_has_points(site):
    """Every Japanese map with points (an English map, maps/en/, has the same points and script: its words are
    checked in test_languages.py, with one under the real mouse)."""
    with_points = {
        path.relative_to(site / "maps").with_suffix("").as_posix()
        for path in (site / "maps").rglob("*.html")
        if points(path.read_text(encoding="utf-8")) and not path.is_relative_to(site / "maps" / "en")
    }
    assert with_points == set(MAPS_WITH_POINTS)


SCREEN_POINTS = """() => Array.from(document.querySelectorAll('.leaflet-chiiki-points-pane path.leaflet-interactive'), (e) => {
    const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })"""
SHOWN = "Array.from(document.querySelectorAll('.leaflet-tooltip, .leaflet-popup-content'), (t) => t.textContent).join(' ')"


def map_tab(browser, width: int, height: int, touch: bool):
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
    )
    page = context.new_page()
    page.route(
        f"https://{TILE_HOST}/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG),
    )
    return context, page


def show_map(page, url: str) -> None:
    page.goto(url)
    wait_until_ready(page)  # the shared outlines are fetched after the points are drawn
    settled(page)


def open_map(browser, url: str, width: int, height: int, touch: bool):
    context, page = map_tab(browser, width, height, touch)
    show_map(page, url)
    return context, page


@pytest.fixture(scope="module")
def tabs(browser):
    """A desktop tab (1280 px, a mouse) and a phone tab (390 px, touch) that go from map to map, as a reader's."""
    opened = {
        (width, touch): map_tab(browser, width, height, touch)
        for width, height, touch in ((1280, 900, False), (390, 844, True))
    }
    yield opened
    for context, _ in opened.values():
        context.close()


def settled(page, tries: int = 30) -> None:
    """Wait until the points stay where they are (a new phone-sized window may still be resized and the map
    re-centred just after it is drawn): a person aims at a point that has stopped moving."""
    before = page.evaluate(SCREEN_POINTS)
    for _ in range(tries):
        page.wait_for_timeout(50)
        now = page.evaluate(SCREEN_POINTS)
        if now == before:
            return
        before = now
    raise AssertionError("the map's points never stopped moving")


def expected_texts(site, name: str) -> dict[tuple, set[str]]:
    """Each point's text, by position (two points on one municipality share a position)."""
    by_position = {}
    for lat, lng, text, _ in points((site / f"maps/{name}.html").read_text(encoding="utf-8")):
        by_position.setdefault((lat, lng), set()).add(html.unescape(text))
    return by_position


def clear(page) -> None:
    """Close what the previous point opened (a person closes a popup before tapping the next point)."""
    page.mouse.move(1, 1)
    page.evaluate("document.querySelectorAll('.leaflet-popup-close-button').forEach((b) => b.click())")
    page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")


def shown_after(page, x: float, y: float, touch: bool) -> str:
    page.touchscreen.tap(x, y) if touch else page.mouse.move(x, y)
    page.wait_for_timeout(120)
    return page.evaluate(SHOWN)


@pytest.mark.parametrize("name", MAPS_WITH_POINTS)
def test_every_point_shows_its_own_text_under_a_real_mouse_and_a_tap(tabs, url, site, name):
    """The real pointer at each point's screen position reaches the point (not the prefecture drawn later), and
    hovering (1280 px) or tapping (390 px, touch) shows that point's own text."""
    texts = expected_texts(site, name)
    assert texts, name
    for (width, touch), (_, page) in tabs.items():
        show_map(page, f"{url}maps/{name}.html")
        count = len(page.evaluate(SCREEN_POINTS))
        assert count == len(points((site / f"maps/{name}.html").read_text(encoding="utf-8")))
        for index in range(count):
            clear(page)
            settled(
                page
            )  # an open popup may have panned the map: aim once it has stopped (a slow machine pans late)
            x, y = page.evaluate(SCREEN_POINTS)[index]
            hit = page.evaluate(f"document.elementFromPoint({x}, {y}).closest('.leaflet-pane').className")
            assert "leaflet-chiiki-points-pane" in hit, (name, width, hit)
            shown = shown_after(page, x, y, touch)
            assert any(text in shown for group in texts.values() for text in group), (name, width, shown)


@pytest.mark.parametrize("name", ["national", "plans/b-fixture-tokyo", "blocks/kyushu"])
def test_on_a_phone_the_map_is_metric_fitted_and_its_controls_leave_room(browser, url, name):
    context, page = open_map(browser, f"{url}maps/{name}.html", 390, 360, True)
    scale = page.inner_text(".leaflet-control-scale")
    assert re.fullmatch(r"\d+ k?m", scale.strip()) and "mi" not in scale and "ft" not in scale
    map_area = 390 * 360
    covered = page.evaluate("""() => ['.leaflet-control-layers', '.chiiki-legend'].map((s) => {
        const r = document.querySelector(s).getBoundingClientRect(); return r.width * r.height; })""")
    assert sum(covered) <= map_area / 3, covered
    # the whole area is in view: every point of the map lies inside the map's box
    inside = page.evaluate("""() => { const box = document.querySelector('.folium-map').getBoundingClientRect();
        return Array.from(document.querySelectorAll('.leaflet-chiiki-points-pane path'), (e) => {
            const r = e.getBoundingClientRect();
            return r.x >= box.x && r.right <= box.right && r.y >= box.y && r.bottom <= box.bottom; }); }""")
    assert inside and all(inside)
    context.close()


def test_a_prefecture_on_the_national_map_leads_to_its_page(browser, url):
    context, page = open_map(browser, url + "maps/national.html", 1280, 900, False)
    # 長野県 (no point there in the fixture): the centre of its shape's box
    box = page.evaluate("""() => { const layers = Object.values(document.querySelectorAll('.leaflet-overlay-pane path'));
        return layers.map((e) => {
            const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }); }""")
    for x, y in box:
        page.mouse.move(x, y)
        page.wait_for_timeout(60)
        if "長野県" in page.evaluate(SHOWN):
            page.mouse.click(x, y)
            break
    link = page.wait_for_selector(".leaflet-popup-content a")
    assert "長野県" in page.inner_text(".leaflet-popup-content")
    assert link.get_attribute("href") == "../prefectures/20/" and link.get_attribute("target") == "_top"
    context.close()


def test_a_prefecture_without_a_stated_figure_says_so_never_zero(site):
    scale_layer = layers((site / "maps/national.html").read_text(encoding="utf-8"))[1]
    assert scale_layer[2]["20"] == "長野県：記載なし"
    table = (site / "map/index.html").read_text(encoding="utf-8")
    assert "記載なし" in table


def test_the_legend_lists_only_the_groups_that_have_points(site):
    legend = re.search(
        r'<details class="chiiki-legend".*?</details>',
        (site / "maps/plans/b-fixture-tokyo.html").read_text(encoding="utf-8"),
        re.S,
    ).group(0)
    groups_here = {maps.group_of(n)[0] for n in ([1],)}  # the fixture's B plan: field 1 (AI・半導体) only
    listed = {name for name, _, _ in maps.LEGEND_GROUPS if name in legend}
    assert listed == groups_here


def test_kpi_chart_draws_baseline_actuals_and_target(site):
    import xml.etree.ElementTree as ET

    svg = ET.parse(site / "charts/b-fixture-tokyo/sales.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").text == "売上高"
    assert len(svg.findall(f"{ns}circle")) == 1 + 2 + 1  # baseline, two reports, target
    assert "目標 200" in [t.text for t in svg.findall(f"{ns}text")]
    page = (site / "plans/b-fixture-tokyo/index.html").read_text(encoding="utf-8")
    assert (
        'alt="売上高：基準 100、2026-07-31 の実績 110、2026-09-30 の実績 125、目標 200（2031-03-31）"' in page
    )


def test_the_maps_use_folium_through_its_public_api_only():
    """No private folium or branca attribute (folium._x, element._template, m._children …), no replaced class, and
    no upper bound on folium for a workaround."""
    import ast

    source = (paths.ROOT / "build_scripts" / "site" / "maps.py").read_text(encoding="utf-8")
    private = [
        ast.unparse(node)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
    ]
    assert private == []
    assert "branca" not in source
    assert '"folium>=0.20",' in (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_every_map_lets_its_reader_zoom_and_shares_one_script_and_style(site):
    files = sorted((site / "maps").rglob("*.html"))
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "user-scalable=no" not in text and "maximum-scale" not in text, path
        assert "javascripts/maps.js" in text and "stylesheets/maps.css" in text, path
        assert ".chiiki-legend {" not in text and "function chiikiPopup" not in text, path  # shipped once
    assert (site / "javascripts/maps.js").is_file() and (site / "stylesheets/maps.css").is_file()


# --- the layers a reader chooses, the outlines, the points at one place, the page past the map (390 px) ------


def visible_legend(page) -> list[str]:
    return page.eval_on_selector_all(
        ".chiiki-legend [data-chiiki-legend]:not([hidden])",
        "(lists) => lists.map((l) => l.dataset.chiikiLegend)",
    )


def test_choosing_the_investment_layer_changes_the_legend_and_leaves_one_layer_on(browser, url):
    context, page = open_map(browser, f"{url}maps/national.html", 1280, 900, False)
    radios = page.locator(".leaflet-control-layers-base input[type=radio]")
    assert radios.count() == 2  # the two ways of colouring the prefectures are alternatives
    assert visible_legend(page) == ["plans"]
    filled = "document.querySelectorAll('.leaflet-overlay-pane path').length"
    before = page.evaluate(filled)
    label = page.locator(".leaflet-control-layers-base label", has_text="投資規模")
    box = label.bounding_box()
    page.mouse.click(box["x"] + 10, box["y"] + box["height"] / 2)  # the real pointer on the radio button
    page.wait_for_function("document.querySelector('[data-chiiki-legend=\"scale\"]').hidden === false")
    assert visible_legend(page) == ["scale"]
    assert "記載なし" in page.inner_text("[data-chiiki-legend='scale']")
    assert page.evaluate(filled) == before == 47  # one choropleth at a time, never both
    assert page.locator(".leaflet-control-layers-base input:checked").count() == 1
    context.close()


def test_block_outlines_are_above_the_fills_whichever_file_arrives_first(browser, url):
    context, page = map_tab(browser, 1280, 900, False)
    for reload in range(10):
        late, held = ("prefectures" if reload % 2 else "blocks"), []

        def in_order(route, request, late=late, held=held):
            if late in request.url:
                held.append(route)  # answered after the other file
                return
            route.continue_()
            while held:
                held.pop().continue_()

        page.route("**/data/geo/*.geojson", in_order)
        show_map(page, f"{url}maps/national.html")
        above = page.evaluate(
            """() => { const pane = (name) => document.querySelector('.leaflet-' + name + '-pane');
              const z = (name) => Number(getComputedStyle(pane(name)).zIndex);
              return [pane('chiiki-outlines').querySelectorAll('path').length, z('chiiki-outlines') > z('overlay')]; }"""
        )
        assert above[0] == 10 and above[1], (reload, above)
        page.unroute("**/data/geo/*.geojson")
    context.close()


@pytest.mark.parametrize("width,height,touch", [(1280, 900, False), (390, 844, True)])
def test_points_at_one_place_are_each_reached_by_the_mouse_and_by_a_tap(
    browser, url, site, width, height, touch
):
    """Two investments in one municipality are drawn apart: hovering or tapping each shows each one's own text."""
    texts = expected_texts(site, "national")
    together = [group for group in texts.values() if len(group) > 1]
    assert together, "the fixture has two points at one place"
    context, page = open_map(browser, f"{url}maps/national.html", width, height, touch)
    positions = page.evaluate(SCREEN_POINTS)
    assert len({(round(x), round(y)) for x, y in positions}) == len(positions)  # no two on top of each other
    seen = set()
    for index in range(len(positions)):
        clear(page)
        settled(page)
        x, y = page.evaluate(SCREEN_POINTS)[index]
        seen.add(shown_after(page, x, y, touch))
    for group in together:
        assert all(any(text in shown for shown in seen) for text in group), (group, seen)
    context.close()


def test_one_finger_scrolls_the_page_past_the_home_pages_map(browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route(
        f"https://{TILE_HOST}/**", lambda r: r.fulfill(status=200, content_type="image/png", body=EMPTY_PNG)
    )
    page.goto(url)
    frame = page.locator("iframe.chiiki-map")
    frame.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = frame.bounding_box()
    assert box["height"] < 844 * 0.6  # the map leaves the page room
    before = page.evaluate("window.scrollY")
    client = context.new_cdp_session(page)
    x, start = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8
    for kind, y in (
        ("touchStart", start),
        ("touchMove", start - 100),
        ("touchMove", start - 200),
        ("touchMove", start - 300),
        ("touchEnd", None),
    ):  # one finger up across the map
        client.send(
            "Input.dispatchTouchEvent", {"type": kind, "touchPoints": [] if y is None else [{"x": x, "y": y}]}
        )
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > before + 100  # the page moved, not only the map
    context.close()


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and (b["y"] < a["y"] + a["height"])
    )


def test_a_tapped_points_popup_opens_clear_of_the_controls(browser, url):
    context, page = open_map(browser, f"{url}maps/national.html", 390, 844, True)
    controls = [page.locator(s).bounding_box() for s in (".leaflet-control-layers", ".leaflet-control-zoom")]
    for index in range(len(page.evaluate(SCREEN_POINTS))):
        clear(page)
        settled(page)
        x, y = page.evaluate(SCREEN_POINTS)[index]
        page.touchscreen.tap(x, y)
        page.wait_for_selector(".leaflet-popup")
        settled(page)  # the map pans the popup into view
        popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
        assert not any(overlaps(popup, control) for control in controls), (index, popup, controls)
    context.close()


def test_the_keyboard_skips_the_home_pages_map(browser, url):
    page = browser.new_page()
    page.goto(url)
    page.focus("a.skip-map")
    assert page.evaluate("document.activeElement.textContent") == "地図を飛ばす"
    assert page.locator("a.skip-map").bounding_box()["width"] > 0  # shown once the keyboard reaches it
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate(
        "() => { const map = document.querySelector('iframe.chiiki-map');"
        " return map.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING; }"
    )
    assert after  # the next stop is after the map, not inside it
    page.close()
