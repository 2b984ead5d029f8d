"""The pages are finished after the site engine (finish.py), so MkDocs Material and Zensical, its successor
(which ignores MkDocs hooks), give the same pages: the same plan tables, and no placeholder, marker or
unsanitised markup in either."""

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES

from build_scripts.build import build
from build_scripts.site import finish, fragments


@pytest.fixture(scope="module")
def sites(fixture_site, tmp_path_factory):
    """The shared MkDocs build and a Zensical build of the same data (no search index: nothing here searches)."""
    out = tmp_path_factory.mktemp("zensical") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795305600")
        assert (
            build(out, root=FIXTURES / "repo" / "datapackages", quiet=True, engine="zensical", search=False)
            == 0
        )
    return {"mkdocs": fixture_site, "zensical": out}


@functools.cache
def pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every page of a site, parsed once for the module (the tests only read them)."""
    return {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site.rglob("index.html"))
    }


def tables(page: BeautifulSoup) -> list[list[str]]:
    return [
        [row.get_text("|", strip=True) for row in table.select("tr")]
        for table in page.select("article table")
    ]


def test_both_engines_build_the_same_pages_with_the_same_tables(sites):
    mkdocs, zensical = pages(sites["mkdocs"]), pages(sites["zensical"])
    assert sorted(mkdocs) == sorted(zensical) and len(mkdocs) > 100
    assert {url for url in mkdocs if url.startswith("plans/")} >= {"plans/b-fixture-tokyo/index.html"}
    for url, page in mkdocs.items():
        assert tables(page) == tables(zensical[url]), url
    tokyo = tables(zensical["plans/b-fixture-tokyo/index.html"])
    assert sum(len(rows) for rows in tokyo) > 5  # the plan's tables are there, not placeholders


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_placeholder_marker_or_unsafe_markup_is_left(sites, engine):
    leftover = re.compile(r"chiiki-html-fragment-|chiiki-page-(start|end)")
    for url, page in pages(sites[engine]).items():
        text = str(page)
        assert not leftover.search(text), (engine, url)
        body = page.select_one("article")
        if body is None:
            continue
        assert not body.select("script"), (engine, url)
        assert not [tag for tag in body.find_all(True) if any(name.startswith("on") for name in tag.attrs)], (
            engine,
            url,
        )
    plan = pages(sites[engine])["plans/b-fixture-tokyo/index.html"]
    links = plan.select("[data-pagefind-body] a[href]")
    assert links and all(
        "noopener" in link.get("rel", []) for link in links if link.find_parent("h1") is None
    )
    assert "chiikisearchterms" not in str(plan)  # Pagefind 1.6 makes the bigrams: pages carry none of ours


def test_finishing_puts_back_and_sanitises(tmp_path):
    source = tmp_path / "page.md"
    (tmp_path / "page.fragments.json").write_text(
        '["<table><tr><td onclick=\\"x()\\">東京都</td></tr></table>"]', encoding="utf-8"
    )
    built = (
        "<html><body><h1>T</h1><p>chiiki-page-start</p>\n<p>chiiki-html-fragment-0</p>\n"
        "<script>alert(1)</script>\n<p>chiiki-page-end</p></body></html>"
    )
    finished = finish.finish_page(built, source)
    assert "<td>東京都</td>" in finished and "onclick" not in finished and "<script" not in finished
    assert "chiiki-page" not in finished
    assert finish.finish_page("<p>no markers</p>", source) == "<p>no markers</p>"
    with pytest.raises(ValueError):  # a placeholder without its block is a bug: the build fails
        finish.finish_page(built.replace(fragments.token(0), fragments.token(1)), source)
