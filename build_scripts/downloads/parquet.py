"""The national tables as Parquet, for pandas, polars, DuckDB and Arrow users: each column typed as its Table
Schema declares (codes stay text: 011002, never 11002), an empty cell missing (null), never 0 or "".

Written with pyarrow, the Apache Arrow project's own implementation: pandas' default Parquet engine and what
DuckDB and polars read and write alike; it keeps each column's type and our descriptions in the file's schema
(fastparquet is pandas-only and infers types from pandas' columns). Written with fixed settings, so two builds of
the same data give the same bytes."""

import io
import json

from build_scripts import labels, values
from build_scripts.downloads.table import OutTable


def _arrow_types():
    """Table Schema type → Arrow type: a date a calendar day, a number a double (the CSV keeps the digits)."""
    import pyarrow as pa

    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }


def _cell(text: str, kind: str):
    """A validated cell as Arrow holds it (the one parser, values.parse): empty → null."""
    if text == "":
        return None
    return text == "true" if kind == "boolean" else values.parse(text, kind)


def parquet_bytes(table: OutTable, version: str) -> bytes:
    """One table as a Parquet file: its columns typed, each with its title and description, and the table's
    title, description, licence and release in the file's metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = _arrow_types()
    fields = table.schema["fields"]
    kinds = [f.get("type", "string") if f.get("type") in types else "string" for f in fields]
    schema = pa.schema(
        [
            pa.field(
                f["name"],
                types[kind],
                metadata={"title": f.get("title", ""), "description": f.get("description", "")},
            )
            for f, kind in zip(fields, kinds)
        ],
        metadata={
            "title": table.schema.get("title", ""),
            "description": table.schema.get("description", ""),
            "licence": json.dumps(labels.LICENCE, ensure_ascii=False),
            "attribution": labels.ATTRIBUTION,
            "version": version,
        },
    )
    columns = [[_cell(row[at], kind) for row in table.rows] for at, kind in enumerate(kinds)]
    arrow = pa.Table.from_arrays(
        [pa.array(column, type=types[kind]) for column, kind in zip(columns, kinds)], schema=schema
    )
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer, compression="zstd", use_dictionary=True, write_statistics=True)
    return buffer.getvalue()


def parquet_path(table: OutTable) -> str:
    """Beside the table's CSV: companies.parquet, summaries/prefectures.parquet, codes/municipalities.parquet."""
    return table.path.removesuffix(".csv") + ".parquet"
