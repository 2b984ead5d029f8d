"""A pull request's uploaded workbooks, converted by the workflow itself: each .xlsx the change added is imported
into a copy of the data (the checkout is never written), and the plan's package files are put in an output folder
that the workflow attaches to the run, with a job summary saying which folder they belong in."""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_scripts import load, paths
from build_scripts.contribute import intake
from build_scripts.model import Problem

CONVERTIBLE = (".xlsx",)  # what import-xlsx reads; .xls, .ods and zips get the submission rule's message only


@dataclass
class Converted:
    upload: str  # the workbook, as the pull request names it
    folder: str | None  # the plan folder its files belong in (repository-relative), when it converted
    files: list[str]
    problems: list[Problem]


def uploaded_workbooks(changes: list[tuple[str, str]]) -> list[str]:
    """The workbooks a change added or modified (git's names), outside the project's own folders."""
    return [
        name
        for status, name in changes
        if status != "D" and name.lower().endswith(CONVERTIBLE) and not name.startswith(("tests/", "docs/"))
    ]


def convert_uploads(names: list[str], root: Path, out: Path) -> list[Converted]:
    """Import each workbook into its own copy of `root`, and copy the plan's package files (the descriptor and
    its tables, nothing else of the folder) to `out`, under the plan folder's repository path."""
    results = []
    for name in names:
        workbook = paths.ROOT / name
        if not load.is_regular_file(workbook):
            results.append(Converted(name, None, [], [load.not_regular(workbook)]))
            continue
        with tempfile.TemporaryDirectory() as work:
            copy = Path(work) / root.name
            shutil.copytree(root, copy, symlinks=True)
            imported = intake.import_workbook(workbook, copy)
            if imported.folder is None:
                results.append(Converted(name, None, [], imported.problems))
                continue
            relative = imported.folder.relative_to(copy.parent)
            target = out / relative
            target.mkdir(parents=True, exist_ok=True)
            written = [paths.DESCRIPTOR_NAME] + [
                f"{resource['name']}.csv"
                for resource in load.read_plan(imported.folder)[0].descriptor.get("resources", [])
            ]
            for file in written:
                shutil.copyfile(imported.folder / file, target / file)
            results.append(Converted(name, relative.as_posix(), written, imported.problems))
    return results
