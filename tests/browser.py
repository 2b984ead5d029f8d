"""Browser-test helpers: Debian's chromium driven by Playwright (never a downloaded browser), and a
built site served on localhost. Outside CI the tests skip when chromium is missing, and say so."""

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager

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
