"""Releases are named by the data's history, never by the build (derive/releases.py): the day a change to
datapackages/ reached the main line in Japan, `.2` for a day's second; a code-only commit makes none; uncommitted
data is a local release; data outside git is named by its content. Each release's change log names the plans and
rows (companies by 法人番号) it added, changed or removed, in what the national files publish only."""

import datetime
import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from bs4 import BeautifulSoup
from conftest import B_PLAN, FIXTURES, read_rows, write_rows

from build_scripts import codes, urls
from build_scripts.derive.releases import Change, history_releases, version_names
from build_scripts.downloads.release_asset import write_release_asset
from build_scripts.load import history
from build_scripts.validate import validate

NEW_COMPANY = codes.with_corporate_check_digit("999900000199")  # the fictional base: never a real company


def git(repo, *arguments, when="2026-11-22T10:00:00+09:00"):
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    identity = [
        "-c",
        "user.name=テスト",
        "-c",
        "user.email=test@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run(
        ["git", *identity, *arguments], cwd=repo, check=True, capture_output=True, env=os.environ | dates
    )


def commit_all(repo, message: str, when: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


@pytest.fixture
def checkout(tmp_path):
    """A git repository holding a copy of the fixture's data, committed once on 2026-11-22 (Japan)."""
    repo = tmp_path / "repository"
    shutil.copytree(FIXTURES / "repo" / "datapackages", repo / "datapackages")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "data", "2026-11-22T10:00:00+09:00")
    return repo


def releases_of(root):
    return history_releases(root, validate(root=root).plans)


def add_company(root) -> None:
    path = root / B_PLAN / "companies.csv"
    write_rows(
        path,
        read_rows(path) + [[NEW_COMPANY, "テスト化成株式会社", "131016", "化学", "中核企業", "evidence"]],
    )


def test_a_release_is_named_by_the_day_its_data_reached_the_main_line(checkout):
    (release,) = releases_of(checkout / "datapackages")
    assert (release.version, release.date, release.local) == ("2026-11-22", "2026-11-22", False)
    assert (
        release.commit
        == subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=checkout, capture_output=True, text=True
        ).stdout.strip()
    )
    # the first release adds every real plan, and no example
    added = {c.plan_id for c in release.changes if c.table == "plans" and c.change == "added"}
    plans = validate(root=checkout / "datapackages").plans
    assert added == {p.id for p in plans if p.is_public and not p.is_example}
    assert not added & {p.id for p in plans if p.is_example}


def test_a_code_only_commit_makes_no_release_and_a_days_second_data_commit_is_numbered(checkout):
    root = checkout / "datapackages"
    (checkout / "README.md").write_text("code\n", encoding="utf-8")
    commit_all(checkout, "code only", "2026-11-22T11:00:00+09:00")
    assert [r.version for r in releases_of(root)] == ["2026-11-22"]
    add_company(root)
    commit_all(checkout, "a company", "2026-11-22T23:59:00+09:00")
    assert [r.version for r in releases_of(root)] == ["2026-11-22", "2026-11-22.2"]
    add_company(root)  # the same company twice: refused by validation, but a change of the data all the same
    commit_all(checkout, "next day in Japan", "2026-11-22T15:30:00+00:00")  # 00:30 on the 23rd in Japan
    assert [r.version for r in releases_of(root)][-1] == "2026-11-23"


def test_a_data_change_makes_a_release_whose_change_log_names_the_company_added(checkout):
    root = checkout / "datapackages"
    add_company(root)
    commit_all(checkout, "a company", "2026-11-30T09:00:00+09:00")
    first, second = releases_of(root)
    assert second.version == "2026-11-30"
    assert second.changes == (Change("companies", "b-fixture-tokyo", NEW_COMPANY, "added"),)
    assert second.counts() == {"companies": {"added": 1, "changed": 0, "removed": 0}}
    assert first.changes != ()  # the first release is the whole data


def test_examples_and_other_files_change_no_published_row(checkout):
    root = checkout / "datapackages"
    example = next(p for p in validate(root=root).plans if p.is_example)
    path = example.directory / "companies.csv"
    rows = read_rows(path)
    rows[1][1] = rows[1][1] + "（改）"
    write_rows(path, rows)
    (root / "editions" / "2026-11").mkdir(parents=True)
    (root / "editions" / "2026-11" / "plans.csv").write_text("plan_id\n", encoding="utf-8")
    commit_all(checkout, "example and an edition", "2026-11-30T09:00:00+09:00")
    release = releases_of(root)[-1]
    assert (release.version, release.changes, release.files) == (
        "2026-11-30",
        (),
        ("editions/2026-11/plans.csv",),
    )


def test_uncommitted_data_is_a_local_release_that_names_its_changes(checkout):
    root = checkout / "datapackages"
    add_company(root)
    committed, local = releases_of(root)
    assert (local.version, local.local, local.commit) == ("2026-11-22+local", True, "")
    assert local.changes == (Change("companies", "b-fixture-tokyo", NEW_COMPANY, "added"),)
    assert not committed.local


def test_data_outside_git_is_named_by_its_newest_date_and_its_content(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for copy in (one, two):
        shutil.copytree(FIXTURES / "repo" / "datapackages", copy)
    assert history.data_commits(one) is None
    (first,) = releases_of(one)
    newest = max(p.info.updated_on for p in validate(root=one).plans if p.is_public)
    assert re.fullmatch(re.escape(newest) + r"\+[0-9a-f]{8}", first.version) and first.local
    assert releases_of(two)[0].version == first.version  # the same data, the same name
    add_company(two)
    assert releases_of(two)[0].version != first.version


def test_version_names_count_within_a_day_in_japan():
    def commit(time):
        return history.DataCommit("0" * 40, time, ())

    day = int(
        datetime.datetime(2026, 11, 22, tzinfo=datetime.timezone(datetime.timedelta(hours=9))).timestamp()
    )
    assert version_names([commit(day), commit(day + 3600), commit(day - 1), commit(day + 86400)]) == [
        ("2026-11-22", "2026-11-22"),
        ("2026-11-22.2", "2026-11-22"),
        ("2026-11-21", "2026-11-21"),
        ("2026-11-23", "2026-11-23"),
    ]


def test_the_site_names_its_release_in_the_package_the_catalogue_the_citation_and_the_list(fixture_site):
    root = FIXTURES / "repo" / "datapackages"
    expected = releases_of(root)
    package = json.loads((fixture_site / urls.national_file("datapackage.json")).read_text(encoding="utf-8"))
    catalogue = json.loads((fixture_site / urls.CATALOG).read_text(encoding="utf-8"))
    listed = json.loads((fixture_site / urls.RELEASES).read_text(encoding="utf-8"))
    national = next(d for d in catalogue["dataset"] if d["identifier"] == "chiiki-mirai-data:national")
    assert package["version"] == national["version"] == listed["current"] == expected[-1].version
    assert national["modified"] == expected[-1].date
    assert [r["version"] for r in listed["releases"]] == [r.version for r in reversed(expected)]
    assert listed["releases"][-1]["changes"][0] == expected[0].changes[0].as_dict()
    examples = json.loads((fixture_site / urls.example_file("datapackage.json")).read_text(encoding="utf-8"))
    assert "version" not in examples  # the fiction is never a release of the data
    downloads = (fixture_site / urls.DOWNLOADS / "index.html").read_text(encoding="utf-8")
    document = json.loads(
        BeautifulSoup(downloads, "html.parser").find("script", type="application/ld+json").string
    )
    assert (document["version"], document["dateModified"]) == (expected[-1].version, expected[-1].date)
    assert f"データ版 {expected[-1].version}（データ規約 v1）" in downloads
    assert downloads.count('<tr><td class="nowrap">') == min(len(expected), 10)


def test_the_release_asset_is_the_sites_national_zip_under_the_releases_name(fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_site / "data", site / "data")
    record = {
        "version": "2026-11-30.2",
        "date": "2026-11-30",
        "commit": "a" * 40,
        "local": False,
        "files": [],
    }
    record["changes"] = [Change("companies", "b-fixture-tokyo", NEW_COMPANY, "added").as_dict()]
    (site / urls.RELEASES).write_text(
        json.dumps({"current": "2026-11-30.2", "releases": [record]}), encoding="utf-8"
    )
    assert write_release_asset(site, tmp_path / "out") == record
    asset = tmp_path / "out" / "chiiki-mirai-plans-2026-11-30.2.zip"
    assert asset.read_bytes() == (site / urls.national_file("chiiki-mirai-plans.zip")).read_bytes()
    assert zipfile.is_zipfile(asset)
    notes = (tmp_path / "out" / "notes.md").read_text(encoding="utf-8")
    assert (
        "データ版 2026-11-30.2" in notes and f"追加：重点支援企業 {NEW_COMPANY}（b-fixture-tokyo）" in notes
    )
    record["local"] = True
    (site / urls.RELEASES).write_text(
        json.dumps({"current": "2026-11-30.2", "releases": [record]}), encoding="utf-8"
    )
    assert write_release_asset(site, tmp_path / "local") is None and not (tmp_path / "local").exists()
