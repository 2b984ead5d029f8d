"""Browser measurements for the benchmark: bytes a page and its first query fetch, and lookup time.

Uses Debian's chromium through Playwright (the test helpers' launcher and localhost server)."""

import gzip
import sys
import time
from pathlib import Path

from build_scripts import paths


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def measure_pages(
    site: Path, number: str, name_query: str, search_query: str, plan_id: str
) -> list[tuple[str, str]]:
    sys.path.insert(0, str(paths.ROOT / "tests"))
    from browser import launched_browser, served

    rows = []
    with served(site) as url, launched_browser() as browser:

        def fetched(path: str, action) -> tuple[int, int, float]:
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
            local = [
                site / f.split("/", 3)[3].split("?")[0].split("#")[0] for f in files if f.startswith(url)
            ]
            local = [p / "index.html" if p.is_dir() else p for p in local]
            sizes = [_gzip_size(p) if p.is_file() else 0 for p in local]
            page.close()
            return sum(sizes), sum(sizes[before:]), elapsed

        def lookup(query):
            def run(page):
                page.fill("#lookup-query", query)
                page.press("#lookup-query", "Enter")
                page.wait_for_function("document.querySelector('.lookup-status').textContent !== ''")

            return run

        def search(page):
            page.wait_for_selector("#chiiki-search[data-chiiki-ready]")
            page.fill("#search-query", search_query)
            page.press("#search-query", "Enter")
            page.wait_for_function("document.querySelector('.search-status').textContent !== ''")

        for path, label in (
            ("plans/" + plan_id + "/", "plan page with its map"),
            ("map/", "national map page"),
        ):
            total, _, _ = fetched(path, lambda page: page.wait_for_timeout(1500))
            rows.append((f"{label}: transferred (gzip, tiles excluded)", f"{total / 1000:.1f} KB"))
        total, query_bytes, seconds = fetched("lookup/", lookup(number))
        rows.append(
            (
                "company lookup by 法人番号: query bytes (gzip)",
                f"{query_bytes / 1000:.1f} KB in {seconds * 1000:.0f} ms",
            )
        )
        total, query_bytes, seconds = fetched("lookup/", lookup(name_query))
        rows.append(
            (
                f"company lookup by name「{name_query}」: query bytes (gzip)",
                f"{query_bytes / 1000:.1f} KB in {seconds * 1000:.0f} ms",
            )
        )
        total, query_bytes, seconds = fetched("search/", search)
        rows.append(
            (
                f"search page + first query「{search_query}」(gzip)",
                f"{total / 1000:.1f} KB, of which the query {query_bytes / 1000:.1f} KB",
            )
        )
    return rows
