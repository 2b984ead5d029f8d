"""Reading the committed editions of the investment map (datapackages/editions/<YYYY-MM>/) and checking that
each file still matches the sha256 its datapackage.json recorded when it was made (rule edition-changed):
an edition never changes. Freezing one is contribute/edition.py; comparing two, derive/editions.py."""

import csv
import datetime
import hashlib
import io
import json
import os
import re
import stat
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
# Each file's declaration (datapackages/schemas/published/), whose dictionary page documents it: the plans and
# points of their own, the two summaries with the national summary tables' columns.
DICTIONARY = {
    "plans": "edition_plans",
    "prefectures": "summary_prefectures",
    "fields": "summary_fields",
    "points": "edition_points",
}
EDITION_TABLES = ("edition_plans", "edition_points")


MAX_FILE_BYTES = 20_000_000  # an edition of every plan of the country is well under 1 MB
WORK_PREFIX = ".chiiki-edition-"  # where chiiki edition writes before the edition takes its name
_HASH = re.compile(r"sha256:[0-9a-f]{64}")


class Unreadable(ValueError):
    """An edition that is not as chiiki edition writes it: the path and why, in Japanese."""

    def __init__(self, path: Path, detail: str, rule: str = "edition-shape"):
        super().__init__(detail)
        self.path, self.detail, self.rule = path, detail, rule


def read_editions(root: Path, shown) -> tuple[list[Edition], list[Problem]]:
    """Every committed edition, oldest first, and a problem for each one that is not exactly as it was made."""
    editions, problems = [], []
    base = root / "editions"
    if base.is_symlink():
        return [], [Problem("edition-shape", shown(base), "リンクです。版のフォルダは普通のフォルダです。")]
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        if folder.name.startswith(WORK_PREFIX):
            continue  # a killed chiiki edition's work: never an edition, removed by the next chiiki edition
        try:
            editions.append(read_edition(folder))
        except Unreadable as why:
            problems.append(Problem(why.rule, shown(why.path), why.detail))
    return editions, problems


def read_edition(folder: Path) -> Edition:
    """One edition, read only when every file is a regular file of bounded size, its datapackage.json has the
    shape chiiki edition writes (its own id, a real date in that month, the four tables at their own names), and
    every file matches its recorded size and sha256."""
    if folder.is_symlink() or not folder.is_dir():
        raise Unreadable(folder, "版は普通のフォルダです（リンク・ファイルではありません）。")
    if not EDITION_ID.fullmatch(folder.name):
        raise Unreadable(folder, f"版のフォルダ名は YYYY-MM です：{folder.name}")
    sizes = file_sizes(folder)
    if DESCRIPTOR not in sizes:
        raise Unreadable(folder / DESCRIPTOR, "datapackage.json がありません。")
    descriptor = descriptor_of(folder / DESCRIPTOR)
    date = edition_date(descriptor, folder)
    resources = declared_resources(descriptor, folder)
    files = {DESCRIPTOR: (folder / DESCRIPTOR).read_bytes()}
    for name in sorted(set(sizes) - {DESCRIPTOR} - set(resources)):
        raise Unreadable(folder / name, "版を作ったときにはなかったファイルです", "edition-changed")
    for name, resource in resources.items():
        files[name] = unchanged_file(folder / name, resource, sizes)
    tables = {Path(name).stem: table_rows(folder / name, files[name], resources[name]) for name in resources}
    return Edition(folder.name, date, tables, files)


def file_sizes(folder: Path) -> dict[str, int]:
    """Each entry's size, looked at without opening it: a FIFO, a link or a huge file is never read."""
    sizes = {}
    for path in sorted(folder.iterdir()):
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(path, "普通のファイルではありません（リンク・FIFO・フォルダ）。")
        if info.st_size > MAX_FILE_BYTES:
            raise Unreadable(
                path, f"大きすぎます（{info.st_size:,} バイト。上限 {MAX_FILE_BYTES:,} バイト）。"
            )
        sizes[path.name] = info.st_size
    return sizes


def descriptor_of(path: Path) -> dict:
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise Unreadable(
            path, f"datapackage.json を JSON として読めません（{type(error).__name__}）。"
        ) from None
    if not isinstance(descriptor, dict):
        raise Unreadable(path, "datapackage.json の最上位はオブジェクトです。")
    return descriptor


def edition_date(descriptor: dict, folder: Path) -> str:
    """The day the edition was frozen: a real YYYY-MM-DD in the month its id names, and the id its own."""
    edition = descriptor.get("edition")
    path = folder / DESCRIPTOR
    if not isinstance(edition, dict) or edition.get("id") != folder.name:
        raise Unreadable(path, f"edition.id がフォルダ名（{folder.name}）と違います。")
    date = edition.get("date")
    try:
        valid = (
            isinstance(date, str)
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
            and datetime.date.fromisoformat(date)
        )
    except ValueError:
        valid = False
    if not valid or date[:7] != folder.name:
        raise Unreadable(path, f"edition.date は {folder.name} の実在する日付（YYYY-MM-DD）です：{date!r}")
    return date


def declared_resources(descriptor: dict, folder: Path) -> dict[str, dict]:
    """The four tables, each at its own name (plans.csv …): a resource can name no other path."""
    resources = descriptor.get("resources")
    path = folder / DESCRIPTOR
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        raise Unreadable(path, "resources は表の一覧です。")
    names = [r.get("name") for r in resources]
    if sorted(map(str, names)) != sorted(TABLE_TITLES):
        raise Unreadable(path, f"resources は {', '.join(TABLE_TITLES)} の4つです：{names}")
    for resource in resources:
        if resource.get("path") != f"{resource['name']}.csv":
            raise Unreadable(
                path, f"{resource['name']} の path は {resource['name']}.csv です：{resource.get('path')!r}"
            )
        if not isinstance(resource.get("hash"), str) or not _HASH.fullmatch(resource["hash"]):
            raise Unreadable(path, f"{resource['name']} の hash は sha256:<64桁> です。")
        fields = (
            (resource.get("schema") or {}).get("fields") if isinstance(resource.get("schema"), dict) else None
        )
        if not isinstance(fields, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
        ):
            raise Unreadable(path, f"{resource['name']} の schema.fields は列の一覧です。")
    return {r["path"]: r for r in resources}


def unchanged_file(path: Path, resource: dict, sizes: dict[str, int]) -> bytes:
    if path.name not in sizes:
        raise Unreadable(path, "版のファイルがありません", "edition-changed")
    content = path.read_bytes()
    if "sha256:" + hashlib.sha256(content).hexdigest() != resource["hash"] or resource.get("bytes") != len(
        content
    ):
        raise Unreadable(
            path, "記録されたハッシュと一致しません（版を作った後に変更されています）", "edition-changed"
        )
    return content


def table_rows(path: Path, content: bytes, resource: dict) -> list[dict]:
    """The table's rows, its header exactly the columns its schema names."""
    try:
        reader = csv.reader(io.StringIO(content.decode("utf-8"), newline=""))
        header, *rows = list(reader) or [[]]
    except (UnicodeDecodeError, csv.Error) as error:
        raise Unreadable(path, f"CSV として読めません（{type(error).__name__}）。") from None
    if header != [f["name"] for f in resource["schema"]["fields"]]:
        raise Unreadable(path, "見出しの行が schema.fields の列と違います。")
    if any(len(row) != len(header) for row in rows):
        raise Unreadable(path, "列の数が見出しと違う行があります。")
    return [dict(zip(header, row, strict=True)) for row in rows]
