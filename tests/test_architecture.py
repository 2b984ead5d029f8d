"""The tree shows the data flow: stages as sub-packages, each importing only earlier stages and the leaves; the
developers' pages list every module (docs/architecture.md) and every command (docs/commands.md): claims that check
themselves."""

import ast
import re
from pathlib import Path

from build_scripts import paths
from build_scripts.cli import parser

PACKAGE = paths.ROOT / "build_scripts"
STAGES = ["load", "validate", "derive", "downloads", "site", "contribute", "dev"]  # in the order data flows
LEAVES = {"paths", "urls", "labels", "model", "rules", "settings", "codes", "values", "output", "romaji"}
PIPELINE = {"build", "cli", "__main__", "__init__"}  # the thin top: may call every stage


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The project modules a file imports (from build_scripts.x import y → build_scripts.x and build_scripts.x.y)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("build_scripts"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("build_scripts")}
    return found


def rank(module: str) -> int | None:
    """A stage's place in the flow; -1 for a leaf; None for the pipeline or a name that is not a module."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    if parts[1] in LEAVES:
        return -1
    return STAGES.index(parts[1]) if parts[1] in STAGES else None


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_stages_are_the_sub_packages():
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()) == sorted(STAGES)
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == LEAVES | PIPELINE, top ^ (LEAVES | PIPELINE)


def test_no_module_imports_a_later_stage():
    checked = 0
    for path in MODULES:
        own = rank(module_name(path))
        if own is None:
            continue
        for target in imported(path):
            theirs = rank(target)
            if theirs is not None:
                checked += 1
                assert theirs <= own, f"{module_name(path)} imports {target}: a later stage"
                if own == -1:
                    assert theirs == -1, f"the leaf {module_name(path)} imports {target}"
    assert checked > 100  # the rule was applied to real imports, not to an empty list


def readme_layout() -> str:
    """The layout in docs/architecture.md (the README points there)."""
    text = (paths.ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return text[text.index("## How the code is laid out") :].split("\n## ", 1)[0]


def test_the_readme_layout_names_every_module():
    layout = readme_layout()
    names = [p.stem for p in MODULES if p.stem not in ("__init__", "__main__")]
    assert len(names) > 40
    assert [name for name in names if not re.search(rf"\b{name}(\.py|/)", layout)] == []


def test_the_readme_names_every_command():
    commands = sorted(parser()._subparsers._group_actions[0].choices)
    assert len(commands) > 10
    text = (paths.ROOT / "docs" / "commands.md").read_text(encoding="utf-8")  # the README points there
    assert [
        c for c in commands if f"chiiki {c}" not in text and f"`{c}`" not in text and f"/ `{c}" not in text
    ] == []
