"""The national tables as Parquet, read as a researcher reads them (pandas, pyarrow): every CSV of the national
package has its Parquet file beside it, with the same rows, each column of its declared type (codes as text:
011002 stays 011002), empty cells missing, and the table's title, licence and release in the file."""

import csv
import datetime
import io
import json

import pytest

from build_scripts import urls

ARROW_TYPES = {
    "string": "string",
    "integer": "int64",
    "number": "double",
    "boolean": "bool",
    "date": "date32[day]",
}


@pytest.fixture(scope="module")
def national(fixture_site):
    folder = fixture_site / urls.national_file("")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return folder, package


def test_every_national_table_has_its_parquet_file_with_the_declared_types_and_the_same_rows(national):
    import pyarrow.parquet as pq

    folder, package = national
    assert len(package["resources"]) > 20
    for resource in package["resources"]:
        parquet = folder / resource["path"].replace(".csv", ".parquet")
        table = pq.read_table(parquet)
        fields = resource["schema"]["fields"]
        assert table.column_names == [f["name"] for f in fields], resource["name"]
        assert [str(t) for t in table.schema.types] == [ARROW_TYPES[f["type"]] for f in fields], resource[
            "name"
        ]
        text = (folder / resource["path"]).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        assert table.num_rows == len(rows), resource["name"]
        kinds = [f["type"] for f in fields]
        expected = [[read(cell, kind) for cell, kind in zip(row, kinds)] for row in rows]
        assert [list(row.values()) for row in table.to_pylist()] == expected, resource["name"]


def read(cell: str, kind: str):
    """A CSV cell as a reader of the declared type takes it (written here, not with the build's parser)."""
    if cell == "":
        return None
    return {
        "integer": int,
        "number": float,
        "boolean": lambda text: {"true": True, "false": False}[text],
        "date": datetime.date.fromisoformat,
    }.get(kind, str)(cell)


def test_pandas_keeps_codes_as_text_and_missing_cells_missing(national):
    import pandas as pd

    folder, _ = national
    municipalities = pd.read_parquet(folder / "codes" / "municipalities.parquet")
    sapporo = municipalities[municipalities["name"] == "札幌市"].iloc[0]
    assert sapporo["municipality_code"] == "011002" and sapporo["prefecture_code"] == "01"
    plans = pd.read_parquet(folder / "plans.parquet")
    assert (
        plans["start_fy"].isna().any() and not (plans["start_fy"] == 0).any()
    )  # an outline states no period
    assert str(plans["example"].dtype) == "bool" and not plans["example"].any()


def test_the_file_says_what_it_is_under_which_licence_and_which_release(national):
    import pyarrow.parquet as pq

    folder, package = national
    metadata = pq.read_schema(folder / "companies.parquet").metadata
    assert metadata[b"title"].decode() == "重点支援企業"
    assert json.loads(metadata[b"licence"])["name"] == package["licenses"][0]["name"]
    assert metadata[b"version"].decode() == package["version"]
    field = pq.read_schema(folder / "companies.parquet").field("corporate_number")
    assert field.metadata[b"title"].decode() == "法人番号"
