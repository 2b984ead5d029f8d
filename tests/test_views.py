"""What the pages show is prepared in Python (site/views.py) and only laid out by the templates: a plan's area and
filter keys, KPI rows with their chart's words, the quality page's prefecture rows, constraints in words. These
are checked here on the fixture's plans without rendering a page."""

import re

import pytest
from conftest import derived_fixture

from build_scripts import paths
from build_scripts.site.views import (
    Views,
    amount,
    area_text,
    chart_text,
    constraint_words,
    industry_key,
    kpi_rows,
    release_changes,
    release_rows,
    reporting_label,
)


@pytest.fixture(scope="module")
def site():
    return derived_fixture()


def plan(site, plan_id: str):
    return next(p for p in site.plans if p.id == plan_id)


def test_a_plans_area_is_said_one_way_its_block_else_its_municipalities_else_its_prefectures(site):
    views = Views(site)
    assert views.plan(plan(site, "a-fixture-kyushu")).area == "九州ブロック"
    assert views.plan(plan(site, "c-fixture-chiyoda")).area == "東京都 千代田区"
    assert views.plan(plan(site, "b-fixture-tokyo")).area == "東京都"
    assert area_text(None, (), (("01", "北海道"), ("02", "青森県"))) == "北海道、青森県"


def test_a_plans_filter_keys_are_its_groupings_space_separated(site):
    view = Views(site).plan(plan(site, "a-fixture-kyushu"))
    assert view.facets["kind"] == "A" and view.facets["block"] == "kyushu"
    assert view.facets["prefecture"].split() == [code for code, _ in view.prefectures]
    assert all(re.fullmatch(r"\d+", n) for n in view.facets["field"].split())
    assert view.block == ("kyushu", "九州")


def test_a_plans_view_is_made_once_per_build(site):
    views = Views(site)
    first = plan(site, "b-fixture-tokyo")
    assert views.plan(first) is views.plan(first)


def test_the_plan_lists_filters_offer_what_the_group_pages_name(site):
    facets = {name: (label, options) for name, label, options in Views(site).plan_facets()}
    assert list(facets) == ["kind", "status", "block", "prefecture", "field"]
    assert ("13", "東京都") in facets["prefecture"][1]
    assert "draft" not in [value for value, _ in facets["status"][1]]  # drafts are never published


def test_kpi_rows_carry_the_latest_report_and_the_charts_words(site):
    rows = kpi_rows(plan(site, "b-fixture-tokyo"))
    assert rows, "the fixture's B plan has KPIs"
    for row in rows:
        assert row.latest == (row.reports[-1] if row.reports else None)
        assert row.chart_text.startswith(f"{row.kpi['name']}：基準 ")
        assert f"目標 {row.kpi['target_value']}（{row.kpi['target_date']}）" in row.chart_text
        assert all(f"{r['report_date']} の実績 {r['value']}" in row.chart_text for r in row.reports)


def test_a_chart_without_a_baseline_says_so():
    kpi = {"name": "売上高", "baseline_value": "", "target_value": "200", "target_date": "2030-03-31"}
    report = {"report_date": "2026-03-31", "value": "130"}
    assert chart_text(kpi, [report]) == "売上高：基準 記載なし、2026-03-31 の実績 130、目標 200（2030-03-31）"


def test_the_quality_pages_prefecture_rows_add_up_each_prefectures_plans(site):
    rows = site.quality()
    by_prefecture = {q.code: q for q in Views(site).quality_by_prefecture(rows)}
    tokyo = [q for q in rows if "13" in q.plan.info.area.prefectures]
    assert by_prefecture["13"].name == "東京都" and by_prefecture["13"].plans == len(tokyo)
    assert by_prefecture["13"].sources == sum(q.sources for q in tokyo)
    assert by_prefecture["13"].sections_expected == sum(
        len(q.sections_filled) + len(q.sections_missing) for q in tokyo
    )
    assert by_prefecture["13"].overdue == sum(q.overdue for q in tokyo)
    assert "01" not in by_prefecture  # a prefecture without plans has no row
    assert list(by_prefecture) == sorted(by_prefecture)


def test_figures_and_constraints_are_words_for_people():
    assert amount("") == "記載なし" and amount("0") == "0"
    field = {
        "name": "n",
        "constraints": {"required": True, "minimum": 0, "maxLength": 40, "enum": ["a", "b"]},
    }
    assert constraint_words(field) == ["必須", "0 以上", "40 文字以下", "次のどれか：a、b"]
    assert industry_key({"industries": ["金属 加工", "化学"]}) == "金属_加工 化学"


def test_the_reporting_label_is_the_progress_pages_word(site):
    labels = {reporting_label(status) for status in site.reporting()}
    assert labels <= {"報告対象外", "期限超過", "期限内"} and labels


def test_templates_lay_out_and_do_not_call_the_renderer():
    sources = {path.name: path.read_text() for path in paths.TEMPLATES.glob("*.j2")}
    assert [name for name, text in sources.items() if "this." in text] == []
    assert [name for name, text in sources.items() if re.search(r"\|\s*sum\b", text)] == []


def test_a_releases_changes_in_words():
    from build_scripts.derive.releases import Change, Release

    release = Release(
        "2026-11-30.2",
        "2026-11-30",
        changes=(
            Change("plans", "b-x", "", "changed"),
            Change("companies", "b-x", "7999900000101", "added"),
            Change("companies", "b-x", "6999900000102", "added"),
            Change("companies", "b-x", "5999900000103", "removed"),
        ),
    )
    assert release_changes(release) == "計画 変更 1・重点支援企業 追加 2・重点支援企業 削除 1"
    assert release_changes(
        Release("2026-11-30", "2026-11-30", files=("editions/2026-11/plans.csv",))
    ).startswith("計画の変更なし")


def test_the_downloads_page_lists_the_newest_releases_first(site):
    rows = release_rows(site)
    assert [row["version"] for row in rows] == [site.release.version]  # no history given: the data's own name
    assert rows[0]["local"] is True and "archive_url" not in rows[0]
