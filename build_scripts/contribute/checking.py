"""What the check page (/contribute/check/) answers for the files a person chose, by the same functions as the
command line: a workbook goes through `import_workbook` (chiiki import-xlsx), a plan folder's files (its
datapackage.yaml and CSVs, or a zip of them) through `validate` (chiiki validate). Runs in the browser under
Pyodide and in the tests under CPython, with the same answer.

The answer is plain data for the page: the problems (rule, sheet or file, row, column, Japanese message and
fix, help link), the importer's notes, the folder the plan belongs in, and, when nothing is an error, a zip of
the plan's files in canonical form to upload there. Checks that need the whole repository (an id another plan
uses) are left to the pull request: the page holds no other plan.
"""

import io
import tempfile
import zipfile
from pathlib import Path

from build_scripts import paths
from build_scripts.contribute import canonical, intake
from build_scripts.contribute.scaffold import Misplaced, target_folder
from build_scripts.load import yamlio
from build_scripts.model import Problem
from build_scripts.validate import report, validate

MAX_FILES = 20  # a plan has a descriptor and at most 7 tables
MAX_BYTES = 25_000_000  # all chosen files together (a table may have 20 MB)


def check_files(files: dict[str, bytes]) -> dict:
    """The page's answer for {file name: bytes}, computed in a folder of its own."""
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "datapackages"
        root.mkdir()
        if refused := too_much(files):
            return answer(root, [refused])
        if len(files) == 1 and next(iter(files)).lower().endswith((".xlsx", ".xlsm", ".xls")):
            return checked_workbook(root, *next(iter(files.items())))
        return checked_folder(root, unzipped(files))


def too_much(files: dict[str, bytes]) -> Problem | None:
    size = sum(len(content) for content in files.values())
    if len(files) > MAX_FILES or size > MAX_BYTES:
        return Problem(
            "limit",
            "選んだファイル",
            f"{len(files)} 個・{size:,} バイトです（{MAX_FILES} 個・{MAX_BYTES:,} バイトまで）。",
        )
    return None


def unzipped(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of a chosen zip (its folders flattened: a plan folder's files sit side by side), or the files."""
    if len(files) != 1 or not next(iter(files)).lower().endswith(".zip"):
        return files
    out = {}
    with zipfile.ZipFile(io.BytesIO(next(iter(files.values())))) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()][:MAX_FILES]
        if sum(m.file_size for m in members) > MAX_BYTES:
            return {"選んだ zip": b""}
        for member in members:
            out[Path(member.filename).name] = archive.read(member)
    return out


def checked_workbook(root: Path, name: str, content: bytes) -> dict:
    path = root.parent / Path(name).name
    path.write_bytes(content)
    result = intake.import_workbook(path, root)
    return answer(root, result.problems, result.notes, result.folder)


def checked_folder(root: Path, files: dict[str, bytes]) -> dict:
    """Stage the files where their descriptor says the plan belongs, then validate that plan alone."""
    descriptor_text = files.get(paths.DESCRIPTOR_NAME)
    if descriptor_text is None:
        return answer(
            root, [Problem("file-missing", paths.DESCRIPTOR_NAME, "datapackage.yaml を選んでください。")]
        )
    try:
        descriptor = yamlio.load(descriptor_text.decode("utf-8"))
        folder = target_folder(descriptor, root)
    except Misplaced as misplaced:
        return answer(
            root, [Problem(misplaced.rule, paths.DESCRIPTOR_NAME, misplaced.detail, value=misplaced.value)]
        )
    except Exception:  # unreadable: the validator says why, with its line, from a folder of its own name
        folder = root / paths.PREFECTURE_PLANS.name / "00-unknown" / "plan"
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / Path(name).name).write_bytes(content)
    result = validate([folder], root=root)
    return answer(root, result.problems, folder=None if not result.valid else folder, canonical_copy=True)


def answer(
    root: Path, problems: list[Problem], notes=(), folder: Path | None = None, canonical_copy=False
) -> dict:
    shown = [relative(problem.as_dict(), root) for problem in problems]
    place = folder.relative_to(root.parent).as_posix() if folder else None
    return {
        "problems": shown,
        "notes": [note.__dict__ for note in notes],
        "folder": place,
        "zip": plan_zip(folder, canonical_copy)
        if folder and not any(p["grade"] == "error" for p in shown)
        else None,
    }


def relative(problem: dict, root: Path) -> dict:
    """A problem's file as the repository names it (datapackages/…), wherever the check ran."""
    file = problem["file"] or ""
    prefix = root.parent.as_posix().rstrip("/") + "/"
    return problem | {"file": file.removeprefix(prefix), "help": report.help_url(problem["rule"])}


def plan_zip(folder: Path, canonical_copy: bool) -> bytes:
    """The plan's files, the descriptor in canonical form, in a zip to upload into the plan's folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            content = path.read_bytes()
            if path.name == paths.DESCRIPTOR_NAME and canonical_copy:
                content = canonical.canonical_text(content.decode("utf-8")).encode("utf-8")
            archive.writestr(zipfile.ZipInfo(path.name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def check_json(chosen: str) -> str:
    """check_files for the files in the folder `chosen`, as JSON (the zip in base64): what the page's worker and
    the tests' Pyodide run call."""
    import base64
    import json

    folder = Path(chosen)
    result = check_files({p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()})
    result["zip"] = base64.b64encode(result["zip"]).decode("ascii") if result["zip"] else None
    return json.dumps(result, ensure_ascii=False, sort_keys=True)
