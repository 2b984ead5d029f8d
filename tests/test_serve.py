"""chiiki serve's server: pages reload themselves after a rebuild; every other file is sent as built."""

import urllib.request

from browser import served

from build_scripts import paths
from build_scripts.dev.serve import GENERATION_PATH, RELOAD_SCRIPT, Generation, live_handler, rebuild


def serving(directory, generation):
    return served(directory, live_handler(directory, generation))


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read(), response.headers


def test_pages_get_the_reload_script_and_other_files_do_not(tmp_path):
    (tmp_path / "plans/x").mkdir(parents=True)
    built = "<html><body><p>計画</p></body></html>".encode()
    (tmp_path / "plans/x/index.html").write_bytes(built)
    (tmp_path / "data.csv").write_bytes(b"a,b\n</body>\n")
    with serving(tmp_path, Generation()) as url:
        page, headers = fetch(url + "plans/x/")
        assert page == "<html><body><p>計画</p>".encode() + RELOAD_SCRIPT + b"</body></html>"
        assert headers["Cache-Control"] == "no-store" and headers["Content-Length"] == str(len(page))
        assert fetch(url + "data.csv")[0] == b"a,b\n</body>\n"
    assert (tmp_path / "plans/x/index.html").read_bytes() == built  # the built file itself is untouched


def test_the_generation_moves_after_each_build(tmp_path):
    generation = Generation()
    with serving(tmp_path, generation) as url:
        assert fetch(url + GENERATION_PATH.lstrip("/"))[0] == b"0"
        generation.next()
        assert fetch(url + GENERATION_PATH.lstrip("/"))[0] == b"1"


def test_an_open_page_reloads_after_a_rebuild(browser, tmp_path):
    (tmp_path / "index.html").write_text("<html><body><p id=v>一</p></body></html>", encoding="utf-8")
    generation = Generation()
    with serving(tmp_path, generation) as url:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_timeout(1500)  # the script has seen generation 0
        (tmp_path / "index.html").write_text("<html><body><p id=v>二</p></body></html>", encoding="utf-8")
        generation.next()
        page.wait_for_function("document.getElementById('v').textContent === '二'", timeout=5000)
        assert page.text_content("#v") == "二"


class FakeLiveSite:
    def __init__(self, outcome):
        self.outcome, self.built, self.calls = outcome, True, []

    def update(self, quiet):
        self.calls.append("update")
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome

    def full(self, quiet):
        self.calls.append("full")
        return self.outcome


def test_a_failed_rebuild_is_reported_and_the_server_goes_on(capsys):
    live, generation = FakeLiveSite(RuntimeError("Aborted with 1 warnings in strict mode!")), Generation()
    rebuild(live, {paths.PREFECTURE_PLANS / "13-tokyo/b-x/kpis.csv"}, generation)
    error = capsys.readouterr().err
    assert "再生成に失敗しました" in error and "Aborted with 1 warnings" in error and "Traceback" not in error
    assert generation.value == 0 and live.built is False


def test_rebuilds_take_the_path_the_change_needs_and_move_the_generation():
    live, generation = FakeLiveSite(0), Generation()
    rebuild(live, {paths.PREFECTURE_PLANS / "13-tokyo/b-x/kpis.csv"}, generation)
    rebuild(live, {paths.STATIC_DOCS / "about.md"}, generation)
    assert live.calls == ["update", "full"] and generation.value == 2
    invalid = FakeLiveSite(1)
    rebuild(invalid, {paths.STATIC_DOCS / "about.md"}, generation)
    assert generation.value == 2


def test_changes_are_heard_from_the_operating_system_and_taken_once_quiet(tmp_path):
    import time

    from watchdog.observers import Observer

    from build_scripts.dev.serve import Changes, watched

    changes, observer = Changes(accept=lambda path: True), Observer()
    observer.schedule(changes, str(tmp_path), recursive=True)
    observer.start()
    try:
        (tmp_path / "companies.csv").write_text("a\n", encoding="utf-8")
        taken, deadline = set(), time.monotonic() + 10
        while not taken and time.monotonic() < deadline:
            time.sleep(0.05)
            taken = changes.take(quiet=0.2)
    finally:
        observer.stop()
        observer.join()
    assert tmp_path / "companies.csv" in taken
    assert changes.take(quiet=0) == set()  # taken once
    assert watched(paths.PREFECTURE_PLANS / "13-tokyo" / "b-x" / "companies.csv") and watched(
        paths.MKDOCS_CONFIG
    )
    assert not watched(paths.DEFAULT_SITE / "index.html")
