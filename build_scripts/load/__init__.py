"""Read the data packages into plain objects. Reads only; problems found while reading are returned."""

import csv
import io
import os
import stat
from pathlib import Path

import yaml

from build_scripts import paths
from build_scripts.load import yamlio
from build_scripts.model import PLAN_RESOURCES, Plan, Problem, Reference, Table

_BOM = b"\xef\xbb\xbf"
MAX_CSV_BYTES = 20_000_000  # a national B plan's company list is ~100 KB; far larger is not a plan
MAX_ROWS = 20_000  # a prefecture lists hundreds of companies; the synthetic country 1,064
MAX_CELL_CHARS = 10_000  # the longest text in a plan (a measure's content) is a few hundred characters
# The contract's own YAML (schemas, the reference descriptor) read as yaml.safe_load reads it, by libyaml where
# PyYAML has it: ~10 times faster, and every validation and import reads the schemas again.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


def load_reference(directory: Path = paths.REFERENCE) -> Reference:
    def rows(name):
        with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return Reference(
        prefectures={row["prefecture_code"]: row for row in rows("prefectures")},
        blocks={row["block_id"]: row for row in rows("blocks")},
        fields={int(row["field_number"]): row for row in rows("strategic_fields")},
        municipalities={row["municipality_code"]: row for row in rows("municipalities")},
    )


def load_shared_schemas(directory: Path = paths.SCHEMAS) -> dict[str, dict]:
    return {name: _safe_load(directory / f"{name}.schema.yaml") for name in PLAN_RESOURCES}


def load_published_schema(name: str, directory: Path = paths.PUBLISHED_SCHEMAS) -> dict:
    """The declaration of a table the site makes from the plans (progress_status, quality)."""
    return _safe_load(directory / f"{name}.schema.yaml")


def load_plan_metadata_schema(path: Path = paths.PLAN_METADATA_SCHEMA) -> dict:
    return _safe_load(path)


MAX_DEPTH = (
    6  # plans sit 3 folders below the root; a misplaced one a few levels deeper is still found and refused
)


def discover(root: Path = paths.DATAPACKAGES) -> list[Path]:
    """Every plan folder: any folder holding a datapackage.yaml, except the reference package; a linked folder
    is listed too (read_plan refuses it) but never entered. One walk, MAX_DEPTH folders deep at most: a path too
    long or unreadable is passed over, never a crash."""
    found, pending = set(), [(Path(root), 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.name == paths.DESCRIPTOR_NAME and not entry.is_dir(follow_symlinks=False):
                    found.add(folder)
                elif entry.is_symlink() and entry.is_dir():
                    found.add(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False) and depth < MAX_DEPTH:
                    pending.append((Path(entry.path), depth + 1))
            except OSError:
                continue
    return sorted(folder for folder in found if folder.name != "reference")


def plan_dirs_for(targets: list[Path], root: Path = paths.DATAPACKAGES) -> list[Path]:
    """The plan folders named by command-line paths (a plan folder, a file in it, or a parent)."""
    everything = discover(root)
    chosen = []
    for target in (Path(t).resolve() for t in targets):
        for folder in everything:
            if folder == target or target in folder.parents or folder in target.parents:
                chosen.append(folder)
    return sorted(set(chosen))


def is_regular_file(path: Path) -> bool:
    """A regular file that is not a symbolic link (git stores links as links: a pull request can point one
    anywhere on the runner); a device, a FIFO or a folder in a file's place is not one either."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def linked_folder(directory: Path) -> Path | None:
    """The first symbolic link on the way to a plan folder, below the datapackages/ folder that holds it."""
    for folder in [directory, *directory.parents]:
        if folder.name == "datapackages" or folder == folder.parent:
            return None
        if folder.is_symlink():
            return folder
    return None


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, never through a link (O_NOFOLLOW) and never past `limit` + 1 bytes."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(limit + 1)


def not_regular(path: Path) -> Problem:
    what = (
        "シンボリックリンク"
        if path.is_symlink()
        else "フォルダ"
        if path.is_dir()
        else "ファイルではないもの（デバイス・FIFO など）"
        if path.exists()
        else None
    )
    detail = (
        f"{path.name} は{what}です。計画のフォルダには普通のファイルを置いてください。"
        if what
        else f"{path.name} が見つかりません。"
    )
    return Problem("not-regular-file" if what else "file-missing", paths.display(path), detail)


def target_problem(target: Path, root: Path) -> str | None:
    """Why a path given to `chiiki validate` names no plan (None when it names at least one): outside the
    repository's data, or a folder or file that holds no plan. An official must never take that for a pass."""
    target, root = Path(target).resolve(), root.resolve()
    if target != root and root not in target.parents and target not in root.parents:
        return (
            f"{target} は計画データのフォルダ（{paths.display(root)}）"
            f"の外です。計画のフォルダか、その中のファイルを指定してください。\n"
            f"{target} is outside the data folder {root}."
        )
    if not plan_dirs_for([target], root):
        return (
            f"{paths.display(target)} には計画がありません（datapackage.yaml のある計画のフォルダを指定してください。"
            f"例：datapackages/prefectures/13-tokyo/b-tokyo-2026）。\nNo plan found under {target}."
        )
    return None


def read_plan(directory: Path) -> tuple[Plan | None, list[Problem]]:
    path = directory / paths.DESCRIPTOR_NAME
    shown = paths.display(path)
    if link := linked_folder(directory):
        return None, [
            Problem(
                "not-regular-file",
                paths.display(link),
                f"{link.name} はシンボリックリンクです。計画のフォルダは"
                "リンクではなく、普通のフォルダにしてください。",
            )
        ]
    if not is_regular_file(path):
        return None, [not_regular(path)]
    try:
        text = read_regular(path, yamlio.MAX_BYTES).removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        return None, [
            Problem(
                "encoding",
                shown,
                "datapackage.yaml は UTF-8 で保存してください（Excel の CSV とは別のファイルです。"
                "テキストエディタで UTF-8 を選んで保存します）。",
            )
        ]
    try:
        descriptor, lines = yamlio.load_with_lines(text)
    except yamlio.Refused as refused:
        return None, [Problem(refused.rule, shown, refused.detail, line=refused.line)]
    except (yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        return None, [
            Problem(
                "yaml-syntax",
                shown,
                str(getattr(error, "problem", "") or error),
                line=mark.line + 1 if mark else None,
            )
        ]
    if not isinstance(descriptor, dict):
        return None, [
            Problem("yaml-syntax", shown, "最上位は plan: と resources: を持つマッピングにしてください。")
        ]
    plan = Plan(directory=directory, descriptor=descriptor, lines=lines)
    return plan, read_declared_tables(plan)


def read_declared_tables(plan: Plan) -> list[Problem]:
    """Each table the descriptor declares as the contract writes it (a wrong declaration is an error of its own,
    told by the descriptor's checks), into plan.tables."""
    problems, read = [], set()
    for resource in plan.descriptor.get("resources") or []:
        if (
            isinstance(resource, dict)
            and resource.get("name") in PLAN_RESOURCES
            and resource.get("name") not in read  # declared again (an error of its own): read once
            and resource.get("path") == f"{resource['name']}.csv"
        ):
            read.add(resource["name"])
            table, found = read_table(resource["name"], plan.directory / resource["path"])
            problems += found
            if table:
                plan.tables[table.name] = table
    return problems


def _decode(raw: bytes, shown: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (a BOM is accepted). Anything else is an error naming the likely encoding, never a guess."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem("encoding", shown, "UTF-16 で保存されています。")
    try:
        return raw.removeprefix(_BOM).decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        likely = "Shift_JIS（CP932）" if _decodes(raw, "cp932") else "不明な文字コード"
        return None, Problem(
            "encoding", shown, f"{likely} と思われます（{line} 行目で UTF-8 として読めない文字）。", row=line
        )


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
        return True
    except UnicodeDecodeError:
        return False


class CsvSyntax(ValueError):
    """A CSV that cannot be read as records, with the row (as a spreadsheet numbers it) and line it breaks at."""

    def __init__(self, detail: str, row: int, line: int):
        super().__init__(detail)
        self.detail, self.row, self.line = detail, row, line


def read_records(text: str) -> list[tuple[list[str], int]]:
    """CSV records with the physical line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, next_line = [], 1
    try:
        for record in reader:
            records.append((record, next_line))
            next_line = reader.line_num + 1
    except csv.Error as error:
        raise CsvSyntax(_csv_error_in_words(str(error), next_line), len(records) + 1, next_line) from None
    return records


def _csv_error_in_words(error: str, line: int) -> str:
    if "unexpected end of data" in error or "EOF" in error:
        return (
            f'{line} 行目のセルで始まる引用符（"）が閉じられていません。ファイルの終わりまでが1つのセルとして'
            '読まれてしまいます。セルの中の " は "" と2つ重ねて書きます。'
        )
    if "expected after" in error:
        return f'{line} 行目から始まる行で、引用符（"）の後に区切りのコンマがありません。セルの中の " は "" と2つ重ねて書きます。'
    if "NUL" in error or "line contains NUL" in error:
        return f"{line} 行目から始まる行に NUL 文字（U+0000）があります。テキストとして保存し直してください。"
    return f"{line} 行目から始まる行を CSV として読めません（{error}）。"


def read_table(name: str, path: Path) -> tuple[Table | None, list[Problem]]:
    shown = paths.display(path)
    if not is_regular_file(path):
        return None, [not_regular(path)]
    raw = read_regular(path, MAX_CSV_BYTES)
    if len(raw) > MAX_CSV_BYTES:
        return None, [Problem("limit", shown, f"ファイルが大きすぎます（上限 {MAX_CSV_BYTES:,} バイト）。")]
    text, problem = _decode(raw, shown)
    if problem:
        return None, [problem]
    try:
        records = read_records(text)
    except CsvSyntax as error:
        return None, [Problem("csv-syntax", shown, error.detail, row=error.row, line=error.line)]
    if not records:
        return None, [Problem("csv-syntax", shown, "ファイルが空です（見出し行が必要です）。", row=1)]
    if len(records) - 1 > MAX_ROWS:
        return None, [
            Problem("limit", shown, f"行が多すぎます（{len(records) - 1:,} 行。上限 {MAX_ROWS:,} 行）。")
        ]
    (header, _), problems, rows = records[0], [], []
    for number, (record, line) in enumerate(records[1:], start=2):
        if (
            long := next((i for i, cell in enumerate(record) if len(cell) > MAX_CELL_CHARS), None)
        ) is not None:
            problems.append(
                Problem(
                    "limit",
                    shown,
                    f"値が長すぎます（{len(record[long]):,} 文字。上限 {MAX_CELL_CHARS:,} 文字）。",
                    row=number,
                    line=line,
                    column=header[long] if long < len(header) else None,
                )
            )
        elif not record:
            problems.append(Problem("csv-syntax", shown, "空の行があります。", row=number, line=line))
        elif len(record) != len(header):
            problems.append(
                Problem(
                    "csv-syntax",
                    shown,
                    f"列の数が {len(record)} 個です（見出し行は {len(header)} 個）。",
                    row=number,
                    line=line,
                )
            )
        else:
            rows.append(dict(zip(header, record)) | {"__row__": number, "__line__": line})
    return Table(name=name, path=path, header=header, rows=rows), problems


def load_reference_descriptor(directory: Path = paths.REFERENCE) -> dict:
    return _safe_load(directory / paths.DESCRIPTOR_NAME)
