"""Browser measurements for the benchmark: bytes a page and its first query fetch, and lookup time.

Uses Debian's chromium through Playwright (the test helpers' launcher and localhost server)."""

import functools
import gzip
import sys
import tempfile
import time
from pathlib import Path

from build_scripts import paths


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def measure_pages(
    site: Path, number: str, name_query: str, search_query: str, plan_id: str
) -> list[tuple[str, str]]:
    """What a reader's browser fetches: a plan page and the national map as they load, and the bytes and time
    of a lookup by 法人番号, one by name and a first search."""
    sys.path.insert(0, str(paths.ROOT / "tests"))
    from browser import launched_browser, served

    with served(site) as url, launched_browser() as browser:
        fetch = functools.partial(fetched, browser, site, url)
        rows = [
            page_weight(fetch, "plans/" + plan_id + "/", "plan page with its map"),
            page_weight(fetch, "map/", "national map page"),
        ]
        query_bytes, seconds = fetch("lookup/", lookup(number))[1:]
        rows.append(
            (
                "company lookup by 法人番号: query bytes (gzip)",
                f"{query_bytes / 1000:.1f} KB in {seconds * 1000:.0f} ms",
            )
        )
        query_bytes, seconds = fetch("lookup/", lookup(name_query))[1:]
        rows.append(
            (
                f"company lookup by name「{name_query}」: query bytes (gzip)",
                f"{query_bytes / 1000:.1f} KB in {seconds * 1000:.0f} ms",
            )
        )
        total, query_bytes, _ = fetch("search/", search(search_query))
        rows.append(
            (
                f"search page + first query「{search_query}」(gzip)",
                f"{total / 1000:.1f} KB, of which the query {query_bytes / 1000:.1f} KB",
            )
        )
    return rows


def fetched(browser, site: Path, url: str, path: str, action) -> tuple[int, int, float]:
    """Open a page (map tiles refused), wait until it and its frames are idle, then run `action`: the gzip bytes
    of every local file fetched, of those fetched by the action, and the action's seconds."""
    page = browser.new_page()
    page.route("https://cyberjapandata.gsi.go.jp/**", lambda route: route.abort())
    files = []
    page.on("requestfinished", lambda request: files.append(request.url))
    page.goto(url + path)
    page.wait_for_load_state("networkidle")
    for frame in page.frames:
        frame.wait_for_load_state("networkidle")
    before = len(files)
    started = time.perf_counter()
    action(page)
    elapsed = time.perf_counter() - started
    local = [site / f.split("/", 3)[3].split("?")[0].split("#")[0] for f in files if f.startswith(url)]
    local = [p / "index.html" if p.is_dir() else p for p in local]
    sizes = [_gzip_size(p) if p.is_file() else 0 for p in local]
    page.close()
    return sum(sizes), sum(sizes[before:]), elapsed


def page_weight(fetch, path: str, label: str) -> tuple[str, str]:
    total = fetch(path, lambda page: page.wait_for_timeout(1500))[0]
    return f"{label}: transferred (gzip, tiles excluded)", f"{total / 1000:.1f} KB"


def lookup(query: str):
    def run(page):
        page.fill("#lookup-query", query)
        page.press("#lookup-query", "Enter")
        page.wait_for_function("document.querySelector('.lookup-status').textContent !== ''")

    return run


def search(query: str):
    def run(page):
        page.wait_for_selector("#chiiki-search[data-chiiki-ready]")
        page.fill("#search-query", query)
        page.press("#search-query", "Enter")
        page.wait_for_function("document.querySelector('.search-status').textContent !== ''")

    return run


def measure_check_page(site: Path, workbook: Path) -> list[tuple[str, str]]:
    """The check page (/contribute/check/): its worker starts at the first check, so a first check measures what a
    person waits for: the runtime and the bundle fetched (cold cache, then the browser's cache) and Pyodide
    started, then `workbook` checked. A second check in the same page measures checking alone."""
    sys.path.insert(0, str(paths.ROOT / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path, served
    from playwright.sync_api import sync_playwright

    # a profile on disk, as a person's browser has: a private context's memory cache keeps no 9.6 MB file
    with served(site) as url, sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        rows = []
        for visit in ("first visit (cold cache)", "second visit (cached)"):
            page = context.new_page()
            responses = []
            page.on("response", lambda response: responses.append(response))
            page.goto(url + "contribute/check/")
            page.wait_for_selector("#chiiki-check[data-chiiki-ready]")
            first = checked(page, workbook, 1)
            transferred = sum(r.request.sizes()["responseBodySize"] for r in responses)
            local = {site / r.url.split("/", 3)[3].split("?")[0] for r in responses if r.url.startswith(url)}
            gzipped = sum(_gzip_size(p / "index.html" if p.is_dir() else p) for p in local if p.exists())
            rows.append(
                (
                    f"check page, {visit}: page, runtime and first check of {workbook.name}",
                    f"{first:.1f} s; {transferred / 1e6:.1f} MB transferred (all files: {gzipped / 1e6:.1f} MB gzip)",
                )
            )
            if visit.startswith("second"):
                rows.append(
                    (
                        f"check page: {workbook.name} checked again (worker ready)",
                        f"{checked(page, workbook, 2):.2f} s",
                    )
                )
            page.close()
        context.close()
    return rows


def checked(page, workbook: Path, answer: int) -> float:
    """Seconds from pressing 検査する with `workbook` chosen to the answer shown."""
    with page.expect_file_chooser() as chooser:
        page.click("#check-files")
    chooser.value.set_files([str(workbook)])
    started = time.perf_counter()
    page.click(".check-form button[type=submit]")
    page.wait_for_selector(f"#chiiki-check[data-chiiki-answered='{answer}']", timeout=180_000)
    return time.perf_counter() - started


def measure_bulk(site: Path, rows: int = 10_000) -> list[tuple[str, str]]:
    """The bulk check (/lookup/bulk/) with `rows` 法人番号, half of them listed: a workbook chosen and a column pasted,
    timed from the press of 照合する to the table on screen (the index fetched in the first), and the index's bytes."""
    import json

    from openpyxl import Workbook

    from build_scripts.codes import with_corporate_check_digit

    sys.path.insert(0, str(paths.ROOT / "tests"))
    from browser import launched_browser, served

    index = site / "data/lookup/bulk.json"
    listed = json.loads(index.read_text(encoding="utf-8"))["numbers"][: rows // 2]
    numbers = listed + [with_corporate_check_digit(f"9999{n:08d}") for n in range(rows - len(listed))]
    with tempfile.TemporaryDirectory() as work, served(site) as url, launched_browser() as browser:
        book = Workbook()
        book.active.append(["法人番号"])
        for number in numbers:
            book.active.append([number])
        workbook = Path(work) / f"{rows}.xlsx"
        book.save(workbook)
        page = browser.new_page()
        page.goto(url + "lookup/bulk/")
        page.wait_for_selector("#chiiki-bulk[data-chiiki-ready]")
        page.set_input_files("#bulk-file", str(workbook))
        from_workbook = _bulk_seconds(page)
        page.set_input_files("#bulk-file", [])
        page.eval_on_selector("#bulk-paste", "(box, text) => { box.value = text; }", "\n".join(numbers))
        pasted = _bulk_seconds(page)
    return [
        (
            "bulk check index (data/lookup/bulk.json)",
            f"{index.stat().st_size / 1e6:.1f} MB, {_gzip_size(index) / 1e3:.0f} KB gzip",
        ),
        (
            f"bulk check: a workbook of {rows:,} numbers (index fetched, workbook read)",
            f"{from_workbook:.2f} s",
        ),
        (f"bulk check: {rows:,} numbers pasted (index in memory)", f"{pasted:.2f} s"),
    ]


def _bulk_seconds(page) -> float:
    page.evaluate("document.querySelector('.bulk-status').textContent = ''")
    start = time.perf_counter()
    page.click(".bulk-form button[type=submit]")
    page.wait_for_function(
        "document.querySelector('.bulk-table') && /行を照合しました/.test(document.querySelector('.bulk-status').textContent)"
    )
    return time.perf_counter() - start
