"""The four groupings of plans — by kind, prefecture, block and strategic field — defined once: which plans a group
holds, what it is called, and its page, feed and map. Pages, feeds, maps, summaries and the reporting totals loop
over `groups`; no other module enumerates the kinds, prefectures, blocks or fields to group plans
(tests/test_architecture.py).

A plan belongs to its kind; to its prefectures (area.prefectures); to the block it names (an A plan always names
one) or, naming none, to every block its prefectures belong to (福井県 is in two); and to every strategic field its
field labels map to or its core projects name.
"""

from dataclasses import dataclass, field

from build_scripts import labels, urls
from build_scripts.model import Plan, Reference

GROUPINGS = ("kinds", "prefectures", "blocks", "fields")  # also the names of the summary tables


@dataclass(frozen=True)
class Group:
    grouping: str  # one of GROUPINGS
    key: str  # "B", "13", "kanto", "1": as the first column of its summary table writes it
    name: str  # the reference's name: 地域産業クラスター計画, 東京都, 関東, AI・半導体
    plans: tuple[Plan, ...] = field(compare=False)  # public plans, examples included (each flagged)
    row: dict = field(default_factory=dict, compare=False)  # the reference row (a kind has none)
    prefectures: tuple[str, ...] = ()  # the area it covers: a prefecture's code, a block's prefectures

    @property
    def real_plans(self) -> tuple[Plan, ...]:
        """What its figures, feed and map count: examples never."""
        return tuple(p for p in self.plans if not p.is_example)

    @property
    def counted_plans(self) -> tuple[Plan, ...]:
        """What its figures and map count (Site.counted_plans): not examples, not withdrawn."""
        return in_force(self.real_plans)

    @property
    def title(self) -> str:
        """Its page's title, and its name where groups of every grouping are listed together."""
        return TITLES[self.grouping].format(key=self.key, name=self.name)

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.grouping].format(name=self.name)

    @property
    def feed_title(self) -> str:
        return FEED_TITLES[self.grouping].format(name=self.name)

    @property
    def page(self) -> str:
        return urls.group_url(self.grouping, self.key)

    @property
    def feed(self) -> str | None:
        """Its Atom feed (a kind has none)."""
        return urls.group_url(self.grouping, self.key, "feed")

    @property
    def map(self) -> str | None:
        """Its map (a prefecture's and a block's)."""
        return urls.group_url(self.grouping, self.key, "map")

    @property
    def number(self) -> int:
        """A strategic field's number."""
        return int(self.key)


TITLES = {
    "kinds": "{key}. {name}",
    "prefectures": "{name}",
    "blocks": "{name}ブロック",
    "fields": "{key}. {name}",
}
DESCRIPTIONS = {
    "kinds": "{name}の一覧",
    "prefectures": "{name}の地域未来戦略の計画",
    "blocks": "{name}ブロックの地域未来戦略の計画",
    "fields": "戦略分野「{name}」に関わる計画",
}
FEED_TITLES = {
    "kinds": "{name}：更新情報",
    "prefectures": "{name}の計画：更新情報",
    "blocks": "{name}ブロックの計画：更新情報",
    "fields": "戦略分野「{name}」の計画：更新情報",
}


def groups(plans, reference: Reference) -> dict[str, list[Group]]:
    """Every group of every grouping, in the reference's order (a group no plan belongs to included), each with
    its plans in the order given."""
    members: dict[tuple[str, str], list[Plan]] = {}
    for plan in plans:
        for grouping, keys in memberships(plan, reference).items():
            for key in keys:
                members.setdefault((grouping, key), []).append(plan)
    return {
        grouping: [
            Group(grouping, key, name, tuple(members.get((grouping, key), ())), row, area)
            for key, name, row, area in every_group(grouping, reference)
        ]
        for grouping in GROUPINGS
    }


def every_group(grouping: str, reference: Reference) -> list[tuple[str, str, dict, tuple[str, ...]]]:
    """(key, name, reference row, prefectures) of each group of a grouping."""
    if grouping == "kinds":
        return [(kind, name, {}, ()) for kind, name in labels.KINDS.items()]
    if grouping == "prefectures":
        return [(code, row["name"], row, (code,)) for code, row in reference.prefectures.items()]
    if grouping == "blocks":
        return [
            (block, row["name"], row, tuple(reference.prefectures_of_block(block)))
            for block, row in reference.blocks.items()
        ]
    return [(str(number), row["name"], row, ()) for number, row in reference.fields.items()]


def memberships(plan: Plan, reference: Reference) -> dict[str, list[str]]:
    """The key of every group the plan belongs to, by grouping (the rule in this module's docstring)."""
    return {
        "kinds": [plan.kind],
        "prefectures": plan_prefectures(plan),
        "blocks": plan_blocks(plan, reference),
        "fields": [str(number) for number in plan_field_numbers(plan)],
    }


def in_force(plans) -> tuple[Plan, ...]:
    """The plans not withdrawn: with real plans, the one base of every count and total."""
    return tuple(p for p in plans if p.status != "withdrawn")


def plan_prefectures(plan: Plan) -> list[str]:
    return list(plan.info.area.prefectures)


def plan_blocks(plan: Plan, reference: Reference) -> list[str]:
    if plan.info.area.block:
        return [plan.info.area.block]
    blocks = {
        b for code in plan_prefectures(plan) for b in reference.prefectures[code]["block_ids"].split(";")
    }
    return [b for b in reference.blocks if b in blocks]


def field_numbers(text: str) -> list[int]:
    """A `;`-list of strategic field numbers as each field once, in order: `1;01;1` is field 1, counted once."""
    return sorted({int(n) for n in text.split(";") if n.strip()})


def plan_field_numbers(plan: Plan) -> list[int]:
    numbers = {n for item in plan.info.fields for n in item.strategic_fields}
    for row in plan.rows("core_projects"):
        numbers |= set(field_numbers(row.get("field_numbers", "")))
    return sorted(numbers)
