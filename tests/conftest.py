import csv
import gzip
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from build_scripts.load import yamlio

FIXTURES = Path(__file__).parent / "fixtures"
B_PLAN = "prefectures/13-tokyo/b-fixture-tokyo"
A_PLAN = "blocks/kyushu/a-fixture-kyushu"
C_PLAN = "prefectures/13-tokyo/c-fixture-chiyoda"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Tests see one fixed build date (2026-11-22), so date rules give the same answer every year."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A fresh copy of the fixture repository's datapackages/ folder."""
    target = tmp_path / "datapackages"
    shutil.copytree(FIXTURES / "repo" / "datapackages", target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (the header is row 1) and column name."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def edit_plan(folder: Path, change) -> None:
    path = folder / "datapackage.yaml"
    descriptor = yamlio.load(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(yamlio.dump(descriptor), encoding="utf-8")


def readable(data: bytes) -> bytes:
    """A file's bytes with what is compressed inside opened up: gzip (Pagefind's index and fragments,
    sitemap.xml.gz) and zip (the data package zips and the xlsx workbooks), recursively; and without
    the zero-width spaces Pagefind puts between the words it segments (SYNTHETIC​-​DRAFT…)."""
    if data[:2] == b"\x1f\x8b":
        return readable(gzip.decompress(data))
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(readable(archive.read(name)) for name in archive.namelist())
    return data.replace("\u200b".encode(), b"")
