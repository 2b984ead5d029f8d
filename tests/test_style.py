"""The code's form is checked like its behaviour: ruff's formatter (110 columns) and linter (pycodestyle,
pyflakes, import order), configured in pyproject.toml; templates on several lines; no function over 50 lines."""

import ast
import re
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
    """Templates lay out prepared data and are read line by line: a long row of markup is broken where a line
    break renders nothing (between cells and items, between a tag's attributes) or with Jinja's own whitespace
    control ({%- … %}); no comment continuations ({# -#}) kept to reproduce old output byte for byte. Only a
    paragraph of Japanese prose stays on one line, since a break inside it would show as a space."""
    lines = [
        (line, f"{path.name}:{number}")
        for path in sorted((paths.ROOT / "build_scripts/site/templates").rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    ]
    assert len(lines) > 500
    assert [where for line, where in lines if "{# -#}" in line] == []
    too_long = [where for line, where in lines if len(line) > 180 and not is_prose(line)]
    assert too_long == []
    assert [where for line, where in lines if len(line) > 400] == []


def is_prose(line: str) -> bool:
    """A paragraph whose text, without its tags and Jinja, is mostly Japanese."""
    text = re.sub(r"""\{\{ _\((["'])(.*?)\1\) \}\}""", r"\2", line)  # the catalogue's Japanese keys are prose
    text = re.sub(r"<[^>]*>|\{[{%#].*?[}%#]\}", "", text)
    japanese = sum("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in text)
    return line.lstrip().startswith(("<p", "download>")) and japanese > len(text) / 2


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
