"""Every repository path that the documentation, the code's comments and the shipped files name exists: a module
that moves takes its mentions with it (three shipped comments and mkdocs.yml once named files that had moved)."""

import re

from build_scripts import paths

ROOT = paths.ROOT
TOP = ("build_scripts", "tests", "docs", "datapackages", ".github", ".ci")
# A path that starts at one of the folders above, not inside a longer path or word, and ends on a name or "/".
NAMED = re.compile(r"(?<![\w./-])((?:" + "|".join(map(re.escape, TOP)) + r")/[\w./-]*[\w/])")
# What the instructions show as the folder of a contributor's own new plan: an example, not a file of ours.
EXAMPLES = ("datapackages/prefectures/13-tokyo/b-tokyo-2026",)
DATE_PLACEHOLDER = re.compile(r"[YMD]+(-[YMD]+)*")


def named_files() -> list:
    """The documentation, the code and its templates, the shipped scripts and styles, the configuration."""
    files = [
        ROOT / name for name in ("README.md", "CONTRIBUTING.md", "mkdocs.yml", "Makefile", "pyproject.toml")
    ]
    files += sorted((ROOT / "docs").rglob("*.md"))
    files += sorted((ROOT / "docs" / "javascripts").glob("*.js")) + sorted(
        (ROOT / "docs" / "stylesheets").glob("*.css")
    )
    files += sorted((ROOT / "build_scripts").rglob("*.py")) + sorted(paths.TEMPLATES.rglob("*.j2"))
    files += sorted((ROOT / ".github").rglob("*.yml")) + [ROOT / ".ci" / "run"]
    return [path for path in files if path.is_file()]


def mentions(text: str):
    """(line number, path) of every repository path in the text; a path followed by a placeholder (<id>, {name},
    *) is a pattern, and only its fixed start is a path."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in NAMED.finditer(line):
            yield number, fixed_start(match.group(1).rstrip("."))


def fixed_start(path: str) -> str:
    """The path up to a date placeholder (data/editions/YYYY-MM/ names a pattern: its folder must exist)."""
    parts = path.split("/")
    for index, part in enumerate(parts):
        if DATE_PLACEHOLDER.fullmatch(part):
            return "/".join(parts[:index]) + "/"
    return path


def test_the_scan_finds_paths_and_skips_words():
    text = "see `build_scripts/urls.py`, docs/contract.md. Not mydocs/x or a/tests/y; datapackages/editions/YYYY-MM/"
    found = [path for _, path in mentions(text)]
    assert found == ["build_scripts/urls.py", "docs/contract.md", "datapackages/editions/"]


def test_every_named_repository_path_exists():
    files = named_files()
    assert len(files) > 100
    named, missing = 0, []
    for path in files:
        for number, mentioned in mentions(path.read_text(encoding="utf-8")):
            named += 1
            if not (ROOT / mentioned).exists() and not mentioned.startswith(EXAMPLES):
                missing.append(f"{path.relative_to(ROOT)}:{number}: {mentioned}")
    assert named > 100  # the documents do name paths: the check read them
    assert missing == []
