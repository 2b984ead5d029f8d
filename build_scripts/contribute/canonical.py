"""The canonical form of a plan descriptor: keys in the contract's order, canonical YAML.
`chiiki fmt` rewrites descriptors into it; a test checks every descriptor already is."""

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_scripts import load, paths
from build_scripts.load import yamlio

RESOURCE_ORDER = ["name", "path", "schema"]


def canonical_descriptor(descriptor: dict) -> dict:
    properties = load.load_plan_metadata_schema()["properties"]
    plan = yamlio.ordered(descriptor.get("plan"), list(properties))
    if isinstance(plan, dict):
        for key in ("area", "period"):
            if key in plan:
                plan[key] = yamlio.ordered(plan[key], list(properties[key]["properties"]))
        if isinstance(plan.get("sources"), list):
            order = list(properties["sources"]["items"]["properties"])
            plan["sources"] = [yamlio.ordered(source, order) for source in plan["sources"]]
        if isinstance(plan.get("fields"), list):
            plan["fields"] = [yamlio.ordered(item, ["label", "strategic_fields"]) for item in plan["fields"]]
    resources = descriptor.get("resources", [])
    if isinstance(resources, list):
        resources = [yamlio.ordered(r, RESOURCE_ORDER) for r in resources]
    return yamlio.ordered(descriptor, ["plan", "resources"]) | {"plan": plan, "resources": resources}


def canonical_text(text: str) -> str:
    """The canonical form of a descriptor's text, with its comments kept above their keys."""
    data, _ = yamlio.load_with_lines(text)  # refuses a key given twice: fmt must not choose one silently
    return yamlio.comments_kept(text, yamlio.dump(canonical_descriptor(data)))


def is_canonical(text: str) -> bool:
    return yamlio.dump(canonical_descriptor(yamlio.load(text))) == yamlio.without_comments(text)


@dataclass
class Formatted:
    changed: list[Path] = field(default_factory=list)
    left: list[tuple[Path, str]] = field(default_factory=list)  # descriptors not touched, and why (Japanese)


def format_descriptors(root: Path = paths.DATAPACKAGES) -> Formatted:
    """Rewrite every non-canonical descriptor under `root`, keeping its comments; a descriptor that cannot be
    rewritten safely (a link, outside `root`, not UTF-8, not YAML, a key twice) is left as it is, with the reason."""
    result = Formatted()
    for folder in load.discover(root):
        path = folder / paths.DESCRIPTOR_NAME
        try:
            if formatted(path, root):
                result.changed.append(path)
        except Unformattable as why:
            result.left.append((path, str(why)))
    return result


class Unformattable(ValueError):
    """Why a descriptor is left as it is."""


def formatted(path: Path, root: Path) -> bool:
    """Rewrite one descriptor in its canonical form (atomically: a reader sees the old text or the new); False
    when it already is."""
    text = readable_text(path, root)
    try:
        if is_canonical(text):
            return False
        new = canonical_text(text)
    except yaml.YAMLError:
        raise Unformattable("YAML として読めません（chiiki validate で場所を確かめてください）。") from None
    except yamlio.Refused as refused:
        raise Unformattable(refused.detail) from None
    staged = path.with_name(f".{path.name}.fmt-{os.getpid()}")
    staged.write_text(new, encoding="utf-8")
    os.replace(staged, path)
    return True


def readable_text(path: Path, root: Path) -> str:
    """The descriptor's text, if it is a regular UTF-8 file of a folder inside `root` reached without a link."""
    if path.parent.is_symlink() or not load.is_regular_file(path):
        raise Unformattable("リンクまたは普通のファイルではないため、書き換えません。")
    try:
        paths.confined(path, root)
    except paths.OutsideFolder:
        raise Unformattable(f"{root} の外を指すため、書き換えません。") from None
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unformattable(
            f"UTF-8 ではありません（{error.start} バイト目）。文字コードを UTF-8 にして保存し直してください。"
        ) from None
