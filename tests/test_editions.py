"""Editions of the investment map: made by `chiiki edition`, never changed (hash check), rendered with their map,
downloads and exactly the changes since the edition before, and announced in the feed."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import B_PLAN, C_PLAN, FIXTURES, edit_plan, set_cell

from build_scripts import paths
from build_scripts.build import build
from build_scripts.cli import main
from build_scripts.validate import validate

NOVEMBER, DECEMBER = "1795305600", "1796601600"  # 2026-11-22, 2026-12-07


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    """An edition, then the data changes (a draft published, a plan revised with a new figure, one withdrawn),
    then a second edition; built with both."""
    import shutil

    root = tmp_path_factory.mktemp("editions") / "datapackages"
    shutil.copytree(FIXTURES / "repo" / "datapackages", root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", NOVEMBER)
        assert main(["edition", "--id", "2026-11", "--root", str(root)]) == 0
        edit_plan(root / "prefectures/27-osaka/c-fixture-draft", lambda d: d["plan"].update(status="outline"))
        set_cell(root / B_PLAN / "investments.csv", 2, "scale_oku_yen", "60")
        edit_plan(
            root / B_PLAN,
            lambda d: d["plan"].update(
                updated_on="2026-12-01", fields=[{"label": "テスト分野", "strategic_fields": [1, 3]}]
            ),
        )
        edit_plan(
            root / C_PLAN,
            lambda d: d["plan"].update(
                status="withdrawn", withdrawn_on="2026-12-01", withdrawal_note="テストのため廃止"
            ),
        )
        patch.setenv("SOURCE_DATE_EPOCH", DECEMBER)
        assert main(["edition", "--id", "2026-12", "--root", str(root)]) == 0
        out = root.parent / "site"
        assert build(out, root=root, quiet=True, search=False) == 0
    return root, out


def page(site, url):
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def plan_links(section_heading):
    items = section_heading.find_next_sibling("ul").select("li a")
    return [a["href"].rstrip("/").rsplit("/", 1)[1] for a in items]


def test_the_second_edition_lists_exactly_the_changes(two_editions):
    _, site = two_editions
    article = page(site, "map/editions/2026-12").select_one("article")
    headings = {h.get_text(strip=True): h for h in article.select("h3")}
    assert plan_links(headings["追加された計画"]) == ["c-fixture-draft"]
    assert plan_links(headings["廃止された計画"]) == ["c-fixture-chiyoda"]
    revised = headings["改訂された計画"].find_next("table").select("tbody tr")
    from build_scripts import load

    fields = {n: row["name"] for n, row in load.load_reference().fields.items()}
    # every item that changed, each on its row with both values in words: the fields too, not only the date
    assert [[td.get_text(strip=True) for td in tr.select("td")] for tr in revised] == [
        ["東京テスト地域産業クラスター計画", "戦略分野", f"1 {fields[1]}", f"1 {fields[1]}・3 {fields[3]}"],
        ["更新日", "2026-10-01", "2026-12-01"],
        ["投資規模（億円）", "45.5億円", "60億円"],
    ]
    moved = headings["都道府県別の投資規模（変わったところ）"].find_next("table").select("tbody tr")
    assert [[td.get_text(strip=True) for td in tr.select("td")] for tr in moved] == [
        ["東京都", "2 → 1", "45.5 → 60"],  # the withdrawn C plans are not counted
        ["大阪府", "0 → 1", "記載なし → 記載なし"],
    ]
    assert "最初の版" in page(site, "map/editions/2026-11").select_one("article").get_text()


def test_editions_list_map_files_and_feed(two_editions):
    root, site = two_editions
    rows = page(site, "map/editions").select("table.editions tbody tr")
    assert [r.select_one("a").get_text() for r in rows] == ["2026年12月版", "2026年11月版"]  # newest first
    assert rows[0].select("td")[4].get_text() == "追加 1・改訂 1・廃止 1"
    for edition in ("2026-11", "2026-12"):
        committed = root / "editions" / edition
        for path in committed.iterdir():  # published exactly as committed
            assert (site / "data/editions" / edition / path.name).read_bytes() == path.read_bytes()
        map_html = (site / "maps/editions" / f"{edition}.html").read_text(encoding="utf-8")
        assert "半導体工場" in map_html and "../../data/geo/prefectures.geojson" in map_html
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    editions = [e for e in feed.entries if e.title.startswith("地図の新しい版")]
    assert [e.title for e in editions] == [
        "地図の新しい版：投資マップ 2026年12月版",
        "地図の新しい版：投資マップ 2026年11月版",
    ]
    assert editions[0].link.endswith("map/editions/2026-12/")


def test_an_edition_records_what_it_froze(two_editions):
    root, _ = two_editions
    folder = root / "editions" / "2026-12"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["edition"] == {"id": "2026-12", "date": "2026-12-07"}
    for resource in descriptor["resources"]:
        content = (folder / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest() and resource[
            "bytes"
        ] == len(content)
    plans = (folder / "plans.csv").read_text(encoding="utf-8")
    assert "b-fixture-example" not in plans  # examples are never frozen
    from frictionless import Package

    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


@pytest.mark.parametrize(
    "change, detail",
    [
        (
            lambda folder: (folder / "plans.csv").write_bytes(
                (folder / "plans.csv").read_bytes().replace(b"45.5", b"46.5")
            ),
            "記録されたハッシュと一致しません",
        ),
        (lambda folder: (folder / "points.csv").unlink(), "版のファイルがありません"),
        (
            lambda folder: (folder / "notes.txt").write_text("x", encoding="utf-8"),
            "版を作ったときにはなかったファイルです",
        ),
    ],
)
def test_a_changed_edition_fails_validation_and_nothing_is_built(repo, tmp_path, change, detail):
    assert main(["edition", "--id", "2026-11", "--root", str(repo)]) == 0
    change(repo / "editions" / "2026-11")
    problems = [p for p in validate(root=repo).problems if p.rule == "edition-changed"]
    assert len(problems) == 1 and detail in problems[0].detail
    assert problems[0].file.endswith(("plans.csv", "points.csv", "notes.txt"))
    assert build(tmp_path / "site", root=repo, quiet=True) == 1
    assert not (tmp_path / "site").exists()


def test_edition_refuses_a_bad_id_an_existing_one_and_invalid_data(repo, capsys):
    assert main(["edition", "--id", "2026-13", "--root", str(repo)]) == 2
    assert main(["edition", "--id", "2026-11", "--root", str(repo)]) == 0
    assert main(["edition", "--id", "2026-11", "--root", str(repo)]) == 2
    assert "すでにあります" in capsys.readouterr().err
    set_cell(repo / B_PLAN / "investments.csv", 2, "scale_oku_yen", "たくさん")
    assert main(["edition", "--id", "2026-12", "--root", str(repo)]) == 2  # made on 2026-11-22: it is 2026-11
    assert "作る日（2026-11-22）の年月 2026-11" in capsys.readouterr().err
    shutil.rmtree(repo / "editions" / "2026-11")
    assert main(["edition", "--id", "2026-11", "--root", str(repo)]) == 1
    assert not (repo / "editions" / "2026-11").exists()


# --- editions as they stand are not trusted (issue 22) --------------------------------------------------------


def rewrite_descriptor(folder, change) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor = change(descriptor) or descriptor
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def resource(descriptor, name):
    return next(r for r in descriptor["resources"] if r["name"] == name)


def point_at(folder, name, target):
    """The resource `name` renamed to a path outside the edition, with that file's true size and hash."""
    content = (folder / target).read_bytes() if (folder / target).is_file() else b""

    def change(descriptor):
        found = resource(descriptor, name)
        found.update(path=target, bytes=len(content), hash="sha256:" + hashlib.sha256(content).hexdigest())

    rewrite_descriptor(folder, change)


SHAPES = {
    "a-resource-naming-a-draft-plans-file": lambda f: point_at(
        f, "points", "../../prefectures/27-osaka/c-fixture-draft/datapackage.yaml"
    ),
    "a-resource-writing-outside": lambda f: point_at(f, "points", "../../../evil.csv"),
    "a-list-for-a-descriptor": lambda f: (f / "datapackage.json").write_text("[]", encoding="utf-8"),
    "a-control-character-in-the-date": lambda f: rewrite_descriptor(
        f, lambda d: d["edition"].update(date="2026-11-22\u0007")
    ),
    "a-date-that-does-not-exist": lambda f: rewrite_descriptor(
        f, lambda d: d["edition"].update(date="2026-11-31")
    ),
    "a-date-of-another-month": lambda f: rewrite_descriptor(
        f, lambda d: d["edition"].update(date="2027-01-05")
    ),
    "an-id-that-is-not-the-folders": lambda f: rewrite_descriptor(
        f, lambda d: d["edition"].update(id="2026-12")
    ),
    "a-table-missing": lambda f: rewrite_descriptor(
        f, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "points"])
    ),
    "resources-not-a-list": lambda f: rewrite_descriptor(f, lambda d: d.update(resources={"plans": 1})),
    "a-file-too-large": lambda f: os.truncate(f / "points.csv", 25_000_000),
    "a-link-for-a-file": lambda f: (
        (f / "points.csv").unlink(),
        (f / "points.csv").symlink_to(f / "plans.csv"),
    ),
}


@pytest.mark.parametrize("spoil", SHAPES.values(), ids=SHAPES.keys())
def test_an_edition_not_shaped_as_chiiki_edition_writes_it_is_refused(repo, tmp_path, spoil):
    assert main(["edition", "--id", "2026-11", "--root", str(repo)]) == 0
    spoil(repo / "editions" / "2026-11")
    result = validate(root=repo)
    assert [p.rule for p in result.problems] == ["edition-shape"], [p.as_dict() for p in result.problems]
    assert result.editions == []
    assert build(tmp_path / "site", root=repo, quiet=True, search=False) == 1
    assert not (tmp_path / "site").exists() and not (tmp_path / "evil.csv").exists()


def test_a_fifo_in_an_edition_is_refused_without_waiting(repo):
    assert main(["edition", "--id", "2026-11", "--root", str(repo)]) == 0
    (repo / "editions" / "2026-11" / "points.csv").unlink()
    os.mkfifo(repo / "editions" / "2026-11" / "points.csv")
    done = subprocess.run(
        [sys.executable, "-m", "build_scripts", "validate", "--root", str(repo)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,  # a read of the FIFO would wait for ever
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "edition-shape" in done.stdout and "FIFO" in done.stdout


def test_a_killed_edition_leaves_no_edition_and_blocks_nothing(repo, monkeypatch):
    def killed(*arguments):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(Path, "rename", killed)  # stopped before the edition took its name
        main(["edition", "--id", "2026-11", "--root", str(repo)])
    assert not (repo / "editions" / "2026-11").exists()
    (repo / "editions" / ".chiiki-edition-killed").mkdir()  # what a SIGKILL would have left
    (repo / "editions" / ".chiiki-edition-killed" / "plans.csv").write_text("half", encoding="utf-8")
    assert validate(root=repo).valid
    assert main(["edition", "--id", "2026-11", "--root", str(repo)]) == 0
    assert [p.name for p in (repo / "editions").iterdir()] == ["2026-11"]
