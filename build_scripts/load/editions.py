"""Reading the committed editions of the investment map (datapackages/editions/<YYYY-MM>/) and checking that
each file still matches the sha256 its datapackage.json recorded when it was made (rule edition-changed):
an edition never changes. Freezing one is contribute/edition.py; comparing two, derive/editions.py."""

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from build_scripts.model import Edition, Problem

EDITION_ID = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
DESCRIPTOR = "datapackage.json"
TABLE_TITLES = {
    "plans": "計画",
    "prefectures": "都道府県別の集計",
    "fields": "戦略分野別の集計",
    "points": "地図の点",
}


def read_editions(root: Path, shown) -> tuple[list[Edition], list[Problem]]:
    """Every committed edition, oldest first, and a problem for each file that changed since it was made."""
    editions, problems = [], []
    base = root / "editions"
    for folder in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        edition, found = read_edition(folder, shown)
        problems += found
        if edition is not None and not found:
            editions.append(edition)
    return editions, problems


def read_edition(folder: Path, shown) -> tuple[Edition | None, list[Problem]]:
    descriptor_path = folder / DESCRIPTOR

    def problem(path: Path, detail: str) -> Problem:
        return Problem("edition-changed", shown(path), detail)

    if not EDITION_ID.fullmatch(folder.name):
        return None, [problem(folder, f"版のフォルダ名は YYYY-MM です：{folder.name}")]
    try:
        raw = descriptor_path.read_bytes()
        descriptor = json.loads(raw)
        resources = {r["path"]: r for r in descriptor["resources"]}
        date = descriptor["edition"]["date"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return None, [problem(descriptor_path, f"datapackage.json を読めません（{type(error).__name__}）")]
    files, problems = {DESCRIPTOR: raw}, []
    for path in sorted(folder.iterdir()):
        if path.name != DESCRIPTOR and path.name not in resources:
            problems.append(problem(path, "版を作ったときにはなかったファイルです"))
    for name, resource in resources.items():
        path = folder / name
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        if content is None:
            problems.append(problem(path, "版のファイルがありません"))
        elif "sha256:" + hashlib.sha256(content).hexdigest() != resource.get("hash"):
            problems.append(
                problem(path, "記録されたハッシュと一致しません（版を作った後に変更されています）")
            )
        else:
            files[name] = content
    if problems:
        return None, problems
    tables = {
        Path(name).stem: list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
        for name, content in files.items()
        if name.endswith(".csv")
    }
    return Edition(folder.name, date, tables, files), []
