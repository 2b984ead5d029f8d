"""A table as the downloads publish it: its Table Schema, its rows as text and the foreign keys it declares.
One shape for every writer (CSV, Excel CSV, xlsx, SQLite, datapackage.json)."""

from dataclasses import dataclass

from build_scripts import load

# The columns every published row of a plan carries (datapackages/schemas/published/columns.schema.yaml): plan_id
# and example first (the files join on plan_id, and examples can never pass as real), the plan's last change last.
_COLUMNS = load.load_published_schema("columns")
KEY_FIELDS: list[dict] = _COLUMNS["first"]
LAST_CHANGED: dict = _COLUMNS["last"]


# The foreign key of every row of a national table that belongs to a plan: plan_id → the plans table.
PLAN_KEY = (("plan_id", "plans", "plan_id"),)


@dataclass(frozen=True)
class OutTable:
    name: str
    schema: dict  # Table Schema of the downloaded table, with plan_id and example first
    rows: list[list[str]]  # raw text cells in field order
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column), for the database
    folder: str = ""  # inside the package: "" or "summaries/"

    @property
    def path(self) -> str:
        return f"{self.folder}{self.name.removeprefix('summary_')}.csv" if self.folder else f"{self.name}.csv"


def plain_field(field: dict) -> dict:
    """A Table Schema field without our own keys (`code`, `example`) for generic tools."""
    return {
        k: v
        for k, v in field.items()
        if k in ("name", "title", "type", "description", "constraints", "format")
    }


def declared_keys(schema: dict) -> tuple[tuple[str, str, str], ...]:
    """A declaration's foreign keys (Table Schema's foreignKeys, one column each) as (column, table, column)."""
    return tuple(
        (key["fields"], key["reference"]["resource"], key["reference"]["fields"])
        for key in schema.get("foreignKeys", [])
    )


def declared_schema(schema: dict, fields: list[dict] | None = None) -> dict:
    """The Table Schema a writer needs from a declaration: title, description, plain fields, primary key."""
    fields = [plain_field(f) for f in (schema["fields"] if fields is None else fields)]
    return {
        "title": schema.get("title", ""),
        "description": schema.get("description", ""),
        "fields": fields,
        "primaryKey": list(schema.get("primaryKey") or [f["name"] for f in fields]),
    }
