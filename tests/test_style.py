"""The code's form is checked like its behaviour: ruff's formatter (110 columns) and linter (pycodestyle,
pyflakes, import order), configured in pyproject.toml; templates on several lines; no function over 50 lines."""

import ast
import subprocess
import sys

import pytest

from build_scripts import paths


@pytest.mark.parametrize("command", [["format", "--check"], ["check"]], ids=["format", "lint"])
def test_ruff_passes_on_the_code_and_the_tests(command):
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "build_scripts", "tests"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_templates_are_written_on_several_lines():
    """Long rows of HTML are continued with Jinja's whitespace control ({# -#} at a line's end), so a template
    reads line by line and still renders to the same bytes (the build's byte-identical output is checked by
    tests/test_build.py's reproducibility test)."""
    lines = [
        (len(line), f"{path.name}:{number}")
        for path in sorted((paths.ROOT / "build_scripts/site/templates").rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    ]
    assert len(lines) > 500
    assert [where for length, where in lines if length > 180] == []


LONGEST_FUNCTION = (
    50  # lines, decorators and docstring included: a longer one is split where its parts have names
)


def test_no_function_is_longer_than_fifty_lines():
    lengths = [
        (node.end_lineno - node.lineno + 1, f"{path.relative_to(paths.ROOT)}:{node.lineno} {node.name}")
        for path in sorted((paths.ROOT / "build_scripts").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    assert len(lengths) > 500
    assert [where for length, where in lengths if length > LONGEST_FUNCTION] == []
