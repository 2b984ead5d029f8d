"""The groupings (kind, prefecture, block, field) are defined once, in derive/groups.py: who belongs where, what a
group is called, its page, feed and map. Every consumer agrees with it: the summary tables count its real plans,
the progress totals read the summaries, and no other module enumerates the groupings."""

import ast
import copy
import dataclasses

import pytest
from conftest import derived_fixture

from build_scripts import paths, urls
from build_scripts.derive.groups import GROUPINGS, groups, memberships
from build_scripts.derive.summaries import reporting_totals, summaries


@pytest.fixture(scope="module")
def site():
    return derived_fixture()


def plan_in(site, kind: str):
    return next(plan for plan in site.plans if plan.kind == kind and not plan.is_example)


def moved(plan, **area):
    """The plan as if its area said `area` (a copy: the fixture's plans stay as they are)."""
    descriptor = copy.deepcopy(plan.descriptor)
    descriptor["plan"]["area"] = area
    return dataclasses.replace(plan, descriptor=descriptor)


def test_a_prefectures_plan_is_in_every_block_of_its_prefecture_unless_it_names_one(site):
    plan, reference = plan_in(site, "B"), site.reference
    assert reference.prefectures["18"]["block_ids"] == "hokuriku;kinki"  # 福井県 is in two blocks
    assert memberships(moved(plan, prefectures=["18"]), reference)["blocks"] == ["hokuriku", "kinki"]
    assert memberships(moved(plan, prefectures=["18"], block="kinki"), reference)["blocks"] == ["kinki"]


def test_a_block_plan_is_in_its_block_only(site):
    plan = plan_in(site, "A")
    assert memberships(plan, site.reference)["blocks"] == [plan.meta["area"]["block"]]
    assert memberships(plan, site.reference)["kinds"] == ["A"]


def test_every_group_is_listed_even_without_plans_and_in_the_reference_order(site):
    every = site.groups
    assert list(every) == list(GROUPINGS)
    assert [len(every[g]) for g in GROUPINGS] == [3, 47, 10, 17]
    assert [g.key for g in every["prefectures"]][:3] == ["01", "02", "03"]
    assert [g.key for g in every["fields"]][-1] == "17"
    hokkaido = every["prefectures"][0]
    assert hokkaido.plans == () and hokkaido.title == "北海道"


def test_a_plan_appears_in_exactly_the_groups_its_memberships_name(site):
    for plan in site.plans:
        wanted = memberships(plan, site.reference)
        for grouping, members in site.groups.items():
            assert [g.key for g in members if plan in g.plans] == wanted[grouping], (plan.id, grouping)


def test_a_group_names_its_page_feed_and_map(site):
    by_key = {(g.grouping, g.key): g for members in site.groups.values() for g in members}
    tokyo, kanto, field, kind = (
        by_key[("prefectures", "13")],
        by_key[("blocks", "kanto")],
        by_key[("fields", "1")],
        by_key[("kinds", "B")],
    )
    assert (tokyo.page, tokyo.feed, tokyo.map) == (
        "prefectures/13/",
        "feeds/prefectures/13.xml",
        "maps/prefectures/13.html",
    )
    assert (kanto.title, kanto.feed_title, kanto.map) == (
        "関東ブロック",
        "関東ブロックの計画：更新情報",
        "maps/blocks/kanto.html",
    )
    assert (field.page, field.feed, field.map, field.title) == (
        "fields/01/",
        "feeds/fields/01.xml",
        None,
        f"1. {field.name}",
    )
    assert (kind.page, kind.feed, kind.title) == ("kinds/b/", None, "B. 地域産業クラスター計画")
    assert kanto.prefectures == tuple(site.reference.prefectures_of_block("kanto"))
    assert urls.field(1) == field.page and urls.block_feed("kanto") == kanto.feed


def test_the_summary_tables_count_the_groups_real_plans(site):
    tables = summaries(site)
    checked = 0
    for grouping, members in site.groups.items():
        for group in members:
            row = tables[grouping].row(group.key)
            assert int(row["plans"]) == len(group.counted_plans), (grouping, group.key)
            assert int(row["withdrawn"]) == len(group.real_plans) - len(group.counted_plans)
            assert row[tables[grouping].fields[1]["name"]] == group.name
            checked += bool(group.real_plans)
    assert checked > 5


def test_the_progress_totals_are_the_summaries_rows_of_the_groups_with_plans(site):
    tables = summaries(site)
    totals = reporting_totals(site, tables)
    real = site.real_plans
    assert totals[0]["label"] == "すべての計画"
    assert totals[0]["due"] + totals[0]["not_due"] == len(real)
    kanto = next(t for t in totals if t["label"] == "関東ブロック")
    row = tables["blocks"].row("kanto")
    assert (kanto["due"], kanto["overdue"], kanto["on_time"]) == (
        int(row["plans_due"]),
        int(row["plans_overdue"]),
        int(row["plans_on_time"]),
    )
    assert "北海道" not in {t["label"] for t in totals}  # a group without a real plan is not a row


def test_groups_keep_the_order_of_the_plans_given(site):
    backwards = groups(list(reversed(site.plans)), site.reference)
    for grouping in GROUPINGS:
        for forward, backward in zip(site.groups[grouping], backwards[grouping]):
            assert backward.plans == tuple(reversed(forward.plans))


# What only derive/groups.py may do: enumerate the reference's prefectures, blocks or fields, or the kinds, to
# group plans. The consumers loop over site.groups.
ENUMERATIONS = ("prefectures.items", "blocks.items", "fields.items", "KINDS.items", "prefectures_of_block")
# (file, function or None for the whole file): the maps' own layers draw every prefecture and block as shapes,
# which is geography, not grouping; the function that writes the groups' maps is checked.
CONSUMERS = [
    ("site/render.py", None),
    ("downloads/feed.py", None),
    ("derive/summaries.py", None),
    ("derive/__init__.py", None),
    ("site/maps.py", "write_maps"),
]


def enumerations_in(path, function: str | None = None) -> list[str]:
    found, tree = [], ast.parse(path.read_text(encoding="utf-8"))
    if function:
        tree = next(node for node in ast.walk(tree) if getattr(node, "name", None) == function)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            text = ast.unparse(node)
            found += [text for name in ENUMERATIONS if text.endswith(name)]
    return found


def test_only_the_groups_module_enumerates_the_groupings():
    package = paths.ROOT / "build_scripts"
    assert enumerations_in(package / "derive" / "groups.py")  # the check sees what it looks for
    found = {name: enumerations_in(package / name, function) for name, function in CONSUMERS}
    assert found == {name: [] for name, _ in CONSUMERS}
    templates = sorted((package / "site" / "templates").glob("*.j2"))
    assert [t.name for t in templates if any(name in t.read_text() for name in ENUMERATIONS)] == []
