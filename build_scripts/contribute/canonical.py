"""The canonical form of a plan descriptor: keys in the contract's order, canonical YAML.
`chiiki fmt` rewrites descriptors into it; a test checks every descriptor already is."""

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
    return yamlio.dump(canonical_descriptor(yamlio.load(text)))


def is_canonical(text: str) -> bool:
    return canonical_text(text) == yamlio.without_comments(text)


def format_descriptors(root: Path = paths.DATAPACKAGES) -> list[Path]:
    """Rewrite every non-canonical descriptor (comments are dropped); returns the changed files. A descriptor
    that cannot be read safely is left as it is (chiiki validate says why)."""
    changed = []
    for folder in load.discover(root):
        path = folder / paths.DESCRIPTOR_NAME
        if not load.is_regular_file(path):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            canonical = is_canonical(text)
        except (yaml.YAMLError, yamlio.Refused):
            continue
        if not canonical:
            path.write_text(canonical_text(text), encoding="utf-8")
            changed.append(path)
    return changed
