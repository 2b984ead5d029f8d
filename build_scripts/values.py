"""Typed values of the raw text cells, for JSON, xlsx and SQLite. Cells were validated strictly."""
import re


def typed(value: str, field_type: str):
    if value == "":
        return None
    if field_type == "integer":
        return int(value)
    if field_type == "number":
        return int(value) if re.fullmatch(r"-?[0-9]+", value) else float(value)
    if field_type == "boolean":
        return value == "true"
    return value
