"""Relative links: the same answer as posixpath.relpath (the reference) for every kind of URL pair."""

import itertools
import posixpath

from build_scripts import urls

URLS = [
    urls.HOME,
    urls.PLANS,
    urls.plan("b-x"),
    urls.plan("c-y"),
    urls.prefecture("13"),
    urls.field(3),
    urls.DOWNLOADS,
    urls.plan_file("b-x", "companies.csv"),
    urls.national_file("plans.csv"),
    urls.plan_map("b-x"),
    urls.NATIONAL_MAP,
    urls.kpi_chart("b-x", "k1"),
    urls.rule("type"),
    urls.schema("companies"),
    urls.kind("A"),
]


def reference(from_page: str, to: str) -> str:
    target = posixpath.relpath(to or ".", from_page or ".")
    if to.endswith("/") or to == urls.HOME:
        target = target.rstrip("/") + "/"
    return "./" if target in ("./", "") else target


def test_relative_matches_posixpath_for_every_pair():
    pairs = list(itertools.product(URLS, URLS))
    assert [(a, b, urls.relative(a, b)) for a, b in pairs] == [(a, b, reference(a, b)) for a, b in pairs]


def test_relative_examples():
    assert urls.relative("plans/b-x/", "plans/c-y/") == "../c-y/"
    assert urls.relative("plans/b-x/", urls.HOME) == "../../"
    assert urls.relative(urls.HOME, urls.HOME) == "./"
    assert urls.relative("plans/b-x/", "plans/b-x/") == "./"
