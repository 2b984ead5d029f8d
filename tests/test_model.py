"""After validation a plan's metadata is typed and frozen (model.PlanInfo): the later stages read attributes, not
string keys, and only the writers that publish the metadata as submitted read the raw descriptor."""

import ast
import dataclasses

import pytest
from conftest import B_PLAN, C_PLAN, FIXTURES

from build_scripts import load, paths
from build_scripts.model import Area, FieldLabel, PlanInfo, Source

PACKAGES = FIXTURES / "repo" / "datapackages"
LATER_STAGES = ("derive", "downloads", "site")
PUBLISHED_AS_SUBMITTED = {"downloads/write.py": 2}  # plan.json's and datapackage.json's "plan"


def loaded(folder: str):
    plan, problems = load.read_plan(PACKAGES / folder)
    assert problems == []
    return plan


def test_a_plans_metadata_is_typed():
    info = loaded(B_PLAN).info
    meta = loaded(B_PLAN).meta
    assert info.id == meta["id"] and info.kind == "B" and info.title == meta["title"]
    assert info.area == Area("", tuple(meta["area"]["prefectures"]), ())
    assert info.fields == tuple(FieldLabel(f["label"], tuple(f["strategic_fields"])) for f in meta["fields"])
    assert info.sources[0] == Source(**meta["sources"][0])
    assert info.updated_on == meta["updated_on"]
    assert list(info.texts) == [
        key
        for key in ("summary", "goal", "pathway", "policy_means", "targets", "support_system", "contact")
        if meta.get(key)
    ]


def test_a_missing_optional_value_is_empty_not_absent():
    info = PlanInfo.of(
        {
            "id": "c-x",
            "kind": "C",
            "title": "t",
            "status": "outline",
            "area": {"prefectures": ["13"]},
            "fields": [],
            "updated_on": "2026-01-01",
            "sources": [{"title": "s"}],
        }
    )
    assert (info.author, info.published_on, info.withdrawn_on, info.area.block) == ("", "", "", "")
    assert info.period is None and info.former_ids == () and info.summary == ""
    assert info.sources == (Source("s"),) and not info.example


def test_the_metadata_cannot_be_changed_after_validation():
    info = loaded(C_PLAN).info
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.title = "書き換え"
    with pytest.raises(TypeError):
        info.texts["summary"] = "書き換え"
    assert isinstance(info.area.municipalities, tuple)


def raw_metadata_reads(path) -> int:
    """Reads of `.meta` (the descriptor as written) in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(isinstance(node, ast.Attribute) and node.attr == "meta" for node in ast.walk(tree))


def test_later_stages_read_the_typed_metadata():
    package = paths.ROOT / "build_scripts"
    reads = {
        str(path.relative_to(package)): count
        for stage in LATER_STAGES
        for path in sorted((package / stage).rglob("*.py"))
        if (count := raw_metadata_reads(path))
    }
    assert reads == PUBLISHED_AS_SUBMITTED
    templates = "".join(p.read_text(encoding="utf-8") for p in paths.TEMPLATES.rglob("*.j2"))
    assert "plan.meta" not in templates and "plan.info" in templates
