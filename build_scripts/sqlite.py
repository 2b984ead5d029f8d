"""One SQLite database of the national data and the reference tables (for Datasette and SQL)."""
import sqlite3

from build_scripts.values import typed

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table(connection: sqlite3.Connection, name: str, fields: list[dict], primary_key: list[str]) -> None:
    columns = [f"{quote(f['name'])} {SQL_TYPES.get(f.get('type', 'string'), 'TEXT')}" for f in fields]
    if primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(map(quote, primary_key))})")
    connection.execute(f"CREATE TABLE {quote(name)} ({', '.join(columns)})")


def sqlite_bytes(tables: list[tuple[str, list[dict], list[str], list[list[str]]]]) -> bytes:
    """tables: (name, Table Schema fields, primary key, rows of raw text in field order)."""
    connection = sqlite3.connect(":memory:")
    for name, fields, primary_key, rows in tables:
        create_table(connection, name, fields, primary_key)
        marks = ", ".join("?" for _ in fields)
        connection.executemany(f"INSERT INTO {quote(name)} VALUES ({marks})",
                               [[typed(v, f.get("type", "string")) for v, f in zip(row, fields)] for row in rows])
    connection.commit()
    content = connection.serialize()
    connection.close()
    return content
