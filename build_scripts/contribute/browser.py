"""The check page's Python: the project's own validator and Excel intake, run in the reader's browser by Pyodide.

`bundle_bytes()` is one zip, unpacked by the page into Pyodide's file system:
- `chiiki/build_scripts/`: this package's code, as CPython runs it (one implementation, never a port);
- `chiiki/datapackages/reference/` and `schemas/`: the contract the validator reads (no plan data: drafts are
  never published, and repository-wide checks such as a duplicate id run in the pull request);
- `chiiki/lib/`: the pure-Python libraries the validator and intake import, copied from the very versions
  installed for CPython, and `rpds` as a small shim (rpds-py is Rust and has no Pyodide wheel).

Pyodide itself (interpreter and standard library) comes from the npm package pinned in package-lock.json,
installed by `make` (npm ci), and is served by the site: a page never fetches code from another host.
"""

import functools
import hashlib
import importlib.util
import io
import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from build_scripts import paths, urls
from build_scripts.settings import build_date

# What the validator and the intake import beyond the standard library (and what those import in turn).
LIBRARIES = [
    "yaml",
    "jsonschema",
    "jsonschema_specifications",
    "referencing",
    "attr",
    "attrs",
    "openpyxl",
    "et_xmlfile",
]
SINGLE_MODULES = ["typing_extensions"]
PYODIDE = paths.NODE_MODULES / "pyodide"
PYODIDE_FILES = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
]
_MOMENT = (2026, 1, 1, 0, 0, 0)  # every member's time: the same code gives the same bytes


class PyodideMissing(RuntimeError):
    """The npm packages are not installed (make installs them); the message says so in Japanese and English."""


def pyodide_files() -> dict[str, Path]:
    missing = [name for name in PYODIDE_FILES if not (PYODIDE / name).is_file()]
    if missing:
        raise PyodideMissing(
            f"チェックページ用の Pyodide がありません（{', '.join(missing)}）。npm ci を実行してください（make が行います）。\n"
            "Pyodide is not installed: run npm ci (make does)."
        )
    return {name: PYODIDE / name for name in PYODIDE_FILES}


def _library_root(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise PyodideMissing(
            f"{name} が見つかりません。pip install -e . を実行してください。\n{name} is not installed."
        )
    return Path(spec.origin).parent if spec.submodule_search_locations else Path(spec.origin)


def _members() -> list[tuple[str, Path]]:
    """(name in the zip, file) for everything the page's Python needs, sorted."""
    members = []
    package = paths.ROOT / "build_scripts"
    members += [
        (f"chiiki/{p.relative_to(paths.ROOT).as_posix()}", p)
        for p in package.rglob("*.py")
        if "dev" not in p.relative_to(package).parts and p.name != "rpds_shim.py"
    ]
    for folder in (paths.REFERENCE, paths.SCHEMAS):
        members += [
            (f"chiiki/{p.relative_to(paths.ROOT).as_posix()}", p) for p in folder.rglob("*") if p.is_file()
        ]
    for name in LIBRARIES:
        root = _library_root(name)
        members += [
            (f"chiiki/lib/{name}/{p.relative_to(root).as_posix()}", p)
            for p in root.rglob("*")
            if p.is_file()
            and p.suffix not in (".so", ".pyc", ".pyd")
            and "__pycache__" not in p.parts
            and "tests" not in p.relative_to(root).parts
        ]
    members += [(f"chiiki/lib/{name}.py", _library_root(name)) for name in SINGLE_MODULES]
    members.append(("chiiki/lib/rpds/__init__.py", package / "contribute" / "rpds_shim.py"))
    return sorted(members)


@functools.cache
def bundle_bytes() -> bytes:
    """The zip of the page's Python, the same bytes for the same code and libraries (made once per process)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in _members():
            archive.writestr(
                zipfile.ZipInfo(name, date_time=_MOMENT), path.read_bytes(), zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def bundle_name() -> str:
    """The bundle's file name carries its hash: a browser never runs an old bundle from its cache."""
    return f"chiiki-{hashlib.sha256(bundle_bytes()).hexdigest()[:16]}.zip"


def write_runtime(assets: Path) -> int:
    """Pyodide, the bundle and manifest.json into the site's check-page runtime folder; the number of files.
    Without the npm packages the manifest says so, the build warns, and the page tells its reader."""
    folder = assets / urls.CHECK_RUNTIME
    folder.mkdir(parents=True, exist_ok=True)
    try:
        files = pyodide_files()
    except PyodideMissing as missing:
        print(missing, file=sys.stderr)
        (folder / "manifest.json").write_text(
            json.dumps({"missing": str(missing)}, ensure_ascii=False), "utf-8"
        )
        return 1
    for name, path in files.items():
        shutil.copyfile(path, folder / name)
    (folder / bundle_name()).write_bytes(bundle_bytes())
    manifest = {
        "bundle": bundle_name(),
        "pyodide": json.loads((PYODIDE / "package.json").read_text())["version"],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return len(files) + 2


def write_templates(assets: Path) -> int:
    """The Excel template of each kind and the progress report's workbook, made by the code of chiiki
    xlsx-template, for the site's download."""
    made = template_workbooks()
    for kind, content in made.items():
        path = assets / urls.template(kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return len(made)


TEMPLATE_KINDS = ("A", "B", "C", "progress")


def template_workbooks() -> dict[str, bytes]:
    """The templates, made once for a state of the code, the contract and the libraries (the bundle holds them
    all, so its hash names them) and a build date (written into them): 19,000 formatted cells, 1.2 s of openpyxl that every build
    would pay again (the test suite's thirty, chiiki serve's full rebuilds). Kept in build/cache/."""
    from build_scripts.contribute import intake, reports

    code = hashlib.sha256(bundle_bytes()).hexdigest()[:16]
    folder = paths.CACHE / f"templates-{code}-{build_date()}"
    try:
        return {kind: (folder / f"{kind}.xlsx").read_bytes() for kind in TEMPLATE_KINDS}
    except OSError:
        pass
    made = {kind: intake.template_bytes(kind) for kind in ("A", "B", "C")} | {
        "progress": reports.template_bytes()
    }
    try:  # written aside and renamed: two builds at once never read half a file
        paths.CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=paths.CACHE) as work:
            for kind, content in made.items():
                (Path(work) / f"{kind}.xlsx").write_bytes(content)
            os.rename(work, folder)
            os.mkdir(work)  # for TemporaryDirectory's own clean-up
        for older in paths.CACHE.glob("templates-*"):  # the current code's are kept, not one set per edit
            if not older.name.startswith(f"templates-{code}-"):
                shutil.rmtree(older, ignore_errors=True)  # a build reading it meanwhile makes its own
    except OSError:
        pass  # a read-only checkout, or another build was first: the templates are made, the cache is optional
    return made
