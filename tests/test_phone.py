"""The pages on a phone (390 × 844, touch) in chromium, measured as a reader sees them: a table scrolls inside its
own labelled region instead of squeezing its letters, dates and 法人番号 never break, no cell is narrower than two
characters, and the first column stays in view while the table is swiped."""

import pytest

PAGES = ["", "plans/", "quality/", "plans/b-fixture-tokyo/", "fields/01/", "companies/13/"]

# Per visible table cell: its width against two characters of its own font, and whether each date or 法人番号
# in it (the .nw spans and code) is drawn on one line.
MEASURE = """() => Array.from(document.querySelectorAll('.md-typeset table')).filter((t) => t.offsetParent)
  .flatMap((table) => Array.from(table.querySelectorAll('td, th')).filter((c) => c.offsetParent).map((cell) => {
    const size = parseFloat(getComputedStyle(cell).fontSize);
    const units = Array.from(cell.querySelectorAll('.nw, code'));
    const broken = units.filter((u) => u.getClientRects().length > 1 || u.getBoundingClientRect().height > size * 2)
      .map((u) => u.textContent);
    const region = table.closest('.table-scroll');
    return {text: cell.innerText.slice(0, 20), narrow: cell.getBoundingClientRect().width < size * 2, broken,
            region: region ? [region.getAttribute('role'), region.getAttribute('aria-label'), region.tabIndex] : null};
  }))"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_tables_on_a_phone_keep_their_units_whole_and_their_cells_readable(phone, fixture_url, path):
    phone.goto(fixture_url + path)
    cells = phone.evaluate(MEASURE)
    assert cells, path
    assert [c["text"] for c in cells if c["narrow"]] == [], path
    assert [c["broken"] for c in cells if c["broken"]] == [], path
    regions = {tuple(c["region"]) if c["region"] else None for c in cells}
    assert None not in regions and all(
        role == "region" and label.startswith("表") and tab == 0 for role, label, tab in regions
    ), regions
    assert (
        phone.evaluate("document.documentElement.scrollWidth") <= 390
    )  # the page itself never scrolls sideways


def test_a_swiped_table_keeps_its_first_column_in_view(phone, fixture_url):
    phone.goto(fixture_url + "quality/")
    region = phone.locator(".table-scroll").first
    region.scroll_into_view_if_needed()
    box = region.bounding_box()
    first = phone.locator(".table-scroll").first.locator("tbody tr td").first
    before = first.bounding_box()["x"]
    # one finger across the table, right to left, as a reader swipes it
    y = box["y"] + box["height"] / 2
    client = phone.context.new_cdp_session(phone)
    for kind, x in (
        ("touchStart", box["x"] + box["width"] - 20),
        ("touchMove", box["x"] + 150),
        ("touchMove", box["x"] + 40),
        ("touchEnd", None),
    ):
        points = [] if x is None else [{"x": x, "y": y}]
        client.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    phone.wait_for_timeout(300)
    assert phone.evaluate("document.querySelector('.table-scroll').scrollLeft") > 0  # the table moved
    assert abs(first.bounding_box()["x"] - before) < 2  # its first column did not
    assert phone.evaluate("window.scrollX") == 0


def test_a_prefectures_companies_download_is_tapped_and_opens_in_excel_terms(browser, fixture_url, tmp_path):
    """On the phone: the xlsx button of Tokyo's companies page, tapped; the file is named for what it holds and
    reads with openpyxl: Japanese titles, the municipality's name beside its code, code values in words."""
    import openpyxl

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, accept_downloads=True
    )
    page = context.new_page()
    page.goto(fixture_url + "companies/13/")
    button = page.get_by_role("link", name="Excel（.xlsx）")
    button.scroll_into_view_if_needed()
    with page.expect_download() as event:
        button.tap()
    assert event.value.suggested_filename == "13-tokyo-companies.xlsx"
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("法人番号", "企業名", "市区町村コード", "所在地")
    first = dict(zip(rows[0], rows[1]))
    assert first["法人番号"] == "7999900000101" and first["所在地"] == "東京都 千代田区"
    assert first["選定根拠"] == "国の候補リストから選定" and first["計画の状態"] == "策定・公表済"
    assert {row[0] for row in rows[1:]} == {"7999900000101", "6999900000102", "5999900000103"}
    context.close()


def test_the_bulk_checks_results_fit_the_phone(browser, fixture_url):
    """A column pasted with a long heading, checked by taps: the column choice (which names the heading and the first
    value) fits the screen, and only the results' own region scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(fixture_url + "lookup/bulk/")
    page.locator("textarea").first.tap()
    page.keyboard.type("補助金申請企業の法人番号（令和8年度第2回公募分）\n7999900000101")
    page.get_by_role("button", name="照合する").tap()
    page.locator("#bulk-column").wait_for()
    assert page.locator("#bulk-column").bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_units_are_kept_whole_in_text_and_never_in_attributes():
    from build_scripts.site import finish

    table = '<table><tr id="c-7999900000101"><td><a href="x/2026-12-03">2026-12-03</a></td><td>7999900000101</td></tr></table>'
    done = finish.scrolling_tables(f"<h2>企業</h2>{table}")
    assert 'id="c-7999900000101"' in done and 'href="x/2026-12-03"' in done
    assert '<span class="nw">2026-12-03</span>' in done and '<span class="nw">7999900000101</span>' in done
    assert done.startswith(
        '<h2>企業</h2><div class="table-scroll" role="region" aria-label="表：企業" tabindex="0">'
    )


def test_a_date_is_a_unit_not_a_long_text():
    from build_scripts.site import finish

    done = finish.scrolling_tables(
        '<table><tr><td class="nowrap">2026-11-22</td><td>東京テスト地域産業クラスター計画</td></tr></table>'
    )
    assert '<td class="nowrap"><span class="nw">2026-11-22</span></td>' in done
    assert '<td class="long">東京テスト地域産業クラスター計画</td>' in done
