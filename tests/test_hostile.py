"""Hostile and mistaken input: every case ends in a clear Japanese error (rule, file, line, message), within
bounded time and memory, with nothing published and no traceback; Hypothesis looks for inputs that would not."""

import os
import re
import subprocess
import sys
import time
import unicodedata

import pytest
from conftest import B_PLAN, C_PLAN, FIXTURES, edit_plan, read_rows, set_cell, write_rows
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_scripts import load, paths
from build_scripts.build import build
from build_scripts.cli import main
from build_scripts.validate import validate
from build_scripts.validate.checks.cells import _INVISIBLE

DESCRIPTOR = paths.DESCRIPTOR_NAME


def problems_of(repo, folder=None):
    return [p.as_dict() for p in validate([repo / folder] if folder else None, root=repo).problems]


def rules_of(repo, folder=None):
    return {p["rule"] for p in problems_of(repo, folder)}


MEASURED = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)"
)


def run_validate(*args: str, timeout: float = 60) -> tuple[int, str, float, int]:
    """`chiiki validate` as a fresh process: exit code, output, seconds, and its own peak memory (MB), measured by a
    wrapper process of its own (this test process has had other children: browsers, Pagefind)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, sys.executable, "-m", "build_scripts", "validate", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=paths.ROOT,
    )
    peak = int(re.search(r"peak-kb (\d+)", done.stderr).group(1)) // 1024
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - started, peak


# --- descriptors ------------------------------------------------------------------------------------------

ALIAS_BOMB = (
    "\n".join(
        ["plan:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        + [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    )
    + "\n"
)


def test_an_alias_bomb_is_refused_before_it_expands(repo):
    (repo / B_PLAN / DESCRIPTOR).write_text(ALIAS_BOMB, encoding="utf-8")
    code, output, seconds, peak = run_validate("--root", str(repo), str(repo / B_PLAN))
    assert code == 1 and "yaml-alias" in output and "アンカー" in output and "Traceback" not in output
    assert seconds < 20 and peak < 400, (seconds, peak)


def test_a_key_given_twice_is_refused_with_both_lines(repo):
    path = repo / B_PLAN / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  status: approved\n", "  status: draft\n  status: approved\n", 1), encoding="utf-8"
    )
    [problem] = [p for p in problems_of(repo, B_PLAN) if p["rule"] == "duplicate-key"]
    assert "「status」" in problem["message"] and problem["line"] > 1 and "2回" in problem["message"]


@pytest.mark.parametrize(
    "text,rule",
    [
        ("plan:\n" + "  " * 1 + "a: " + "[" * 100 + "]" * 100 + "\n", "limit"),  # deep nesting
        ("plan:\n  x: &self [*self]\n", "yaml-alias"),  # a self-referencing alias
        ("plan: " + "x" * 1_100_000 + "\n", "limit"),  # over 1 MB
        ("plan:\n  id: [unclosed\n", "yaml-syntax"),
        ("- just\n- a list\n", "yaml-syntax"),
    ],
)
def test_descriptors_that_would_crash_or_swell_are_reported(repo, text, rule):
    (repo / B_PLAN / DESCRIPTOR).write_text(text, encoding="utf-8")
    assert rule in rules_of(repo, B_PLAN)


def test_deep_nesting_does_not_crash_the_process(repo):
    (repo / B_PLAN / DESCRIPTOR).write_text("plan: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    code, output, _, _ = run_validate("--root", str(repo), str(repo / B_PLAN))
    assert code == 1 and "limit" in output and "Traceback" not in output


def test_one_broken_plan_does_not_stop_the_others(repo):
    path = repo / C_PLAN / DESCRIPTOR
    path.write_text(
        path.read_text(encoding="utf-8").replace("  area:\n", "  area: null\n  unused_area:\n", 1),
        encoding="utf-8",
    )
    set_cell(repo / B_PLAN / "companies.csv", 2, "corporate_number", "7010401067252")
    problems = problems_of(repo)
    assert any(p["file"].endswith(f"{C_PLAN}/{DESCRIPTOR}") for p in problems)
    assert any(p["rule"] == "corporate-number" for p in problems)  # the other plan is still checked


# --- files ------------------------------------------------------------------------------------------------


def test_a_resource_that_links_outside_is_refused_and_never_read(repo, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text(read_rows_text(repo / B_PLAN / "companies.csv"), encoding="utf-8")
    (repo / B_PLAN / "companies.csv").unlink()
    (repo / B_PLAN / "companies.csv").symlink_to(secret)
    [problem] = [p for p in problems_of(repo, B_PLAN) if p["rule"] == "not-regular-file"]
    assert problem["file"].endswith("companies.csv") and "シンボリックリンク" in problem["message"]
    assert build(tmp_path / "site", root=repo, quiet=True) == 1


def read_rows_text(path) -> str:
    return path.read_text(encoding="utf-8")


def test_a_fifo_a_folder_and_a_linked_descriptor_are_refused(repo, tmp_path):
    os.mkfifo(repo / B_PLAN / "kpis.csv.fifo")
    (repo / B_PLAN / "kpis.csv").unlink()
    os.rename(repo / B_PLAN / "kpis.csv.fifo", repo / B_PLAN / "kpis.csv")
    (repo / B_PLAN / "measures.csv").unlink()
    (repo / B_PLAN / "measures.csv").mkdir()
    started = time.perf_counter()
    found = [p for p in problems_of(repo, B_PLAN) if p["rule"] == "not-regular-file"]
    assert time.perf_counter() - started < 10  # a FIFO is never opened
    assert {p["file"].rsplit("/", 1)[-1] for p in found} == {"kpis.csv", "measures.csv"}
    descriptor = repo / C_PLAN / DESCRIPTOR
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(descriptor.read_bytes())
    descriptor.unlink()
    descriptor.symlink_to(outside)
    assert "not-regular-file" in rules_of(repo, C_PLAN)


def test_a_linked_plan_folder_is_refused(repo, tmp_path):
    real = tmp_path / "elsewhere" / "c-fixture-chiyoda"
    (repo / C_PLAN).rename(real.parent.mkdir() or real)
    (repo / C_PLAN).symlink_to(real, target_is_directory=True)
    assert "not-regular-file" in rules_of(repo)


# --- characters and cells ---------------------------------------------------------------------------------


def test_a_direction_override_in_a_company_name_is_named(repo):
    set_cell(repo / B_PLAN / "companies.csv", 2, "name", "テスト\u202e精密株式会社")
    [problem] = [p for p in problems_of(repo, B_PLAN) if p["rule"] == "invisible-character"]
    assert (
        "U+202E" in problem["message"]
        and "RIGHT-TO-LEFT OVERRIDE" in problem["message"]
        and problem["row"] == 2
    )


@pytest.mark.parametrize(
    "text,rule",
    [
        ("計画\u200bの名前", "invisible-character"),
        ("計画\x01名", "control-character"),
        ("計画\x0c名", "control-character"),
        ("計画\ufffe名", "control-character"),
    ],
)
def test_descriptor_text_gets_the_same_character_rules(repo, text, rule):
    path = repo / B_PLAN / DESCRIPTOR
    source = path.read_text(encoding="utf-8")
    title = re.search(r"^  title: (.*)$", source, re.M).group(1)
    path.write_text(
        source.replace(f"  title: {title}", '  title: "' + text.encode("unicode_escape").decode() + '"', 1),
        encoding="utf-8",
    )
    assert rule in rules_of(repo, B_PLAN)


def test_a_formula_after_spaces_is_still_a_formula(repo):
    set_cell(repo / B_PLAN / "companies.csv", 2, "industry", ' =HYPERLINK("http://x")')
    assert "formula-prefix" in rules_of(repo, B_PLAN)


def test_the_invisible_list_is_unicodes_format_characters():
    format_characters = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    listed = {chr(c) for c in range(0x110000) if _INVISIBLE.fullmatch(chr(c))}
    assert format_characters - listed == set()  # nothing of Unicode's list is missing
    # the rest are format characters of a later Unicode than this Python's, or unassigned in the ranges (U+2065)
    assert all(unicodedata.category(c) == "Cn" for c in listed - format_characters)


@pytest.mark.parametrize(
    "change",
    [lambda m: m["period"].update(start_fy=2026.0), lambda m: m["fields"][0].update(strategic_fields=[1.0])],
)
def test_whole_numbers_written_as_decimals_are_refused(repo, change):
    edit_plan(repo / B_PLAN, lambda d: change(d["plan"]))
    [problem] = [p for p in problems_of(repo, B_PLAN) if p["rule"] == "plan-metadata"]
    assert "整数" in problem["message"]


def test_a_full_width_year_is_one_error_not_two(repo):
    set_cell(repo / B_PLAN / "investments.csv", 2, "start_fy", "２０２６")
    found = [p for p in problems_of(repo, B_PLAN) if p["row"] == 2 and p["file"].endswith("investments.csv")]
    assert [p["rule"] for p in found] == ["type"] and "2026" in found[0]["message"]


def test_pattern_messages_speak_words_and_a_five_digit_code_gets_its_check_digit(repo):
    set_cell(repo / B_PLAN / "companies.csv", 2, "municipality_code", "20201")
    [problem] = [p for p in problems_of(repo, B_PLAN) if p["rule"] == "pattern"]
    assert (
        "6桁の半角数字" in problem["message"]
        and "[0-9]" not in problem["message"]
        and "「202011」" in problem["message"]
    )


def test_a_huge_integer_is_a_type_error_not_a_crash(repo):
    set_cell(repo / B_PLAN / "investments.csv", 2, "start_fy", "9" * 5000)
    [problem] = [p for p in problems_of(repo, B_PLAN) if p["rule"] in ("type", "limit") and p["row"] == 2]
    assert "15桁" in problem["message"] or "上限" in problem["message"]


def test_limits_on_cells_and_rows(repo):
    set_cell(repo / B_PLAN / "companies.csv", 2, "role", "あ" * 10_001)
    assert "limit" in rules_of(repo, B_PLAN)
    path = repo / B_PLAN / "measures.csv"
    header, first = read_rows(path)[:2]
    write_rows(path, [header] + [first] * (load.MAX_ROWS + 1))
    [problem] = [
        p for p in problems_of(repo, B_PLAN) if p["rule"] == "limit" and p["file"].endswith("measures.csv")
    ]
    assert "行が多すぎます" in problem["message"]


def test_rows_sharing_a_blank_number_stay_linear(repo):
    path = repo / B_PLAN / "companies.csv"
    header, first = read_rows(path)[:2]
    write_rows(path, [header] + [[""] + first[1:]] * 20_000)
    started = time.perf_counter()
    problems = problems_of(repo, B_PLAN)
    assert time.perf_counter() - started < 30
    assert not any(p["rule"] == "company-in-two-plans" for p in problems)
    required = [p for p in problems if p["rule"] == "required"]
    assert len(required) == 1001 and "19,000" in required[-1]["message"]  # capped, with a count of the rest


# --- the command line -------------------------------------------------------------------------------------


def test_a_folder_without_a_plan_is_a_usage_error(capsys, tmp_path):
    assert main(["validate", str(paths.ROOT / "docs")]) == 2
    assert "外" in capsys.readouterr().err
    assert main(["validate", str(paths.DATAPACKAGES / "reference")]) == 2
    assert "計画がありません" in capsys.readouterr().err
    assert main(["validate", str(tmp_path)]) == 2  # outside the repository (not a folder holding it)
    assert main(["validate", str(paths.ROOT)]) == 0  # the repository itself holds every plan


# --- property-based: whatever arrives, an answer, never an exception ------------------------------------------

FAST = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(st.binary(max_size=2000))
@example(b"\xef\xbb\xbf")  # a BOM and nothing else
@example(b'"unclosed\n')
@example(b"a,b\r\n\x00,\xff")
def test_any_bytes_as_a_csv_give_a_table_or_problems(tmp_path, data):
    path = tmp_path / "companies.csv"
    path.write_bytes(data)
    table, problems = load.read_table("companies", path)
    assert table is not None or problems
    assert all(p.rule in ("encoding", "csv-syntax", "limit") for p in problems)


TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@pytest.mark.slow
@FAST
@given(
    value=TEXT,
    column=st.sampled_from(
        ["corporate_number", "name", "municipality_code", "industry", "role", "selection_basis"]
    ),
)
@example(value="=1+1", column="name")
@example(value="\u202e", column="name")
def test_any_text_in_any_cell_gives_problems_not_exceptions(repo, value, column):
    path = repo / B_PLAN / "companies.csv"
    rows = read_rows(
        FIXTURES / "repo/datapackages" / B_PLAN / "companies.csv"
    )  # the pristine file, each example
    rows[1][rows[0].index(column)] = value
    write_rows(path, rows)
    problems = problems_of(repo, B_PLAN)
    assert isinstance(problems, list) and all(p["rule"] and p["message"] for p in problems)
    if (value, column) in EXPECTED_CELL_RULES:  # the explicit examples: the rule they must get, at their cell
        rule = EXPECTED_CELL_RULES[value, column]
        assert [(p["row"], p["column"]) for p in problems if p["rule"] == rule] == [(2, column)], problems


EXPECTED_CELL_RULES = {("=1+1", "name"): "formula-prefix", ("\u202e", "name"): "invisible-character"}


YAMLISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)


@pytest.mark.slow
@FAST
@given(
    plan=st.dictionaries(
        st.sampled_from(
            [
                "id",
                "kind",
                "title",
                "status",
                "example",
                "area",
                "fields",
                "period",
                "sources",
                "summary",
                "updated_on",
                "requirements",
            ]
        ),
        YAMLISH,
        max_size=8,
    )
)
@example(plan={"kind": ["B"], "area": None})  # single-value changes that used to raise
@example(plan={"area": {}, "period": {"start_fy": 2026.0, "end_fy": "2028"}})
def test_any_descriptor_gives_exit_0_1_or_2_with_a_message(repo, capsys, plan):
    import yaml

    path = repo / B_PLAN / DESCRIPTOR
    descriptor = yaml.safe_load(
        (FIXTURES / "repo/datapackages" / B_PLAN / DESCRIPTOR).read_text(encoding="utf-8")
    )
    descriptor["plan"] = descriptor["plan"] | plan
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    code = main(["validate", "--root", str(repo), str(repo / B_PLAN)])
    output = capsys.readouterr()
    assert code in (0, 1) and ("件の計画を検査しました" in output.out)
    for key, rule in EXPECTED_DESCRIPTOR_RULES.items():  # the explicit examples: the rule each must get
        if plan.get(key) == EXPLICIT_PLANS[key]:
            assert code == 1 and rule in rules_of(repo, B_PLAN), (key, output.out)


# Single-value changes that used to raise, and the rule each gets now.
EXPLICIT_PLANS = {"kind": ["B"], "period": {"start_fy": 2026.0, "end_fy": "2028"}}
EXPECTED_DESCRIPTOR_RULES = {"kind": "plan-metadata", "period": "plan-metadata"}


@pytest.mark.slow
@settings(
    derandomize=True,
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=TEXT.filter(lambda t: t.strip()),
    summary=TEXT,
    start=st.integers(1990, 2040),
    length=st.integers(0, 6),
)
@example(name="テスト<script>${x}`", summary="<b onclick=x>概要</b> ${x} `y`", start=2026, length=4)
def test_everything_that_validates_also_builds(repo, tmp_path_factory, name, summary, start, length):
    rows = read_rows(FIXTURES / "repo/datapackages" / B_PLAN / "companies.csv")
    rows[1][rows[0].index("name")] = name
    write_rows(repo / B_PLAN / "companies.csv", rows)
    descriptor = (FIXTURES / "repo/datapackages" / B_PLAN / DESCRIPTOR).read_text(encoding="utf-8")
    (repo / B_PLAN / DESCRIPTOR).write_text(descriptor, encoding="utf-8")
    edit_plan(
        repo / B_PLAN,
        lambda d: d["plan"].update(summary=summary, period={"start_fy": start, "end_fy": start + length}),
    )
    if validate(root=repo).valid:
        assert build(tmp_path_factory.mktemp("built") / "site", root=repo, quiet=True, search=False) == 0
