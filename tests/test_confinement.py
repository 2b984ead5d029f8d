"""The contributor tools write only where a plan belongs, and a refused command changes nothing (issue 22).

Each test works in a copy of the fixture repository with a folder of someone else's beside it; a snapshot of
the whole temporary folder before and after shows that nothing outside (and, when refused, nothing inside)
changed.
"""

import functools
import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import A_PLAN, B_PLAN, FIXTURES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from build_scripts import output, paths
from build_scripts.cli import main
from build_scripts.contribute import intake, scaffold

FIXTURE_ROOT = FIXTURES / "repo" / "datapackages"


def snapshot(folder) -> dict:
    """Every path under `folder` with what it is: a link's target, a file's hash, or a folder."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_file():
            found[key] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            found[key] = ("folder",)
    return found


@pytest.fixture
def world(tmp_path):
    """tmp/repo/datapackages (a copy of the fixture data), tmp/repo/docs/images and tmp/outside: what a bad path
    could reach."""
    root = tmp_path / "repo" / "datapackages"
    shutil.copytree(FIXTURE_ROOT, root)
    for other in (tmp_path / "repo" / "docs" / "images", tmp_path / "outside"):
        other.mkdir(parents=True)
        (other / "precious.txt").write_text("someone's work", encoding="utf-8")
    return root


@functools.cache
def exported(plan: str) -> bytes:
    return intake.export_plan(FIXTURE_ROOT / plan)


def workbook_with(tmp_path, plan: str, **plan_values) -> os.PathLike:
    """The plan's workbook with keys of its 計画 sheet set (area_block → area.block)."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(exported(plan))
    book = load_workbook(path)
    sheet = book[intake.PLAN_SHEET]
    wanted = {key.replace("__", ".").replace("area_", "area."): value for key, value in plan_values.items()}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in wanted:
            row[1].value = wanted.pop(row[0].value)
    assert not wanted, wanted  # every key was found
    book.save(path)
    return path


TRAVERSING_IDS = [
    "../../../docs/images",
    "../../../../outside",
    "b-x/../../../../outside",
    "..",
    "/tmp/x",
    "b-x\\..\\..",
]


@pytest.mark.parametrize("plan_id", TRAVERSING_IDS)
def test_a_plan_id_with_path_components_is_refused_and_nothing_moves(world, tmp_path, plan_id):
    path = workbook_with(tmp_path, B_PLAN, id=plan_id)
    before = snapshot(tmp_path)
    result = intake.import_workbook(path, world)
    assert result.folder is None
    assert [(p.rule, p.file) for p in result.problems if p.grade == "error"][-1:] == [
        ("plan-metadata", "計画")
    ]
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "block", ["../../../docs/images", "kyushu/../../../../outside", "..", "kyushu/..", "not-a-block"]
)
def test_an_a_plans_block_with_path_components_is_refused_and_nothing_moves(world, tmp_path, block):
    path = workbook_with(tmp_path, A_PLAN, area_block=block)
    before = snapshot(tmp_path)
    result = intake.import_workbook(path, world)
    assert result.folder is None
    assert "block-id" in [p.rule for p in result.problems]
    assert snapshot(tmp_path) == before


def test_a_prefecture_folder_that_links_outside_is_refused(world, tmp_path):
    tokyo = world / "prefectures" / "13-tokyo"
    shutil.rmtree(tokyo)
    tokyo.symlink_to(tmp_path / "outside", target_is_directory=True)
    path = workbook_with(tmp_path, B_PLAN)
    path.write_bytes(exported(B_PLAN))
    before = snapshot(tmp_path)
    result = intake.import_workbook(path, world)
    assert result.folder is None
    assert [p.rule for p in result.problems if p.grade == "error"] == ["folder-layout"]
    assert snapshot(tmp_path) == before


def test_the_command_refuses_in_japanese_without_a_traceback(world, tmp_path, capsys):
    path = workbook_with(tmp_path, B_PLAN, id="../../../docs/images")
    before = snapshot(tmp_path)
    assert main(["import-xlsx", str(path), "--root", str(world)]) == 1
    out, err = capsys.readouterr()
    assert "計画ID（id）「../../../docs/images」は英小文字・数字・ハイフン" in out
    assert "何も書き込みませんでした" in out and "Traceback" not in out + err
    assert snapshot(tmp_path) == before


def test_paths_made_from_data_stay_inside_their_root(tmp_path):
    root = tmp_path / "datapackages"
    assert paths.plan_folder(root, "A", "a-kyushu", block="kyushu") == root / "blocks" / "kyushu" / "a-kyushu"
    for plan_id in TRAVERSING_IDS + ["", ".hidden", "a/b", "a\x00b", 3]:
        with pytest.raises(paths.OutsideFolder):
            paths.plan_folder(root, "B", plan_id, prefecture="13", name_en="Tokyo")
    (tmp_path / "elsewhere").mkdir()
    (root / "blocks").mkdir(parents=True)
    (root / "blocks" / "kyushu").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(paths.OutsideFolder):
        paths.plan_folder(root, "A", "a-kyushu", block="kyushu")


# --- importing over a plan that is already there -----------------------------------------------------------------


def test_an_import_over_a_plan_keeps_the_contributors_own_files(world, tmp_path):
    folder = world / B_PLAN
    (folder / "memo.txt").write_text("担当者のメモ", encoding="utf-8")
    path = workbook_with(tmp_path, B_PLAN)
    result = intake.import_workbook(path, world)
    assert result.folder == folder and result.kept == ["memo.txt"]
    assert (folder / "memo.txt").read_text(encoding="utf-8") == "担当者のメモ"
    assert not list(folder.parent.glob(intake.work_prefix(folder) + "*"))


def test_a_table_whose_sheet_is_missing_is_not_deleted(world, tmp_path):
    path = workbook_with(tmp_path, B_PLAN)
    book = load_workbook(path)
    del book[intake.SHEETS["kpis"]]
    book.save(path)
    before = snapshot(tmp_path)
    result = intake.import_workbook(path, world)
    assert result.folder is None
    [missing] = [p for p in result.problems if p.rule == "missing-table"]
    assert "シート「KPI」がありません" in missing.detail and "kpis.csv" in missing.detail
    assert snapshot(tmp_path) == before


def test_a_failure_while_putting_in_place_leaves_the_old_plan_whole(world, tmp_path, monkeypatch):
    folder = world / B_PLAN
    path = workbook_with(tmp_path, B_PLAN, title="新しい名称")
    before = snapshot(tmp_path)

    def killed(*arguments):
        raise KeyboardInterrupt  # as if stopped between writing the new folder and exchanging it

    monkeypatch.setattr(output, "replace_folder", killed)
    with pytest.raises(KeyboardInterrupt):
        intake.import_workbook(path, world)
    assert snapshot(tmp_path) == before
    monkeypatch.undo()
    assert intake.import_workbook(path, world).folder == folder
    assert "新しい名称" in (folder / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8")


def test_a_plan_left_aside_by_a_killed_import_is_put_back_first(world, tmp_path):
    folder = world / B_PLAN
    aside = output.aside_of(folder, intake.work_prefix(folder))
    folder.rename(aside)  # killed between the fallback's two renames
    path = workbook_with(tmp_path, B_PLAN)
    result = intake.import_workbook(path, world)
    assert result.folder == folder and not aside.exists()


# --- new-plan --------------------------------------------------------------------------------------------------


def test_new_plan_refuses_a_former_id_and_an_existing_empty_folder(world, capsys):
    descriptor = (world / B_PLAN / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8")
    (world / B_PLAN / paths.DESCRIPTOR_NAME).write_text(
        descriptor.replace("  kind: B\n", "  former_ids:\n  - b-tokyo-old\n  kind: B\n"), encoding="utf-8"
    )
    with pytest.raises(scaffold.ScaffoldError, match="すでに使われています"):
        scaffold.new_plan("B", "b-tokyo-old", prefecture="13", root=world)
    (world / "prefectures" / "13-tokyo" / "b-tokyo-empty").mkdir()
    before = snapshot(world)
    assert (
        main(["new-plan", "--kind", "B", "--id", "b-tokyo-empty", "--prefecture", "13", "--root", str(world)])
        == 2
    )
    assert "すでにあります" in capsys.readouterr().err
    assert snapshot(world) == before


# --- fmt -------------------------------------------------------------------------------------------------------


def fmt(root, capsys) -> tuple[int, str]:
    code = main(["fmt", "--root", str(root)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def test_fmt_puts_keys_in_order_and_keeps_every_comment_above_its_key(world, capsys):
    path = world / B_PLAN / paths.DESCRIPTOR_NAME
    original = path.read_text(encoding="utf-8")
    moved = original.replace("  id: b-fixture-tokyo\n", "").replace(
        "  kind: B\n", "  kind: B  # 種類は B\n  # 計画ID（担当者のメモ）\n  id: b-fixture-tokyo\n"
    )
    path.write_text("# 東京都の計画（メモ）\n" + moved, encoding="utf-8")
    assert fmt(world, capsys)[0] == 0
    assert path.read_text(encoding="utf-8") == "# 東京都の計画（メモ）\n" + original.replace(
        "  kind: B\n", "  # 種類は B\n  kind: B\n"
    ).replace("  id: b-fixture-tokyo\n", "  # 計画ID（担当者のメモ）\n  id: b-fixture-tokyo\n")


def test_fmt_keeps_the_scaffolds_comments(world, capsys):
    folder = scaffold.new_plan("C", "c-tokyo-fmt", prefecture="13", municipality="131016", root=world)
    path = folder / paths.DESCRIPTOR_NAME
    written = path.read_text(encoding="utf-8")
    lines = written.splitlines(keepends=True)
    kind = lines.index("  kind: C\n")
    lines[kind - 1 : kind + 1], lines[kind - 3 : kind - 1] = (
        lines[kind - 3 : kind - 1],
        lines[kind - 1 : kind + 1],
    )
    path.write_text("".join(lines), encoding="utf-8")  # kind (with its comment) before former_ids/id
    assert "".join(lines) != written
    assert fmt(world, capsys)[0] == 0
    assert path.read_text(encoding="utf-8") == written


def test_a_hash_line_inside_a_text_block_is_text_not_a_comment(world, capsys):
    path = world / B_PLAN / paths.DESCRIPTOR_NAME
    text = path.read_text(encoding="utf-8")
    assert "  summary: " in text
    start = text.index("  summary: ")
    end = text.index("\n", start)
    path.write_text(
        text[:start] + "  summary: |\n    # 見出し\n    本文\n" + text[end + 1 :], encoding="utf-8"
    )
    assert fmt(world, capsys)[0] == 0
    from build_scripts.load import yamlio

    assert yamlio.load(path.read_text(encoding="utf-8"))["plan"]["summary"] == "# 見出し\n本文\n"


@pytest.mark.parametrize(
    "spoil,words",
    [
        (lambda text: text.replace("  kind: B\n", "  kind: B\n  kind: C\n").encode(), "2回"),
        (lambda text: text.replace("  id:", "  kind: C\n  id:").encode("utf-8"), "2回"),
        (
            lambda text: ("# 東京都\n" + text.replace("  id:", "  kind: C\n  id:")).encode("shift_jis"),
            "UTF-8",
        ),
        (lambda text: b"plan: [\n", "YAML"),
    ],
    ids=["duplicate-key", "duplicate-key-out-of-order", "shift-jis", "broken-yaml"],
)
def test_fmt_leaves_a_descriptor_it_cannot_rewrite_safely_as_it_is(world, capsys, spoil, words):
    path = world / B_PLAN / paths.DESCRIPTOR_NAME
    path.write_bytes(spoil(path.read_text(encoding="utf-8")))
    before = snapshot(world)
    code, err = fmt(world, capsys)
    assert code == 1 and "整形しませんでした" in err and words in err
    assert snapshot(world) == before


def test_fmt_does_not_write_through_a_linked_plan_folder(world, tmp_path, capsys):
    elsewhere = tmp_path / "outside" / "plan"
    shutil.copytree(world / B_PLAN, elsewhere)
    descriptor = elsewhere / paths.DESCRIPTOR_NAME
    text = descriptor.read_text(encoding="utf-8")  # not canonical: an unknown key goes last
    descriptor.write_text(text.replace("  title:", "  zz_later: 1\n  title:"), encoding="utf-8")
    (world / "prefectures" / "13-tokyo" / "b-linked").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(tmp_path)
    code, err = fmt(world, capsys)
    assert code == 1 and "リンク" in err
    assert snapshot(tmp_path) == before


# --- validate --changed-since ------------------------------------------------------------------------------------


@pytest.fixture
def with_an_edition(world):
    """The fixture data with the 2026-11 edition made (before `history` commits it)."""
    assert main(["edition", "--id", "2026-11", "--root", str(world)]) == 0
    return world


@pytest.fixture
def history(world, tmp_path, monkeypatch):
    """tmp/repo as a git repository: the fixture data, committed; returns (run git, base)."""
    import subprocess

    root = world.parent
    git = ["git", "-C", str(root), "-c", "user.email=t@example.invalid", "-c", "user.name=t"]

    def run(*arguments) -> str:
        return subprocess.run(
            git + list(arguments), capture_output=True, text=True, check=True
        ).stdout.strip()

    run("init", "-q")
    run("add", ".")
    run("commit", "-qm", "base")
    monkeypatch.setattr(paths, "ROOT", root)
    return run, run("rev-parse", "HEAD")


def test_an_edition_changed_with_its_hash_since_the_base_is_refused(world, with_an_edition, history, capsys):
    import hashlib
    import json

    run, base = history
    edition = world / "editions" / "2026-11"
    content = (edition / "plans.csv").read_bytes()
    changed = content.replace(b",false", b",true", 1)  # a plan made overdue after the fact
    assert changed != content
    descriptor = json.loads((edition / "datapackage.json").read_text(encoding="utf-8"))
    [plans] = [r for r in descriptor["resources"] if r["name"] == "plans"]
    plans.update(bytes=len(changed), hash="sha256:" + hashlib.sha256(changed).hexdigest())
    (edition / "plans.csv").write_bytes(changed)
    (edition / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    run("commit", "-qam", "rewrite an edition with its hash")
    assert main(["validate", "--root", str(world)]) == 0  # the hashes agree: only history shows the change
    capsys.readouterr()
    assert main(["validate", "--changed-since", base, "--root", str(world), "--format", "json"]) == 1
    found = [p for p in json.loads(capsys.readouterr().out) if p["rule"] == "edition-changed"]
    assert sorted(p["file"] for p in found) == [
        "datapackages/editions/2026-11/datapackage.json",
        "datapackages/editions/2026-11/plans.csv",
    ]


@pytest.mark.parametrize("base", ["--output=written-by-git.txt", "no-such-branch", "HEAD\n--output=x"])
def test_a_base_that_is_not_a_commit_is_refused_before_git_sees_it(world, history, tmp_path, capsys, base):
    before = snapshot(tmp_path)
    assert main(["validate", f"--changed-since={base}", "--root", str(world)]) == 2
    out, err = capsys.readouterr()
    assert "コミットではありません" in err or "コミットはこのリポジトリにありません" in err
    assert "Traceback" not in out + err
    assert snapshot(tmp_path) == before


# --- settings that reach every page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,value",
    [
        ("CHIIKI_REPOSITORY_URL", "javascript:alert(1)"),
        ("CHIIKI_SITE_URL", 'https://example.org/"><script>alert(1)</script>'),
        ("CHIIKI_SITE_URL", "https://example.org/a b"),
    ],
)
def test_a_hostile_address_setting_stops_the_build_before_it_writes(tmp_path, name, value):
    import subprocess
    import sys

    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "build_scripts", "build", "--root", str(FIXTURE_ROOT), "--out", str(out)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {name: value},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{name}=" in done.stderr and "アドレスにしてください" in done.stderr
    assert not out.exists()
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from build_scripts import settings; print(settings.{name[7:]})",  # the one setting given
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {name: value},
    )
    assert shown.stdout.strip() == ""  # a refused value never reaches a page, whoever reads the settings


# --- bounded work ------------------------------------------------------------------------------------------------


def test_folders_nested_past_the_path_limit_do_not_crash_validation(world, capsys):
    folder = world / B_PLAN
    deep = folder
    for _ in range(25):  # 25 × 201 characters: past PATH_MAX (4,096)
        deep = deep / ("x" * 200)
        try:
            deep.mkdir()
        except OSError:
            break
    os.makedirs(folder / ("x" * 200), exist_ok=True)
    fd = os.open(
        folder, os.O_RDONLY
    )  # create the deepest levels relative to a handle, as a hostile tree would
    os.close(fd)
    assert main(["validate", "--root", str(world)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "undeclared-file" in out


def test_a_table_declared_thousands_of_times_is_read_once(world, monkeypatch):
    from build_scripts import load
    from build_scripts.validate import validate

    path = world / B_PLAN / paths.DESCRIPTOR_NAME
    text = path.read_text(encoding="utf-8")
    entry = "- name: companies\n  path: companies.csv\n  schema: ../../../schemas/companies.schema.yaml\n"
    path.write_text(text + entry * 3000, encoding="utf-8")
    reads = []
    original = load.read_table
    monkeypatch.setattr(load, "read_table", lambda *a: reads.append(a[0]) or original(*a))
    plan, _ = load.read_plan(world / B_PLAN)
    assert reads.count("companies") == 1 and plan.rows("companies")
    problems = validate([world / B_PLAN], root=world).problems
    assert "companies が2回宣言されています。" in [p.detail for p in problems]


def test_stray_files_in_a_plan_folder_are_named_without_resolving_each(world, monkeypatch):
    from build_scripts.validate import validate

    for number in range(2000):
        (world / B_PLAN / f"stray-{number}.txt").write_text("", encoding="utf-8")
    calls = []
    original = paths.display.__wrapped__
    monkeypatch.setattr(paths, "display", lambda path: calls.append(path) or original(path))
    problems = [p for p in validate([world / B_PLAN], root=world).problems if p.rule == "undeclared-file"]
    assert len(problems) > 1000 and problems[0].file.endswith(
        "b-fixture-tokyo/stray-0.txt"
    )  # the report caps
    assert len(calls) < 200  # one per plan file and table, not one per stray file


def workbook_declaring(tmp_path, sheet: str, last_cell: str):
    """The B plan's workbook with one value written at `last_cell` of a sheet: the sheet's range reaches it."""
    path = workbook_with(tmp_path, B_PLAN)
    book = load_workbook(path)
    book[sheet][last_cell] = "x"
    book.save(path)
    return path


@pytest.mark.parametrize(
    "sheet,last_cell",
    [
        (intake.SHEETS["companies"], "A1048576"),
        (intake.PLAN_SHEET, "XFD2"),
        (intake.FIELDS_SHEET, "A1048576"),
    ],
)
def test_a_workbook_declaring_a_huge_sheet_is_refused_before_it_is_read(world, tmp_path, sheet, last_cell):
    import tracemalloc

    path = workbook_declaring(tmp_path, sheet, last_cell)
    assert path.stat().st_size < 100_000  # a small file
    before = snapshot(tmp_path / "repo")
    tracemalloc.start()
    result = intake.import_workbook(path, world)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.folder is None
    assert [(p.rule, p.file) for p in result.problems] == [("limit", sheet)]
    assert peak < 200_000_000  # bounded: the million empty rows are never made
    assert snapshot(tmp_path / "repo") == before


def test_field_numbers_that_are_not_numbers_are_named_by_cell(world, tmp_path):
    path = workbook_with(tmp_path, B_PLAN)
    book = load_workbook(path)
    book[intake.FIELDS_SHEET]["B2"] = "1;x"
    book.save(path)
    result = intake.import_workbook(path, world)
    assert result.folder is None
    assert [(p.rule, p.file, p.row, p.column, p.value) for p in result.problems] == [
        ("strategic-field", intake.FIELDS_SHEET, 2, intake.FIELD_HEADINGS[1], "1;x")
    ]


# --- properties: what import-xlsx and fmt refuse leaves the tree as it was ------------------------------------


PROPERTY = settings(
    derandomize=True,  # the same examples on every run: CI never meets a new one by chance
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            "../../..",
            "..",
            "/etc",
            "a/b",
            "b-fixture-tokyo",
            "=1+1",
            "\uff1d1",
            "2026-02-31",
            "9999-12-31",
            "",
            " ",
        ]
    ),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12),  # what a cell can hold
    st.integers(min_value=-(10**16), max_value=10**16),
    st.none(),
)
CELLS = st.tuples(
    st.sampled_from(
        [intake.PLAN_SHEET, intake.FIELDS_SHEET, intake.SHEETS["companies"], intake.SHEETS["kpis"]]
    ),
    st.sampled_from(["A2", "B2", "B3", "B4", "C2", "D2", "G2"]),
    HOSTILE_VALUES,
)


def fresh_world(tmp_path) -> tuple:
    """A new copy of the fixture repository beside an outside folder, for one example."""
    import tempfile

    top = Path(tempfile.mkdtemp(dir=tmp_path))
    root = top / "repo" / "datapackages"
    shutil.copytree(FIXTURE_ROOT, root)
    (top / "outside").mkdir()
    (top / "outside" / "precious.txt").write_text("someone's work", encoding="utf-8")
    return top, root


@PROPERTY
@given(edits=st.lists(CELLS, max_size=4), drop=st.sampled_from([None, "KPI", "分野", "進捗報告"]))
def test_whatever_workbook_arrives_a_refused_import_changes_nothing_and_an_import_only_its_plan(
    tmp_path, edits, drop
):
    top, root = fresh_world(tmp_path)
    path = top / "plan.xlsx"
    path.write_bytes(exported(B_PLAN))
    book = load_workbook(path)
    for sheet, cell, value in edits:
        book[sheet][cell] = value
    if drop:
        del book[drop]
    book.save(path)
    before = snapshot(top)
    result = intake.import_workbook(path, root)  # never an exception
    after = snapshot(top)
    if result.folder is None:
        assert after == before
        assert result.problems and all(p.as_dict()["message"] for p in result.problems)
    else:
        inside = result.folder.relative_to(top).as_posix() + "/"
        assert result.folder.resolve().is_relative_to(root.resolve())
        assert {k: v for k, v in after.items() if not k.startswith(inside)} == {
            k: v for k, v in before.items() if not k.startswith(inside)
        }


DESCRIPTOR_EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("swap"), st.integers(0, 40), st.integers(0, 40)),
        st.tuples(st.just("reorder"), st.integers(0, 40), st.integers(0, 40)),
        st.tuples(st.just("repeat"), st.integers(0, 40), st.just(0)),
        st.tuples(st.just("comment"), st.integers(0, 40), st.text(max_size=10)),
        st.tuples(st.just("bytes"), st.integers(0, 40), st.binary(min_size=1, max_size=4)),
    ),
    max_size=4,
)


@settings(PROPERTY, max_examples=40)  # a fmt run costs milliseconds
@given(edits=DESCRIPTOR_EDITS)
@example(edits=[("reorder", 0, 1)]).via("rewritten: two keys change places")
@example(edits=[("repeat", 2, 0)]).via("left alone: a key given twice")
def test_whatever_descriptor_arrives_fmt_keeps_its_data_and_comments_or_leaves_it_alone(tmp_path, edits):
    from build_scripts.contribute import canonical
    from build_scripts.load import yamlio

    top, root = fresh_world(tmp_path)
    path = root / B_PLAN / paths.DESCRIPTOR_NAME
    lines = path.read_bytes().splitlines(keepends=True)
    for kind, at, other in edits:
        at = at % len(lines)
        simple = [n for n, line in enumerate(lines) if re.match(rb"  [a-z_]+: [^|>\s]", line)]
        if kind == "swap":
            lines[at], lines[other % len(lines)] = lines[other % len(lines)], lines[at]
        elif kind == "reorder":  # two one-line keys of the plan change places: valid YAML, not canonical
            first, second = simple[at % len(simple)], simple[other % len(simple)]
            lines[first], lines[second] = lines[second], lines[first]
        elif kind == "repeat":
            lines.insert(at, lines[at])
        elif kind == "comment":
            lines.insert(at, ("# " + other.replace("\n", " ").replace("\r", " ") + "\n").encode("utf-8"))
        else:
            lines.insert(at, other + b"\n")
    path.write_bytes(b"".join(lines))
    old = path.read_bytes()
    outside_before = {k: v for k, v in snapshot(top).items() if B_PLAN not in k}
    result = canonical.format_descriptors(root)  # never an exception
    assert {k: v for k, v in snapshot(top).items() if B_PLAN not in k} == outside_before
    new = path.read_bytes()
    if edits == [("reorder", 0, 1)]:
        assert path in result.changed
    if edits == [("repeat", 2, 0)]:
        assert [left for left, _ in result.left] == [path]
    if path in result.changed:
        old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
        assert yamlio.load(new_text) == canonical.canonical_descriptor(yamlio.load(old_text))
        assert canonical.is_canonical(new_text)
        kept = [line.strip() for line in new_text.splitlines() if line.strip().startswith("#")]
        whole, beside = yamlio._comment_positions(old_text)
        written = [old_text.splitlines()[n - 1].strip() for n in sorted(whole)] + list(beside.values())
        assert sorted(kept) == sorted(written)  # every comment, once
    else:
        assert new == old


# --- a pull request that uploads what was not converted never passes ------------------------------------------


def uploaded(world, name: str, content: bytes = b"x") -> None:
    path = world.parent / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


MISTAKES = {
    "a-workbook-at-the-root": lambda world: uploaded(world, "plan.xlsx", exported(B_PLAN)),
    "a-workbook-in-the-plan-folder": lambda world: uploaded(
        world, f"datapackages/{B_PLAN}/plan.xlsx", exported(B_PLAN)
    ),
    "a-plan-folder-at-the-root": lambda world: [
        uploaded(world, f"b-fixture-tokyo/{p.name}", p.read_bytes()) for p in (world / B_PLAN).iterdir()
    ],
    "loose-csvs-in-a-prefecture-folder": lambda world: uploaded(
        world,
        "datapackages/prefectures/22-shizuoka/companies.csv",
        (world / B_PLAN / "companies.csv").read_bytes(),
    ),
    "a-plan-deleted-not-withdrawn": lambda world: shutil.rmtree(
        world / "prefectures/13-tokyo/c-fixture-chiyoda"
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_pull_request_with_an_unconverted_upload_fails_with_a_summary_saying_what_to_do(
    world, history, tmp_path, capsys, mistake
):
    run, base = history
    mistake(world)
    run("add", "-A")
    run("commit", "-qm", "the official's upload")
    summary = tmp_path / "summary.md"
    # the pull-request workflow's own step
    code = main(
        [
            "validate",
            "--changed-since",
            base,
            "--format",
            "github",
            "--summary",
            str(summary),
            "--root",
            str(world),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    assert "❌ エラー" in text and "`submission`" in text
    assert "contribute&#47;check" in text or "withdrawn" in text  # what to do, in the summary's escaped text
    rules = {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "title=[" in line}
    assert "submission" in rules  # the rule of the annotation on the uploaded file


def test_a_usage_error_writes_a_summary_too(world, history, tmp_path):
    summary = tmp_path / "summary.md"
    assert (
        main(["validate", "--changed-since", "no-such-base", "--summary", str(summary), "--root", str(world)])
        == 2
    )
    assert "検証できませんでした" in summary.read_text(encoding="utf-8")


def test_the_workflow_converts_an_uploaded_workbook_into_files_validate_accepts(world, history, tmp_path):
    """The pull-request workflow's own step (chiiki convert-uploads): the official uploaded the workbook; the run
    attaches the plan's files, in the folder they belong in, and the summary says which; the checkout is not
    written. What it attaches is a plan that `chiiki validate` accepts."""
    run, base = history
    book = workbook_with(tmp_path, B_PLAN, title="東京テスト地域産業クラスター計画（改訂）")
    uploaded(world, "計画.xlsx", Path(book).read_bytes())
    run("add", "-A")
    run("commit", "-qm", "the official's upload")
    before, out, summary = snapshot(world.parent), tmp_path / "converted", tmp_path / "summary.md"
    code = convert_uploads(world, base, out, summary)
    assert code == 0 and snapshot(world.parent) == before
    folder = out / "datapackages" / B_PLAN
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in (world / B_PLAN).iterdir())
    assert "（改訂）" in (folder / "datapackage.yaml").read_text(encoding="utf-8")
    text = summary.read_text(encoding="utf-8")
    assert "✅" in text and "converted&#45;plans" in text and "b&#45;fixture&#45;tokyo" in text
    shutil.copytree(folder, world / B_PLAN, dirs_exist_ok=True)  # as the official uploads them
    assert main(["validate", "--root", str(world), str(world / B_PLAN)]) == 0


def test_a_workbook_the_workflow_cannot_convert_gets_its_problems_in_the_summary(world, history, tmp_path):
    run, base = history
    book = workbook_with(tmp_path, B_PLAN)
    spoil_cell(book, "重点支援企業", "A2", "7010401067252")
    uploaded(world, "計画.xlsx", Path(book).read_bytes())
    run("add", "-A")
    run("commit", "-qm", "the official's upload")
    out, summary = tmp_path / "converted", tmp_path / "summary.md"
    code = convert_uploads(world, base, out, summary)
    assert code == 1 and not out.exists()
    text = summary.read_text(encoding="utf-8")
    assert "❌" in text and "重点支援企業" in text and "法人番号" in text


def convert_uploads(world, base: str, out, summary) -> int:
    """The pull-request workflow's conversion step, as it runs it."""
    arguments = ["--changed-since", base, "--out", str(out), "--summary", str(summary), "--root", str(world)]
    return main(["convert-uploads", *arguments])


def spoil_cell(path, sheet, cell, value):
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
