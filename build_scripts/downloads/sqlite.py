"""One SQLite database of the national data and the reference tables (for Datasette and SQL)."""

import sqlite3
import unicodedata
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


# Japanese has no spaces between words, and FTS5's tokenizers find no word in it (sqlite-utils' enable-fts: 0
# matches); the trigram tokenizer misses two-character words (造船). So the text is indexed as its overlapping
# two-character pieces, separated by spaces: a two-character word is one token (MATCH '造船'), a longer one its
# pieces in a row (MATCH '"半導 導体"'). remove_diacritics 0: が must not become か.
SEARCH_TABLE = "search"
SEARCH_SQL = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(bigrams, text UNINDEXED, source UNINDEXED, "
    "plan_id UNINDEXED, row_key UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')"
)


def bigram_text(text: str) -> str:
    """The text as its overlapping two-character pieces, word by word (NFKC, lower case): 「半導体 工場」 →
    「半導 導体 工場」; a one-character word stays itself."""
    pieces = []
    for word in unicodedata.normalize("NFKC", text).lower().split():
        pieces += [word[i : i + 2] for i in range(max(1, len(word) - 1))]
    return " ".join(pieces)


def sqlite_bytes(
    tables: list[DbTable], search: list[tuple[str, str, str, str]] = (), views: dict[str, str] | None = None
) -> bytes:
    """The database as bytes. Foreign keys are declared for joins and Datasette's links; the validator has
    already checked every code against the reference tables (a test runs PRAGMA foreign_key_check). `search`:
    (text, source table, plan_id, row key) rows of the full-text table; `views`: name → SELECT."""
    connection = sqlite3.connect(":memory:")
    for table in tables:
        create_table(connection, table)
        marks = ", ".join("?" for _ in table.fields)
        connection.executemany(
            f"INSERT INTO {quote(table.name)} VALUES ({marks})",
            [[typed(v, f.get("type", "string")) for v, f in zip(row, table.fields)] for row in table.rows],
        )
    if search:
        connection.execute(SEARCH_SQL)
        connection.executemany(
            f"INSERT INTO {SEARCH_TABLE} VALUES (?, ?, ?, ?, ?)",
            [(bigram_text(text), text, *where) for text, *where in search],
        )
    for name, select in (views or {}).items():
        connection.execute(f"CREATE VIEW {quote(name)} AS {select}")
    connection.commit()
    content = connection.serialize()
    connection.close()
    return content
