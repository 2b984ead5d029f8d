"""Releases: the versions of the data, named by the data's own history, never by the build.

A release is a commit of the main line that changed the data folder (datapackages/), named by the day it
reached that line in Japan — 2026-11-22 — with `.2`, `.3` … for the second and third that day. A commit that
changes only code makes none, so every build of the same data names the same release. Data changed but not yet
committed is a local release (`2026-11-30+local`), never published as one; data outside a git checkout (a
test's copy in a temporary folder) is named by the newest date it states and a digest of its content
(`2026-11-22+1a2b3c4d`), so the same data still gets the same name.

Each release lists what changed in what the national files publish — real plans; examples and drafts never
count — by plan and by row of each plan table, a row named by its table's primary key (companies by 法人番号,
KPIs by kpi_id, progress reports by KPI and date). It is computed from git: each commit's changed files are read
from their blobs (one `git cat-file` for the whole history) and only those are parsed again.
"""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from build_scripts import load, paths, settings
from build_scripts.load import history, yamlio
from build_scripts.model import PLAN_RESOURCES, PUBLIC_STATUSES, Plan

PLAN_AREAS = (paths.BLOCK_PLANS.name, paths.PREFECTURE_PLANS.name)  # <area>/<block or prefecture>/<plan id>/
PLAN_TABLE = "plans"  # what a change of a plan's own metadata is listed under


@dataclass(frozen=True)
class Change:
    table: str  # "plans", or the plan table whose row changed (companies, kpis, progress …)
    plan_id: str
    key: str  # the row's primary key (several columns joined by " "); "" for a plan's metadata
    change: str  # added, changed or removed

    def as_dict(self) -> dict:
        return {"table": self.table, "plan_id": self.plan_id, "key": self.key, "change": self.change}


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # the day the release was made (Japan), or the newest date the data states
    commit: str = ""  # the git commit, for a committed release
    local: bool = False  # uncommitted changes, or data outside git: a version that can not be fetched again
    changes: tuple[Change, ...] = ()
    files: tuple[str, ...] = ()  # other files of the data folder it changed (reference, schemas, editions)

    def counts(self) -> dict[str, dict[str, int]]:
        """How many rows of each table were added, changed or removed."""
        counted: dict[str, dict[str, int]] = {}
        for change in self.changes:
            table = counted.setdefault(change.table, {"added": 0, "changed": 0, "removed": 0})
            table[change.change] += 1
        return counted


def _digest(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# A published plan as a change log compares it: {"meta": digest, "tables": {table: {key: digest}}}.
Facts = dict


@dataclass
class Folder:
    """A plan folder's files as the change log reads them, straight from their bytes (a commit's blobs or the
    working tree): the descriptor's `plan:` and each table's rows by primary key. Only what changed is parsed
    again, so a history of thousands of commits costs what its changes cost."""

    name: str
    submitted: dict | None = None  # the descriptor's plan: as written, from its bytes (not a loaded Plan)
    tables: dict[str, dict[str, str]] = field(default_factory=dict)

    def read(self, filename: str, content: bytes | None, keys: dict[str, list[str]]) -> None:
        if filename == paths.DESCRIPTOR_NAME:
            self.submitted = _plan_meta(content) if content is not None else None
        elif (table := filename.removesuffix(".csv")) in PLAN_RESOURCES and filename.endswith(".csv"):
            if content is None:
                self.tables.pop(table, None)
            else:
                self.tables[table] = _rows_by_key(content, keys.get(table, []))

    def published(self) -> tuple[str, Facts] | None:
        """(plan id, facts) when the national files publish this plan: public, and not an example."""
        meta = self.submitted
        if meta is None or meta.get("status") not in PUBLIC_STATUSES or meta.get("example") is True:
            return None
        tables = {name: rows for name, rows in sorted(self.tables.items()) if rows}
        return str(meta.get("id", self.name)), {"meta": _digest(meta), "tables": tables}


def _plan_meta(content: bytes) -> dict | None:
    try:
        descriptor = yamlio.load(content.decode("utf-8-sig"))
    except (ValueError, yaml.YAMLError, RecursionError):  # refused or broken: validation says why
        return None
    meta = descriptor.get("plan") if isinstance(descriptor, dict) else None
    return meta if isinstance(meta, dict) else None


def _rows_by_key(content: bytes, key: list[str]) -> dict[str, str]:
    try:
        header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    except (UnicodeDecodeError, csv.Error, ValueError):  # ValueError: no header line at all
        return {}
    positions = [header.index(column) for column in key if column in header]
    return {
        " ".join(row[i] if i < len(row) else "" for i in positions): hashlib.blake2b(
            "\x1f".join(header + row).encode(), digest_size=8
        ).hexdigest()
        for row in rows
    }


def compare(before: dict[str, Facts], after: dict[str, Facts]) -> list[Change]:
    """The changes from one release's plan facts (by plan id) to the next's."""
    changes = []
    for plan_id in sorted(before.keys() | after.keys()):
        old, new = before.get(plan_id), after.get(plan_id)
        if old is None or new is None:
            changes.append(Change(PLAN_TABLE, plan_id, "", "added" if old is None else "removed"))
        elif old["meta"] != new["meta"]:
            changes.append(Change(PLAN_TABLE, plan_id, "", "changed"))
        for table in PLAN_RESOURCES:
            old_rows = (old or {}).get("tables", {}).get(table, {})
            changes += _row_changes(table, plan_id, old_rows, (new or {}).get("tables", {}).get(table, {}))
    return changes


def _row_changes(table: str, plan_id: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    def change(key: str) -> str:
        return "added" if key not in old else "removed" if key not in new else "changed"

    keys = sorted(old.keys() | new.keys())
    return [Change(table, plan_id, key, change(key)) for key in keys if old.get(key) != new.get(key)]


def version_names(commits: list[history.DataCommit]) -> list[tuple[str, str]]:
    """(version, date) of each commit, oldest first: the day in Japan, `.N` for the N-th of a day."""
    names, seen = [], {}
    for commit in commits:
        day = datetime.datetime.fromtimestamp(commit.time, settings.JAPAN).date().isoformat()
        seen[day] = seen.get(day, 0) + 1
        names.append((day if seen[day] == 1 else f"{day}.{seen[day]}", day))
    return names


def plan_folder_of(path: str) -> str | None:
    """The plan folder a data file lies in (blocks/kyushu/a-x/kpis.csv → blocks/kyushu/a-x), or None."""
    parts = path.split("/")
    return "/".join(parts[:3]) if len(parts) == 4 and parts[0] in PLAN_AREAS else None


def primary_keys() -> dict[str, list[str]]:
    return {name: schema.get("primaryKey", []) for name, schema in load.load_shared_schemas().items()}


def published(folders) -> dict[str, Facts]:
    return {entry[0]: entry[1] for folder in folders if (entry := folder.published())}


def working_tree_facts(directories, keys) -> dict[str, Facts]:
    """The facts of the plan folders as they are on disk, read as a commit's files are."""
    folders = []
    for directory in map(Path, directories):
        folder = Folder(directory.name)
        for path in sorted(directory.iterdir()):
            if path.is_file() and not path.is_symlink():
                folder.read(path.name, path.read_bytes(), keys)
        folders.append(folder)
    return published(folders)


def of_plans(plans: list[Plan]) -> Release:
    """The release of plans read from anywhere, without their history: named by their content."""
    return unversioned(plans, working_tree_facts([p.directory for p in plans], primary_keys()))


def history_releases(root: Path, plans: list[Plan]) -> tuple[Release, ...]:
    """Every release of the data in `root`, oldest first; the build's own plans (already validated) make a
    last, local release when the data differs from the last commit, or the only one outside git."""
    keys = primary_keys()
    commits = history.data_commits(root)
    if not commits:  # outside git, or data never committed
        return (unversioned(plans, working_tree_facts([p.directory for p in plans], keys)),)
    releases, facts = _committed_once(root, commits, keys)
    if history.uncommitted(root):
        current = working_tree_facts([p.directory for p in plans], keys)
        last = releases[-1]
        releases.append(
            Release(f"{last.version}+local", last.date, local=True, changes=tuple(compare(facts, current)))
        )
    return tuple(releases)


_COMMITTED: dict[tuple[str, str], tuple[list[Release], dict[str, Facts]]] = {}


def _committed_once(root: Path, commits: list[history.DataCommit], keys):
    """_committed, remembered for the process by the data's last commit: chiiki serve rebuilds on every save,
    and a commit's history never changes."""
    key = (str(root), commits[-1].sha)
    if key not in _COMMITTED:
        _COMMITTED.clear()
        _COMMITTED[key] = _committed(root, commits, keys)
    releases, facts = _COMMITTED[key]
    return list(releases), dict(facts)


def _committed(root: Path, commits: list[history.DataCommit], keys) -> tuple[list[Release], dict[str, Facts]]:
    """The releases of the commits, and the plan facts at the last one."""
    wanted = {blob for c in commits for _, path, blob in c.changes if blob and plan_folder_of(path)}
    contents = history.blobs(root, sorted(wanted))
    folders: dict[str, Folder] = {}
    facts: dict[str, Facts] = {}
    releases = []
    for commit, (version, day) in zip(commits, version_names(commits), strict=True):
        touched = {}
        for _, path, _ in commit.changes:
            if name := plan_folder_of(path):
                touched[name] = folders.setdefault(name, Folder(PurePosixPath(name).name))
        before = published(touched.values())
        for _, path, blob in commit.changes:
            if name := plan_folder_of(path):
                folders[name].read(path.rsplit("/", 1)[1], contents.get(blob) if blob else None, keys)
        after = published(touched.values())
        for plan_id in before:
            facts.pop(plan_id, None)
        facts.update(after)
        others = tuple(sorted(path for _, path, _ in commit.changes if plan_folder_of(path) is None))
        releases.append(
            Release(version, day, commit.sha, changes=tuple(compare(before, after)), files=others)
        )
    return releases, facts


def unversioned(plans: list[Plan], facts: dict[str, Facts]) -> Release:
    """The release of data outside git: the newest date its plans state and a digest of what they publish."""
    newest = max((p.info.updated_on for p in plans if p.is_public and p.info.updated_on), default="")
    digest = _digest(facts)[:8]
    return Release(f"{newest}+{digest}" if newest else f"+{digest}", newest, local=True)
