"""The data shipped in the repository: valid, canonical, complete reference data, documented schemas."""

import csv

import pytest
import yaml
from frictionless import Package, Schema

from build_scripts import load, paths
from build_scripts.contribute import canonical
from build_scripts.model import PLAN_RESOURCES
from build_scripts.validate import validate

FIXTURE_ROOT = paths.ROOT / "tests" / "fixtures" / "repo" / "datapackages"
DESCRIPTORS = sorted(p / paths.DESCRIPTOR_NAME for p in load.discover()) + sorted(
    p / paths.DESCRIPTOR_NAME for p in load.discover(FIXTURE_ROOT)
)


def test_repository_data_is_valid_without_warnings():
    report = validate()
    assert [p.as_dict() for p in report.problems] == []


@pytest.mark.parametrize("path", DESCRIPTORS, ids=[p.parent.name for p in DESCRIPTORS])
def test_every_descriptor_is_in_canonical_form(path):
    """Load and re-save (keys in the contract's order): nothing may change, so pull-request diffs stay clean."""
    assert canonical.is_canonical(path.read_text(encoding="utf-8")), "run `chiiki fmt`"


def test_reference_package_is_complete_and_frictionless_valid():
    reference = load.load_reference()
    assert len(reference.prefectures) == 47
    assert len(reference.blocks) == 10
    assert sorted(reference.fields) == list(range(1, 18))
    assert len(reference.municipalities) == 1741
    memberships = sum(len(row["block_ids"].split(";")) for row in reference.prefectures.values())
    assert memberships == 48
    assert reference.prefectures["18"]["block_ids"] == "hokuriku;kinki"
    assert reference.municipalities["011002"]["name"] == "札幌市"
    assert Package(str(paths.REFERENCE / "datapackage.yaml")).validate().valid


def test_codes_keep_their_leading_zeros_in_the_reference_files():
    with (paths.REFERENCE / "municipalities.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert first["municipality_code"] == "011002" and first["prefecture_code"] == "01"


@pytest.mark.parametrize("name", PLAN_RESOURCES)
def test_shared_schema_is_a_valid_table_schema_with_documented_fields(name):
    descriptor = yaml.safe_load(paths.schema_path(name).read_text(encoding="utf-8"))
    assert Schema.validate_descriptor(descriptor).valid
    for field in descriptor["fields"]:
        assert field.get("title") and field.get("description") and "example" in field, field["name"]
        assert field["name"].isascii() and field["name"] == field["name"].lower()


def test_investments_have_no_place_for_a_company():
    fields = {f["name"] for f in load.load_shared_schemas()["investments"]["fields"]}
    assert not fields & {"corporate_number", "name", "company", "company_name"}


def test_ten_real_outlines_one_per_block_with_sources():
    plans = [load.read_plan(d)[0] for d in load.discover()]
    outlines = [p for p in plans if p.kind == "A"]
    assert sorted(p.meta["area"]["block"] for p in outlines) == sorted(load.load_reference().blocks)
    for plan in outlines:
        assert plan.status == "outline" and not plan.is_example
        assert plan.meta["sources"][0]["title"] == "各地方ブロック別の戦略産業クラスター計画の素案（概要）"
        assert "url" not in plan.meta["sources"][0]  # the seed gives none: never invent one


def test_examples_are_flagged_and_labelled():
    plans = [load.read_plan(d)[0] for d in load.discover()]
    examples = [p for p in plans if p.is_example]
    assert sorted(p.kind for p in examples) == ["B", "C", "C"]
    assert len({p.meta["area"]["prefectures"][0] for p in examples if p.kind == "C"}) == 2
    [b] = [p for p in examples if p.kind == "B"]
    assert len(b.rows("companies")) == 20 and b.rows("investments") and b.rows("kpis") and b.rows("progress")
    assert all("架空" in row["name"] for row in b.rows("companies"))


def test_canonical_form_check_can_fail():
    text = "plan:\n  kind: B\n  id: x\nresources: []\n"
    assert not canonical.is_canonical(text)
    assert canonical.canonical_text(text) == "plan:\n  id: x\n  kind: B\nresources: []\n"
    assert canonical.is_canonical("# comment\n" + canonical.canonical_text(text))
