"""chiiki serve's rebuilds: after a plan changed, the cheap path gives the site a clean build gives."""

import json
import shutil

import pytest
from conftest import B_PLAN, C_PLAN, PINNED_EPOCH, edit_plan, set_cell

from build_scripts import paths, urls
from build_scripts.build import build
from build_scripts.dev.rebuild import LiveSite, replace_changed
from build_scripts.dev.serve import only_plan_data


def site_files(site):
    """Every output file but Pagefind's (its filter index differs between identical builds, Pagefind/pagefind#638)."""
    return {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("*")
        if p.is_file() and "pagefind" not in p.relative_to(site).parts
    }


def assert_same_site(one, two):
    first, second = site_files(one), site_files(two)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name].read_bytes() != second[name].read_bytes()] == []


def page_count(site):
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


@pytest.fixture
def live(repo, tmp_path):
    """A live site without a search index (only the first test below searches the index: it builds its own)."""
    site = LiveSite(tmp_path / "live" / "site", repo, search=False)
    assert site.full() == 0
    return site


@pytest.mark.slow
def test_an_update_after_one_plan_changed_equals_a_clean_build(repo, tmp_path, capsys):
    live = LiveSite(tmp_path / "live" / "site", repo)  # with the search index: its page count is compared
    assert live.full() == 0
    untouched = live.out / urls.plan("c-fixture-chiyoda") / "index.html"
    untouched_english = live.out / urls.in_language("en", urls.plan("c-fixture-chiyoda")) / "index.html"
    untouched_time, untouched_english_time = (
        untouched.stat().st_mtime_ns,
        untouched_english.stat().st_mtime_ns,
    )
    set_cell(repo / B_PLAN / "progress.csv", 3, "value", "131")
    set_cell(repo / B_PLAN / "companies.csv", 2, "name", "テスト精密工業株式会社")
    capsys.readouterr()
    assert live.update() == 0
    assert "（update）" in capsys.readouterr().out
    assert build(tmp_path / "clean", root=repo, quiet=True) == 0
    assert_same_site(live.out, tmp_path / "clean")
    assert page_count(live.out) == page_count(tmp_path / "clean")
    # the cheap path was taken: another plan's page was not built again, in either tree
    assert untouched.stat().st_mtime_ns == untouched_time
    assert untouched_english.stat().st_mtime_ns == untouched_english_time
    for tree in ("ja", "en"):
        changed_page = live.out / urls.in_language(tree, urls.plan("b-fixture-tokyo")) / "index.html"
        assert "テスト精密工業株式会社" in changed_page.read_text(encoding="utf-8")


def test_a_plan_that_loses_a_table_loses_its_download(live, repo, tmp_path):
    plan = repo / C_PLAN
    kpi_csv = urls.plan_file("c-fixture-chiyoda", "kpis.csv")
    assert (live.out / kpi_csv).is_file()
    edit_plan(plan, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "kpis"]))
    (plan / "kpis.csv").unlink()
    assert live.update() == 0
    assert build(tmp_path / "clean", root=repo, quiet=True, search=False) == 0
    assert not (live.out / kpi_csv).exists()
    assert_same_site(live.out, tmp_path / "clean")


def test_a_removed_plan_means_a_full_build(live, repo, tmp_path, capsys):
    capsys.readouterr()
    shutil.rmtree(repo / C_PLAN)
    assert live.update() == 0
    assert "full build" in capsys.readouterr().out
    assert not (live.out / urls.plan("c-fixture-chiyoda")).exists()
    assert build(tmp_path / "clean", root=repo, quiet=True, search=False) == 0
    assert_same_site(live.out, tmp_path / "clean")


def test_a_new_day_means_a_full_build(live, repo, monkeypatch):
    """Every page shows the build date: a dirty build on another day would leave the other pages' old date."""
    full_builds = []
    monkeypatch.setattr(live, "full", lambda **options: full_builds.append(options) or 0)  # the decision only
    set_cell(repo / B_PLAN / "progress.csv", 3, "value", "131")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(PINNED_EPOCH) + 86_400))
    assert live.update() == 0
    assert full_builds == [{"quiet": True}]


def test_invalid_data_leaves_the_served_site_alone(live, repo, capsys):
    before = {name: path.read_bytes() for name, path in site_files(live.out).items()}
    set_cell(repo / B_PLAN / "progress.csv", 3, "value", "百")
    assert live.update() == 1
    assert {name: path.read_bytes() for name, path in site_files(live.out).items()} == before
    assert "progress.csv" in capsys.readouterr().err


def test_replace_changed_keeps_unchanged_plans_files_and_drops_what_is_gone(tmp_path):
    site, new = tmp_path / "site", tmp_path / "new"
    previous = {
        "data/national/a.csv",
        "data/national/old.csv",
        urls.plan_file("kept", "kpis.csv"),
        urls.plan_file("edited", "kpis.csv"),
        urls.plan_file("edited", "progress.csv"),
        urls.plan_map("kept"),
    }
    for name in previous:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("old")
    for name in ("data/national/a.csv", urls.plan_file("edited", "kpis.csv")):
        (new / name).parent.mkdir(parents=True, exist_ok=True)
        (new / name).write_text("new")
    now = replace_changed(new, site, previous, {"edited"})
    assert now == {
        "data/national/a.csv",
        urls.plan_file("edited", "kpis.csv"),
        urls.plan_file("kept", "kpis.csv"),
        urls.plan_map("kept"),
    }
    assert sorted(site_files(site)) == sorted(now)
    assert (site / "data/national/a.csv").read_text() == "new"
    assert (site / urls.plan_file("kept", "kpis.csv")).read_text() == "old"


def test_plan_of_file_inverts_the_url_builders():
    assert urls.plan_of_file(urls.plan_file("b-x", "kpis.csv")) == "b-x"
    assert urls.plan_of_file(urls.plan_map("b-x")) == "b-x"
    assert urls.plan_of_file(urls.in_language("en", urls.plan_map("b-x"))) == "b-x"  # maps/en/plans/b-x.html
    assert urls.plan_of_file(urls.kpi_chart("b-x", "sales")) == "b-x"
    assert [
        urls.plan_of_file(u)
        for u in (
            urls.national_file("kpis.csv"),
            urls.NATIONAL_MAP,
            urls.in_language("en", urls.NATIONAL_MAP),
            urls.prefecture_map("13"),
            "data/lookup/number/123.json",
        )
    ] == [None] * 5


def test_serve_takes_the_cheap_path_only_for_plan_data():
    plan_file = paths.PREFECTURE_PLANS / "13-tokyo/b-x/kpis.csv"
    assert only_plan_data({plan_file})
    assert not only_plan_data({plan_file, paths.REFERENCE / "prefectures.csv"})
    assert not only_plan_data({paths.TEMPLATES / "plan.md.j2"})
