"""One SQLite database of the national data and the reference tables (for Datasette and SQL)."""

import sqlite3
from dataclasses import dataclass

from build_scripts.values import typed

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


@dataclass(frozen=True)
class DbTable:
    name: str
    fields: list[dict]  # Table Schema fields
    primary_key: list[str]
    rows: list[list[str]]  # raw text cells in field order
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, referenced table, referenced column)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table(connection: sqlite3.Connection, table: DbTable) -> None:
    columns = [f"{quote(f['name'])} {SQL_TYPES.get(f.get('type', 'string'), 'TEXT')}" for f in table.fields]
    if table.primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(map(quote, table.primary_key))})")
    columns += [
        f"FOREIGN KEY ({quote(column)}) REFERENCES {quote(target)} ({quote(key)})"
        for column, target, key in table.foreign_keys
    ]
    connection.execute(f"CREATE TABLE {quote(table.name)} ({', '.join(columns)})")


def sqlite_bytes(tables: list[DbTable]) -> bytes:
    """The database as bytes. Foreign keys are declared for joins and Datasette's links; the validator has
    already checked every code against the reference tables (a test runs PRAGMA foreign_key_check)."""
    connection = sqlite3.connect(":memory:")
    for table in tables:
        create_table(connection, table)
        marks = ", ".join("?" for _ in table.fields)
        connection.executemany(
            f"INSERT INTO {quote(table.name)} VALUES ({marks})",
            [[typed(v, f.get("type", "string")) for v, f in zip(row, table.fields)] for row in table.rows],
        )
    connection.commit()
    content = connection.serialize()
    connection.close()
    return content
