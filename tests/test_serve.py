"""chiiki serve's server: pages reload themselves after a rebuild; every other file is sent as built."""
import urllib.request

from browser import launched_browser, served
from build_scripts.serve import GENERATION_PATH, RELOAD_SCRIPT, Generation, live_handler


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
    assert (tmp_path / "plans/x/index.html").read_bytes() == built      # the built file itself is untouched


def test_the_generation_moves_after_each_build(tmp_path):
    generation = Generation()
    with serving(tmp_path, generation) as url:
        assert fetch(url + GENERATION_PATH.lstrip("/"))[0] == b"0"
        generation.next()
        assert fetch(url + GENERATION_PATH.lstrip("/"))[0] == b"1"


def test_an_open_page_reloads_after_a_rebuild(tmp_path):
    (tmp_path / "index.html").write_text("<html><body><p id=v>一</p></body></html>", encoding="utf-8")
    generation = Generation()
    with serving(tmp_path, generation) as url, launched_browser() as browser:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_timeout(1500)                 # the script has seen generation 0
        (tmp_path / "index.html").write_text("<html><body><p id=v>二</p></body></html>", encoding="utf-8")
        generation.next()
        page.wait_for_function("document.getElementById('v').textContent === '二'", timeout=5000)
        assert page.text_content("#v") == "二"
