"""Reporting status (PDCA): the next report is due half a year after the last one (or after publication), and a
plan past its date on the pinned build date (2026-11-22) is overdue. Answers worked out by hand."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from conftest import B_PLAN, C_PLAN, read_rows, set_cell, write_rows

from build_scripts.build import build
from build_scripts.derive import add_months


def status_rows(site) -> dict[str, dict]:
    text = (site / "data/national/progress_status.csv").read_text(encoding="utf-8")
    return {row["plan_id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_half_a_year_is_counted_by_the_calendar():
    assert add_months(datetime.date(2026, 9, 30), 6) == datetime.date(2027, 3, 30)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)


@pytest.mark.slow
def test_reporting_status_on_the_pinned_build_date(repo, tmp_path):
    # B: last reported 2026-04-20 → due 2026-10-20, before 2026-11-22: overdue
    path = repo / B_PLAN / "progress.csv"
    write_rows(path, [read_rows(path)[0], ["sales", "2026-04-20", "110", ""]])
    site = tmp_path / "site"
    assert build(site, root=repo, quiet=True, search=False) == 0
    rows = status_rows(site)
    assert (
        rows["b-fixture-tokyo"]["last_report_date"],
        rows["b-fixture-tokyo"]["next_due_date"],
        rows["b-fixture-tokyo"]["overdue"],
    ) == ("2026-04-20", "2026-10-20", "true")
    # C: no report yet, published 2026-08-01 → due 2027-02-01: not overdue
    assert (
        rows["c-fixture-chiyoda"]["last_report_date"],
        rows["c-fixture-chiyoda"]["next_due_date"],
        rows["c-fixture-chiyoda"]["overdue"],
    ) == ("", "2027-02-01", "false")
    # outlines and withdrawn plans are not due; examples are not listed
    assert rows["a-fixture-kyushu"]["due"] == "false" and rows["c-fixture-withdrawn"]["due"] == "false"
    assert "b-fixture-example" not in rows
    page = BeautifulSoup((site / "progress/index.html").read_text(encoding="utf-8"), "html.parser")
    overdue = [tr.select_one("a").get_text() for tr in page.select("table.progress-status tr.overdue")]
    assert overdue == ["東京テスト地域産業クラスター計画"]
    totals = {
        tr.select("td")[0].get_text(): [td.get_text() for td in tr.select("td")[1:]]
        for tr in page.select("table.progress-totals tbody tr")
    }
    assert totals["すべての計画"] == ["2", "1", "1", "2"]  # due, on time, overdue, not due
    plan = BeautifulSoup(
        (site / "plans/b-fixture-tokyo/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert "次の期限 2026-10-20（期限超過）" in plan.select_one(".plan-meta").get_text()


@pytest.mark.slow
def test_a_report_last_month_is_on_time(repo, tmp_path):
    path = repo / B_PLAN / "progress.csv"
    write_rows(path, [read_rows(path)[0], ["sales", "2026-10-22", "130", ""]])
    site = tmp_path / "site"
    assert build(site, root=repo, quiet=True, search=False) == 0
    row = status_rows(site)["b-fixture-tokyo"]
    assert (row["next_due_date"], row["overdue"]) == ("2027-04-22", "false")
    assert status_rows(site)[C_PLAN.rsplit("/", 1)[-1]]["kpis"] == "1"


@pytest.mark.slow
def test_data_quality_counts_sections_sources_warnings_and_overdue(repo, tmp_path):
    import yaml

    set_cell(repo / B_PLAN / "companies.csv", 2, "role", "中核企業 ")  # one warning: surrounding whitespace
    site = tmp_path / "site"
    assert build(site, root=repo, quiet=True, search=False) == 0
    text = (site / "data/national/quality.csv").read_text(encoding="utf-8")
    rows = {row["plan_id"]: row for row in csv.DictReader(io.StringIO(text))}
    meta = yaml.safe_load((repo / B_PLAN / "datapackage.yaml").read_text(encoding="utf-8"))["plan"]
    expected = [
        "summary",
        "goal",
        "pathway",
        "policy_means",
        "targets",
        "support_system",
    ]  # a B plan's sections
    filled = [key for key in expected if meta.get(key)]
    tokyo = rows["b-fixture-tokyo"]
    assert (int(tokyo["sections_expected"]), int(tokyo["sections_filled"])) == (len(expected), len(filled))
    assert tokyo["sections_missing"] == ";".join(key for key in expected if key not in filled)
    sources = meta["sources"]
    assert (int(tokyo["sources"]), int(tokyo["sources_with_url"])) == (
        len(sources),
        sum(bool(s.get("url")) for s in sources),
    )
    assert tokyo["warnings"] == "1" and rows["c-fixture-chiyoda"]["warnings"] == "0"
    assert "b-fixture-example" not in rows
    page = BeautifulSoup((site / "quality/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in page.select("table.quality-prefectures a")] == [
        "東京都",
        "福岡県",
        "熊本県",
    ]
