"""Preview of a pull request: which pages change, and which plan folders a diff touches."""

import subprocess

import pytest
from conftest import B_PLAN, set_cell

from build_scripts.build import build
from build_scripts.cli import changed_targets
from build_scripts.dev import preview


@pytest.mark.slow
def test_changed_pages_lists_exactly_what_a_data_change_alters(repo, fixture_site, tmp_path):
    base, head = fixture_site, tmp_path / "head"
    set_cell(repo / B_PLAN / "companies.csv", 2, "name", "テスト新精密株式会社")
    assert build(head, root=repo, quiet=True, search=False) == 0  # the comparison reads the pages only
    changes = preview.changed_pages(base, head)
    # the downloads page shows file sizes, and companies.csv changed size; the home page names the data's release,
    # which a change of the data renews; the English tree shows the same pages (the easy tree shows no data)
    japanese = ["", "companies/13/", "downloads/", "plans/b-fixture-tokyo/"]
    assert changes == {
        "added": [],
        "removed": [],
        "changed": sorted(japanese + ["en/" + page for page in japanese]),
    }
    text = preview.as_markdown(changes)
    assert "### 変更されるページ（8）" in text and "- `/en/plans/b-fixture-tokyo/`" in text


def test_no_change_says_so(fixture_site):
    site = fixture_site
    assert "公開されるページに変更はありません" in preview.as_markdown(preview.changed_pages(site, site))


def test_changed_targets_from_git(tmp_path, monkeypatch):
    from build_scripts import paths

    root = tmp_path / "repo"
    (root / "datapackages/prefectures/13-tokyo/b-x").mkdir(parents=True)
    (root / "datapackages/prefectures/13-tokyo/b-x/companies.csv").write_text("a\n", encoding="utf-8")
    (root / "README.md").write_text("x\n", encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    base = subprocess.run(
        git + ["rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    monkeypatch.setattr(paths, "ROOT", root)
    (root / "datapackages/prefectures/13-tokyo/b-x/companies.csv").write_text("b\n", encoding="utf-8")
    (root / "README.md").write_text("y\n", encoding="utf-8")
    subprocess.run(git + ["commit", "-qam", "plan"], check=True)
    assert changed_targets(base) == [str(root / "datapackages/prefectures/13-tokyo/b-x")]
    (root / "datapackages/schemas").mkdir()
    (root / "datapackages/schemas/x.yaml").write_text("x\n", encoding="utf-8")
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "schema"], check=True)
    assert changed_targets(base) is None  # a shared file changed: validate everything
