"""The build's own machinery: the forked writer and the move of its files into MkDocs' output."""

import pytest

from build_scripts.build import Background, move_into


def _fails():
    raise ValueError("壊れた入力")


def test_background_returns_the_result_of_the_other_process():
    with Background(sum, [1, 2, 3]) as task:
        assert task.result() == 6


def test_background_failure_fails_the_build_with_the_traceback():
    with Background(_fails) as task:
        with pytest.raises(RuntimeError, match="(?s)ダウンロード.*ValueError: 壊れた入力"):
            task.result()


def test_move_into_merges_folders(tmp_path):
    (tmp_path / "a/data/plans").mkdir(parents=True)
    (tmp_path / "a/data/plans/x.csv").write_text("x")
    (tmp_path / "a/maps").mkdir()
    (tmp_path / "a/maps/m.html").write_text("m")
    (tmp_path / "b/data").mkdir(parents=True)
    (tmp_path / "b/data/page.html").write_text("p")
    move_into(tmp_path / "a", tmp_path / "b")
    assert sorted(
        p.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b").rglob("*") if p.is_file()
    ) == ["data/page.html", "data/plans/x.csv", "maps/m.html"]


def test_move_into_refuses_to_hide_a_page(tmp_path):
    for side in "ab":
        (tmp_path / side).mkdir()
        (tmp_path / side / "index.html").write_text(side)
    with pytest.raises(FileExistsError):
        move_into(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b/index.html").read_text() == "b"
