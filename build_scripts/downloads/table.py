"""A table as the downloads publish it: its Table Schema, its rows as text and the foreign keys it declares.
One shape for every writer (CSV, Excel CSV, xlsx, SQLite, datapackage.json)."""

from dataclasses import dataclass

# Every plan table's row starts with these: the files join on plan_id, and examples can never pass as real.
KEY_FIELDS = [
    {
        "example": "b-example-nagano-precision",
        "name": "plan_id",
        "title": "計画ID",
        "type": "string",
        "description": "計画の恒久ID（計画ページの URL plans/<plan_id>/）。",
    },
    {
        "example": "false",
        "name": "example",
        "title": "記載例",
        "type": "boolean",
        "description": "true なら架空の記載例。集計に含めないこと。",
    },
]


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
