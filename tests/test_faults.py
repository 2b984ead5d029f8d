"""Faults a careless operator or an attacker can cause: an --out that would delete what is there, killed and
concurrent builds, crashes between renames, forged log lines, malformed workbooks and requests. Each ends in a
refusal or a clear Japanese error, with nothing deleted and no traceback."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from browser import served
from conftest import B_PLAN, C_PLAN, FIXTURES, copy_of_site, edit_plan, read_rows, set_cell, write_rows

from build_scripts import output, paths
from build_scripts.build import build
from build_scripts.contribute import intake
from build_scripts.dev.serve import Generation, live_handler
from build_scripts.validate import report, validate

REPO = FIXTURES / "repo" / "datapackages"


def rules_of(repo, folder=None):
    return [p.rule for p in validate([repo / folder] if folder else None, root=repo).problems]


# --- where a build may write --------------------------------------------------------------------------------


@pytest.mark.serial
@pytest.mark.parametrize(
    "out",
    [
        paths.ROOT,
        paths.ROOT / "docs",
        paths.DATAPACKAGES / "site",
        paths.ROOT / "build_scripts",
        Path.home(),
        Path("/"),
        paths.ROOT.parent,
    ],
)
def test_out_that_would_delete_the_repository_or_its_parts_is_refused(out, capsys):
    before = sorted(p.name for p in paths.ROOT.iterdir())
    assert build(out, root=REPO, quiet=True) == 2
    said = capsys.readouterr().err
    assert any(words in said for words in ("使えません", "リポジトリがあります", "空ではなく")), said
    assert sorted(p.name for p in paths.ROOT.iterdir()) == before


def test_a_folder_with_other_content_is_refused_and_kept(tmp_path, capsys):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "uncommitted.txt").write_text("大事なメモ", encoding="utf-8")
    assert build(out, root=REPO, quiet=True) == 2
    assert "空ではなく" in capsys.readouterr().err
    assert (out / "uncommitted.txt").read_text(encoding="utf-8") == "大事なメモ"


@pytest.mark.slow
def test_an_earlier_build_is_replaced_and_carries_the_marker(fixture_site, tmp_path):
    out = copy_of_site(fixture_site, tmp_path / "site")  # the earlier build
    assert (out / output.MARKER).is_file()
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert build(out, root=REPO, quiet=True, search=False) == 0
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()


def test_the_exchange_is_atomic_on_this_system(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "which").write_text("a"), (second / "which").write_text("b")
    assert output.exchange(first, second) is True
    assert (first / "which").read_text() == "b" and (second / "which").read_text() == "a"


def test_a_crash_between_the_two_renames_is_put_right_at_the_next_start(fixture_site, tmp_path):
    out = copy_of_site(fixture_site, tmp_path / "site")
    aside = output.aside_of(out, output.work_prefix(out))
    out.rename(aside)  # the fallback's first rename happened, then the crash
    (tmp_path / (output.work_prefix(out) + "dead")).mkdir()
    output.recover(out)
    assert (out / "index.html").is_file() and not aside.exists()
    assert not list(tmp_path.glob(output.work_prefix(out) + "*"))


@pytest.mark.slow
def test_the_fallback_swap_without_exchange_still_gives_a_whole_site(fixture_site, tmp_path, monkeypatch):
    monkeypatch.setattr(output, "exchange", lambda first, second: False)
    out = copy_of_site(fixture_site, tmp_path / "site")
    backup = out.with_name(
        "site.old"
    )  # a person's own backup beside the site, with the name builds once used
    backup.mkdir()
    (backup / "mine.txt").write_text("keep me", encoding="utf-8")
    assert build(out, root=REPO, quiet=True, search=False) == 0
    assert (out / "index.html").is_file() and not output.aside_of(out, output.work_prefix(out)).exists()
    assert (backup / "mine.txt").read_text(encoding="utf-8") == "keep me"
    output.recover(out)
    assert (backup / "mine.txt").read_text(encoding="utf-8") == "keep me"


def chiiki_build(out: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "build_scripts", "build", "--root", str(REPO), "--out", str(out), *options],
        cwd=paths.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"SOURCE_DATE_EPOCH": "1795305600"},
    )


@pytest.mark.slow
def test_a_killed_build_leaves_the_last_site_whole_and_its_work_is_removed_next_time(fixture_site, tmp_path):
    out = copy_of_site(fixture_site, tmp_path / "site")
    before = (out / "index.html").read_bytes()
    running = chiiki_build(out)
    time.sleep(1.5)  # in the middle of its work
    running.send_signal(signal.SIGKILL)
    running.wait()
    assert (out / "index.html").read_bytes() == before and (out / output.MARKER).is_file()
    assert build(out, root=REPO, quiet=True, search=False) == 0
    assert not list(tmp_path.glob(output.work_prefix(out) + "*"))


@pytest.mark.slow
def test_two_builds_into_one_out_take_turns(tmp_path):
    out = tmp_path / "site"
    first, second = chiiki_build(out, "--no-search"), chiiki_build(out, "--no-search")
    results = [process.communicate(timeout=300) + (process.returncode,) for process in (first, second)]
    for stdout, stderr, code in results:
        assert code == 0 and "Traceback" not in stderr, stderr[-2000:]
    assert (out / "index.html").is_file() and (out / output.MARKER).is_file()


# --- text that reaches a log ---------------------------------------------------------------------------------


def test_a_header_with_a_newline_cannot_forge_a_log_line(repo):
    path = repo / B_PLAN / "companies.csv"
    rows = read_rows(path)
    rows[0][1] = "name\n::error file=x::forged"
    write_rows(path, rows)
    text = report.as_text(validate([repo / B_PLAN], root=repo).problems, 1)
    assert not any(line.startswith("::") for line in text.splitlines())
    assert "\\n::error" in text


# --- rules the faults issue adds ------------------------------------------------------------------------------


def test_an_example_may_not_carry_a_real_corporate_number(repo):
    example = "prefectures/20-nagano/b-fixture-example"
    set_cell(repo / example / "companies.csv", 2, "corporate_number", "5010001008846")
    assert "example-label" in rules_of(repo, example)


def test_a_b_or_c_plan_covers_its_folders_prefecture_only(repo):
    edit_plan(repo / B_PLAN, lambda d: d["plan"]["area"].update(prefectures=["13", "20"]))
    assert "area" in rules_of(repo, B_PLAN)


def test_a_plan_id_with_a_trailing_newline_is_refused(repo):
    edit_plan(repo / C_PLAN, lambda d: d["plan"].update(id=d["plan"]["id"] + "\n"))
    assert "plan-metadata" in rules_of(repo, C_PLAN)


def test_problems_are_capped_per_rule_with_a_count_of_the_rest(repo):
    path = repo / B_PLAN / "companies.csv"
    header, first = read_rows(path)[:2]
    write_rows(path, [header] + [[str(n).zfill(13)] + [""] + first[2:] for n in range(1500)])
    required = [p for p in validate([repo / B_PLAN], root=repo).problems if p.rule == "required"]
    assert len(required) == 1001 and "ほかにも同じ問題が 500 件" in required[-1].detail


# --- workbooks and requests -----------------------------------------------------------------------------------


def test_a_csv_renamed_xlsx_is_refused_in_japanese(tmp_path, repo):
    fake = tmp_path / "plan.xlsx"
    fake.write_text("corporate_number,name\n", encoding="utf-8")
    result = intake.import_workbook(fake, repo)
    assert result.folder is None and "Excel のファイル（.xlsx）ではありません" in result.problems[0].detail


def test_a_workbook_with_an_entity_bomb_is_refused(tmp_path, repo):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Types>&b;</Types>',
        )
    result = intake.import_workbook(bomb, repo)
    assert result.folder is None and "DOCTYPE" in result.problems[0].detail


def test_import_refuses_an_id_another_plan_uses(tmp_path, repo):
    workbook = tmp_path / "plan.xlsx"
    workbook.write_bytes(intake.export_plan(repo / C_PLAN))
    (repo / C_PLAN).rename(
        repo / "prefectures/13-tokyo/c-fixture-moved"
    )  # the id now lives in another folder
    result = intake.import_workbook(workbook, repo)
    assert result.folder is None
    [taken] = [p for p in result.problems if p.rule == "duplicate-plan-id"]
    assert "c-fixture-moved" in taken.detail and not (repo / C_PLAN).exists()


def test_serve_answers_a_malformed_path_with_400(tmp_path):
    (tmp_path / "index.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    with served(tmp_path, live_handler(tmp_path, Generation())) as url:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(url + "%00")
        assert answer.value.code == 400
        assert urllib.request.urlopen(url).status == 200
