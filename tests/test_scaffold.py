import pytest

from build_scripts.cli import main
from build_scripts.contribute import canonical, scaffold
from build_scripts.validate import validate


@pytest.mark.parametrize(
    "kind,options,folder,tables",
    [
        (
            "A",
            {"block": "kinki"},
            "blocks/kinki",
            ["core_projects", "measures", "kpis", "progress", "revisions"],
        ),
        (
            "B",
            {"prefecture": "13"},
            "prefectures/13-tokyo",
            ["companies", "investments", "measures", "kpis", "progress", "revisions"],
        ),
        (
            "C",
            {"prefecture": "13", "municipality": "131016"},
            "prefectures/13-tokyo",
            ["measures", "kpis", "progress", "revisions"],
        ),
    ],
)
def test_new_plan_is_a_valid_commented_draft_in_the_right_folder(repo, kind, options, folder, tables):
    created = scaffold.new_plan(kind, f"{kind.lower()}-new-plan", root=repo, **options)
    assert created == repo / folder / f"{kind.lower()}-new-plan"
    assert sorted(p.name for p in created.iterdir()) == sorted(
        ["datapackage.yaml"] + [f"{t}.csv" for t in tables]
    )
    report = validate([created], root=repo)
    assert [p.as_dict() for p in report.problems] == []
    text = (created / "datapackage.yaml").read_text(encoding="utf-8")
    assert "  # 計画ID：" in text and "status: draft" in text
    assert canonical.is_canonical(text)
    [plan] = [p for p in report.plans if p.id == f"{kind.lower()}-new-plan"]
    assert not plan.is_public


def test_new_plan_usage_errors_are_in_japanese(repo, capsys):
    assert main(["new-plan", "--kind", "B", "--id", "Bad_ID", "--prefecture", "13", "--root", str(repo)]) == 2
    assert "計画IDは英小文字" in capsys.readouterr().err
    assert main(["new-plan", "--kind", "A", "--id", "a-x-plan", "--root", str(repo)]) == 2
    assert "--block" in capsys.readouterr().err
    assert (
        main(
            [
                "new-plan",
                "--kind",
                "C",
                "--id",
                "c-x-plan",
                "--prefecture",
                "13",
                "--municipality",
                "271004",
                "--root",
                str(repo),
            ]
        )
        == 2
    )
    assert (
        main(
            ["new-plan", "--kind", "B", "--id", "b-fixture-tokyo", "--prefecture", "13", "--root", str(repo)]
        )
        == 2
    )
    assert "すでに使われています" in capsys.readouterr().err
