"""The code's form is checked like its behaviour: ruff's formatter (110 columns) and linter (pycodestyle,
pyflakes, import order), configured in pyproject.toml."""

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
