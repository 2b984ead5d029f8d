"""The synthetic country: deterministic, valid, fictional, and its drafts leave no trace in the output."""

import pytest
from conftest import readable

from build_scripts.build import build
from build_scripts.dev import synthetic
from build_scripts.validate import validate


def files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_same_seed_same_country_and_it_validates(tmp_path):
    one = synthetic.generate(tmp_path / "one", seed=7, companies_per_b=3, c_plans=5)
    two = synthetic.generate(tmp_path / "two", seed=7, companies_per_b=3, c_plans=5)
    assert files(one) == files(two)
    report = validate(root=one)
    assert [p.as_dict() for p in report.errors] == []
    assert len(report.plans) == 10 + 47 + 5
    assert all(p.is_example and "合成データ" in p.meta["title"] for p in report.plans)
    assert all("架空" in row["name"] for p in report.plans for row in p.rows("companies"))


@pytest.mark.slow
def test_no_draft_marker_in_any_output_file(tmp_path):
    root = synthetic.generate(tmp_path / "datapackages", seed=3, companies_per_b=2, c_plans=40)
    drafts = [p for p in validate(root=root).plans if p.status == "draft"]
    assert drafts, "the seed must give at least one draft"
    out = tmp_path / "site"
    assert build(out, root=root, quiet=True) == 0
    marker = synthetic.DRAFT_MARKER.encode()
    contents = {p: readable(p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert [p for p, data in contents.items() if marker in data] == []
    # the scan does read inside the compressed files: a published plan's summary is in the search index
    published = next(p for p in validate(root=root).plans if p.status == "approved")
    summary = published.meta["summary"].encode()
    assert any(summary in data for p, data in contents.items() if p.suffix == ".pf_fragment")
    assert any(summary in data for p, data in contents.items() if p.suffix == ".zip")
    for draft in drafts:
        assert not (out / "plans" / draft.id).exists()
