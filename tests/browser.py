"""Browser-test helpers: Debian's chromium driven by Playwright (never a downloaded browser), and a
built site served on localhost. Outside CI the tests skip when chromium is missing, and say so."""

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager

import cost
import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(
            "CI では Debian の chromium が必要です（make test がインストールします）。Chromium is required in CI."
        )
    pytest.skip(
        "Chromium がないため、ブラウザのテストをスキップします（CI では必ず実行します）。No chromium: browser tests skipped."
    )


@contextmanager
def launched_browser():
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        cost.count("chromium launch")
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "allowed")  # lets LinkChecker go past 10 requests a second
        super().end_headers()


@contextmanager
def served(directory, handler=None):
    """The folder on a localhost port (or the given request handler, e.g. chiiki serve's)."""
    handler = handler or functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda request, address: None  # a client that hangs up early is not a failure
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class PageWatch:
    """Console errors and the hosts a page requested."""

    def __init__(self, page):
        self.errors, self.hosts = [], set()
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.hosts.add(request.url.split("/")[2]))


# What "ready" means for a page of ours, from the marks the pages set themselves: the document and its images
# loaded, the search and lookup widgets started (data-chiiki-ready, after a deep link's answer is shown), and
# every map drawn with its shared layers (body[data-chiiki-ready], set by maps.py when the last layer arrives),
# in the page or in an iframe in view (a lazy iframe out of view is not loaded, as in a reader's browser).
READY = """() => {
    if (document.readyState !== "complete") return false;
    const widgets = document.querySelectorAll("#chiiki-search, #chiiki-lookup, #chiiki-bulk");
    if (Array.from(widgets).some((e) => !e.hasAttribute("data-chiiki-ready"))) return false;
    const drawn = (doc) => !doc.querySelector(".folium-map") || doc.body.hasAttribute("data-chiiki-ready");
    if (!drawn(document)) return false;
    return Array.from(document.querySelectorAll("iframe")).every((frame) => {
        const box = frame.getBoundingClientRect();
        const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
        const doc = frame.contentDocument;
        if (!doc) return true;
        if (doc.location.href === "about:blank") return !inView;
        return doc.readyState === "complete" && drawn(doc);
    });
}"""


def wait_until_ready(page, timeout: float = 15_000) -> None:
    page.wait_for_function(READY, timeout=timeout)


def goto_ready(page, url: str) -> None:
    page.goto(url)
    wait_until_ready(page)
