"""The bulk check (/lookup/bulk/) in chromium, used as a reviewer uses it: a column pasted or a workbook chosen
with the real pointer and keyboard, the rows read off the screen and out of the downloaded CSV and xlsx, and
no request leaving the site. And its index (data/lookup/bulk.json) against the published companies."""

import csv
import datetime
import io
import json
import zipfile

import openpyxl
import pytest

from build_scripts.codes import with_corporate_check_digit

LISTED = {  # b-fixture-tokyo's companies (tests/fixtures): a plan in force
    "7999900000101": "テスト精密株式会社",
    "6999900000102": "テスト電機株式会社",
    "5999900000103": "𠮷田テスト光学株式会社",
}
EXAMPLE = "6999900000201"  # listed by the fictional example b-fixture-example only
BAD_CHECK_DIGIT = "1999900000101"  # 7999900000101 with another first digit
UNLISTED = [with_corporate_check_digit(f"9999000{n:05d}") for n in range(24)]  # valid, on no list
MATCH_TITLES = [
    "照合結果",
    "一覧の企業名",
    "一覧の法人番号",
    "都道府県",
    "所在地",
    "計画ID",
    "計画名",
    "計画の状況",
    "データの日付",
]


@pytest.fixture
def bulk_page(browser, fixture_url):
    """The bulk page in a tab of its own, with every request it makes noted (url, method)."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append((request.url, request.method)))
    page.goto(fixture_url + "lookup/bulk/")
    page.wait_for_selector("#chiiki-bulk[data-chiiki-ready]")
    yield page, requests
    context.close()


def click(page, selector):
    """The real pointer on the middle of what a person sees."""
    target = page.locator(selector)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def check(page):
    page.evaluate("document.querySelector('.bulk-status').textContent = ''")
    click(page, ".bulk-form button[type=submit]")
    page.wait_for_selector(".bulk-table")
    return page.inner_text(".bulk-status")


def screen_rows(page):
    head = [cell.inner_text() for cell in page.query_selector_all(".bulk-table thead th")]
    body = [
        [cell.inner_text() for cell in row.query_selector_all("td")]
        for row in page.query_selector_all(".bulk-table tbody tr")
    ]
    return head, body


def download(page, label):
    with page.expect_download() as event:
        click(page, f".bulk-download:text('{label}')")
    return event.value.path().read_bytes(), event.value.suggested_filename


def as_of(fixture_site) -> str:
    return json.loads((fixture_site / "data/lookup/meta.json").read_text(encoding="utf-8"))["as_of"]


def test_a_pasted_column_of_30_numbers_comes_back_row_for_row(bulk_page, fixture_url, fixture_site):
    page, requests = bulk_page
    numbers = (
        list(LISTED) + [EXAMPLE, BAD_CHECK_DIGIT] + UNLISTED
    )  # 3 + 1 + 1 + 24 = 29, and one typed by hand
    click(page, "#bulk-paste")
    page.keyboard.insert_text("\n".join(numbers) + "\n")  # what a paste of a copied Excel column inserts
    page.keyboard.type("8999-9000-00001")  # typed, with hyphens: valid, fictional, on no list
    status = check(page)
    assert "30 行を照合しました" in status
    assert "掲載あり 3 行" in status and "掲載なし 25 行" in status
    assert "法人番号の誤り（チェックディジット） 1 行" in status and "記載例（架空）にのみ掲載 1 行" in status
    assert f"公開されている 1 件の計画の重点支援企業一覧（{as_of(fixture_site)} 時点）" in status
    head, body = screen_rows(page)
    assert head == ["入力の列1"] + MATCH_TITLES
    assert [row[0] for row in body] == numbers + ["8999-9000-00001"]  # the rows as given, in their order
    shown = {row[0]: row for row in body}
    for number, name in LISTED.items():
        assert shown[number][1:3] == ["掲載あり", name]
        assert shown[number][6] == "b-fixture-tokyo" and shown[number][8] == "策定・公表済"
    assert shown["7999900000101"][4:6] == ["東京都", "東京都 千代田区"]
    assert shown[EXAMPLE][1] == "記載例（架空）にのみ掲載"
    assert (
        shown[BAD_CHECK_DIGIT][1] == "法人番号の誤り（チェックディジット）"
        and shown[BAD_CHECK_DIGIT][2] == ""
    )
    assert all(shown[number][1] == "掲載なし" and shown[number][2] == "" for number in UNLISTED)
    assert {row[-1] for row in body} == {as_of(fixture_site)}

    data, name = download(page, "CSV")
    assert name == "照合-照合結果.csv" and data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [head] + body  # the file holds what the screen shows
    site = fixture_url.rstrip("/")
    assert requests and all(url.startswith(site) and method == "GET" for url, method in requests)


def test_a_workbook_chosen_as_an_official_would_keeps_its_columns(bulk_page, tmp_path, fixture_site):
    page, requests = bulk_page
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申請者"
    sheet.append(["申請者名", "法人番号", "申請日"])
    sheet.append(
        ["テスト精密", 7999900000101, datetime.date(2026, 11, 2)]
    )  # a number cell, as Excel stores it
    sheet.append(["未掲載の会社", UNLISTED[0], datetime.date(2026, 11, 3)])  # a text cell
    sheet.append(["誤記", int(BAD_CHECK_DIGIT), None])
    workbook = tmp_path / "申請者一覧.xlsx"
    book.save(workbook)
    with_readings(workbook, "テスト精密", "テストセイミツ")
    with page.expect_file_chooser() as chooser:
        click(page, "#bulk-file")
    chooser.value.set_files(str(workbook))
    status = check(page)
    assert "「申請者一覧.xlsx」（Excel のブック（シート「申請者」））の 3 行を照合しました" in status
    assert page.eval_on_selector("#bulk-column", "e => e.value") == "1"  # the 法人番号 column, found
    assert page.is_checked("#bulk-header")
    head, body = screen_rows(page)
    assert head == ["申請者名", "法人番号", "申請日"] + MATCH_TITLES
    assert [row[:4] for row in body] == [
        ["テスト精密", "7999900000101", "2026-11-02", "掲載あり"],
        ["未掲載の会社", UNLISTED[0], "2026-11-03", "掲載なし"],
        ["誤記", BAD_CHECK_DIGIT, "", "法人番号の誤り（チェックディジット）"],
    ]

    data, name = download(page, "Excel（.xlsx）")
    assert name == "申請者一覧-照合結果.xlsx"
    saved = tmp_path / name
    saved.write_bytes(data)
    cells = [list(row) for row in openpyxl.load_workbook(saved).active.iter_rows(values_only=True)]
    assert cells[0] == head
    assert [
        [cell or "" for cell in row] for row in cells[1:]
    ] == body  # every cell text: 13 digits stay 13 digits
    assert all(url.startswith(page.url.split("/lookup/")[0]) for url, _ in requests)


def with_readings(workbook, text: str, reading: str) -> None:
    """The workbook as Japanese Excel saves a typed name: its reading beside it (<rPh>), in the string's part."""
    with zipfile.ZipFile(workbook) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    run = f"<t>{text}</t>"
    phonetic = f'<rPh sb="0" eb="{len(text)}"><t>{reading}</t></rPh><phoneticPr fontId="1"/>'
    holders = [name for name, data in parts.items() if run.encode() in data]
    assert holders  # openpyxl writes inline strings, Excel shared ones: the reader takes both alike
    for name in holders:
        parts[name] = parts[name].replace(run.encode(), (run + phonetic).encode())
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_shift_jis_csv_from_excel_is_read(bulk_page, tmp_path):
    page, _ = bulk_page
    chosen = tmp_path / "list.csv"
    chosen.write_bytes(
        "名称,法人番号\r\nテスト電機,6999900000102\r\n".encode("cp932")
    )  # Excel's CSV in Japan
    with page.expect_file_chooser() as chooser:
        click(page, "#bulk-file")
    chooser.value.set_files(str(chosen))
    status = check(page)
    assert "Shift_JIS" in status and "1 行を照合しました" in status
    head, body = screen_rows(page)
    assert head[:2] == ["名称", "法人番号"] and body[0][:4] == [
        "テスト電機",
        "6999900000102",
        "掲載あり",
        "テスト電機株式会社",
    ]


def test_names_are_a_second_looser_mode_that_says_so(bulk_page):
    page, _ = bulk_page
    click(page, "#bulk-paste")
    page.keyboard.insert_text("ﾃｽﾄ精密（株）\n存在しない会社\n")
    click(page, "input[name=mode][value=name]")
    status = check(page)
    assert "企業名で照合（ゆるい照合：見つかった企業は法人番号で確かめてください）" in status
    _, body = screen_rows(page)
    assert body[0][1:4] == ["掲載あり（名前の一致）", "テスト精密株式会社", "7999900000101"]
    assert body[1][1] == "掲載なし"


def test_the_single_lookup_sends_a_pasted_column_to_the_bulk_check(browser, fixture_url):
    page = browser.new_page()
    page.goto(fixture_url + "lookup/")
    page.wait_for_selector("#chiiki-lookup[data-chiiki-ready]")
    click(page, "#lookup-query")
    page.keyboard.type("7999900000101, 6999900000102, 5999900000103")
    page.keyboard.press("Enter")
    page.wait_for_selector(".lookup-bulk")
    assert "法人番号が 3 件入力されています" in page.inner_text(".lookup-status")
    click(page, ".lookup-bulk")
    page.wait_for_selector("#chiiki-bulk[data-chiiki-ready]")
    assert page.url == fixture_url + "lookup/bulk/"
    page.close()


def test_the_bulk_index_holds_every_published_company_and_its_plans(fixture_site):
    index = json.loads((fixture_site / "data/lookup/bulk.json").read_text(encoding="utf-8"))
    published = {}
    for path in fixture_site.glob("data/plans/*/companies.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            published.setdefault(row["corporate_number"], set()).add(path.parent.name)
    assert sorted(index["numbers"]) == sorted(published)
    for number, listing in zip(index["numbers"], index["listings"]):
        plans = {index["plans"][i]["id"] for i in (listing if isinstance(listing, list) else [listing])}
        assert plans == published[number]
    assert index["lists"] == 1 and index["example_lists"] == 1


def test_a_title_row_above_the_headers_is_kept_as_a_heading(bulk_page, tmp_path):
    """As Excel sheets often start: a merged title row, then the headers; a hidden row is data like any other."""
    page, _ = bulk_page
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["令和8年度 申請者一覧", None])
    sheet.merge_cells("A1:B1")
    sheet.append(["申請者名", "法人番号"])
    sheet.append(["テスト精密", 7999900000101])
    sheet.append(["隠した行", 6999900000102])
    sheet.row_dimensions[4].hidden = True
    workbook = tmp_path / "titled.xlsx"
    book.save(workbook)
    with page.expect_file_chooser() as chooser:
        click(page, "#bulk-file")
    chooser.value.set_files(str(workbook))
    status = check(page)
    assert "の 2 行を照合しました" in status and "掲載あり 2 行" in status and "ではありません" not in status
    head, body = screen_rows(page)
    assert head == ["令和8年度 申請者一覧", ""] + [""] * len(MATCH_TITLES)
    assert body[0] == ["申請者名", "法人番号"] + MATCH_TITLES
    assert [row[:3] for row in body[1:]] == [
        ["テスト精密", "7999900000101", "掲載あり"],
        ["隠した行", "6999900000102", "掲載あり"],
    ]
    assert "先頭の 2 行は見出し" in page.inner_text(".bulk-settings")
