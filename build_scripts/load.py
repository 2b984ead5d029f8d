"""Read the data packages into plain objects. Reads only; problems found while reading are returned."""
import csv
import io
from pathlib import Path

import yaml

from build_scripts import paths, yamlio
from build_scripts.model import PLAN_RESOURCES, Plan, Problem, Reference, Table

_BOM = b"\xef\xbb\xbf"


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
    return {name: yaml.safe_load((directory / f"{name}.schema.yaml").read_text(encoding="utf-8"))
            for name in PLAN_RESOURCES}


def load_plan_metadata_schema(path: Path = paths.PLAN_METADATA_SCHEMA) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def discover(root: Path = paths.DATAPACKAGES) -> list[Path]:
    """Every plan folder: any folder holding a datapackage.yaml, except the reference package."""
    found = sorted(path.parent for path in root.rglob(paths.DESCRIPTOR_NAME))
    return [folder for folder in found if folder.name != "reference"]


def plan_dirs_for(targets: list[Path], root: Path = paths.DATAPACKAGES) -> list[Path]:
    """The plan folders named by command-line paths (a plan folder, a file in it, or a parent)."""
    everything = discover(root)
    chosen = []
    for target in (Path(t).resolve() for t in targets):
        for folder in everything:
            if folder == target or target in folder.parents or folder in target.parents:
                chosen.append(folder)
    return sorted(set(chosen))


def read_plan(directory: Path) -> tuple[Plan | None, list[Problem]]:
    path = directory / paths.DESCRIPTOR_NAME
    shown = paths.display(path)
    try:
        text = path.read_bytes().removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem("encoding", shown, "datapackage.yaml は UTF-8 で保存してください。")]
    try:
        descriptor, lines = yamlio.load_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [Problem("yaml-syntax", shown, str(getattr(error, "problem", "") or error),
                              line=mark.line + 1 if mark else None)]
    if not isinstance(descriptor, dict):
        return None, [Problem("yaml-syntax", shown, "最上位は plan: と resources: を持つマッピングにしてください。")]
    plan = Plan(directory=directory, descriptor=descriptor, lines=lines)
    problems = []
    for resource in descriptor.get("resources") or []:
        if isinstance(resource, dict) and resource.get("name") in PLAN_RESOURCES and resource.get("path") == f"{resource['name']}.csv":
            table, found = read_table(resource["name"], directory / resource["path"])
            problems += found
            if table:
                plan.tables[table.name] = table
    return plan, problems


def _decode(raw: bytes, shown: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (a BOM is accepted). Anything else is an error naming the likely encoding, never a guess."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem("encoding", shown, "UTF-16 で保存されています。")
    try:
        return raw.removeprefix(_BOM).decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        likely = "Shift_JIS（CP932）" if _decodes(raw, "cp932") else "不明な文字コード"
        return None, Problem("encoding", shown, f"{likely} と思われます（{line} 行目で UTF-8 として読めない文字）。", row=line)


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
        return True
    except UnicodeDecodeError:
        return False


def read_records(text: str) -> list[tuple[list[str], int]]:
    """CSV records with the physical line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, next_line = [], 1
    for record in reader:
        records.append((record, next_line))
        next_line = reader.line_num + 1
    return records


def read_table(name: str, path: Path) -> tuple[Table | None, list[Problem]]:
    shown = paths.display(path)
    if not path.is_file():
        return None, [Problem("file-missing", shown, f"{path.name} が見つかりません。")]
    text, problem = _decode(path.read_bytes(), shown)
    if problem:
        return None, [problem]
    try:
        records = read_records(text)
    except csv.Error as error:
        return None, [Problem("csv-syntax", shown, str(error))]
    if not records:
        return None, [Problem("csv-syntax", shown, "ファイルが空です（見出し行が必要です）。", row=1)]
    (header, _), problems, rows = records[0], [], []
    for number, (record, line) in enumerate(records[1:], start=2):
        if not record:
            problems.append(Problem("csv-syntax", shown, "空の行があります。", row=number, line=line))
        elif len(record) != len(header):
            problems.append(Problem("csv-syntax", shown, f"列の数が {len(record)} 個です（見出し行は {len(header)} 個）。",
                                    row=number, line=line))
        else:
            rows.append(dict(zip(header, record)) | {"__row__": number, "__line__": line})
    return Table(name=name, path=path, header=header, rows=rows), problems


def load_reference_descriptor(directory: Path = paths.REFERENCE) -> dict:
    return yaml.safe_load((directory / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8"))
