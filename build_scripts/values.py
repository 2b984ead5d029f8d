"""Typed values of the raw text cells, and CSV text: the one parser, for validation (strict: None when a cell is not of its
type) and for the outputs (JSON, xlsx, SQLite: cells already validated)."""

import csv
import datetime
import io
import re

INTEGER = re.compile(r"-?[0-9]{1,15}")  # 15 digits: exact in a float, far beyond any plan figure
NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse(value: str, kind: str):
    """The typed value of a non-empty cell, or None when it is not of that type (validation)."""
    if kind == "integer":
        return int(value) if INTEGER.fullmatch(value) else None
    if kind == "number":
        return float(value) if NUMBER.fullmatch(value) else None
    if kind == "date":
        if not DATE.fullmatch(value):
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return value


def typed(value: str, field_type: str):
    """A validated cell as the outputs hold it: None when empty, numbers as numbers (35 stays an integer, so
    JSON and Excel show 35, not 35.0), booleans as booleans, dates and text as text."""
    if value == "":
        return None
    if field_type == "integer":
        return int(value)
    if field_type == "number":
        return int(value) if INTEGER.fullmatch(value) else float(value)
    if field_type == "boolean":
        return value == "true"
    return value


def csv_text(header: list[str], rows: list[list[str]], *, newline: str = "\n") -> str:
    """The one CSV writer: the repository's files end lines with \\n (git-friendly); downloads pass "\\r\\n"
    (RFC 4180, what Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
