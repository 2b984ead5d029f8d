"""The numbers behind docs/decisions.md: each place where we wrote our own code instead of using a library, timed
against that library on the same input here, and what the library accepts that the contract forbids.

    python -m build_scripts.dev.decisions            a table of results (Markdown), a minute or two

XlsxWriter is measured when installed (`pip install xlsxwriter`); it is not a dependency of the project.
"""

import argparse
import io
import posixpath
import tempfile
import time
from pathlib import Path

import yaml

from build_scripts import load, urls
from build_scripts.downloads.xlsx import xlsx_bytes
from build_scripts.validate.checks.table import check_table

ROWS = 2_000  # a large B plan's 重点支援企業 (the synthetic country has 1,064 a prefecture)


def best_of(function, repeat: int = 3) -> float:
    """The fastest of a few runs, in seconds: the least disturbed by whatever else the machine does."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def company_rows(count: int) -> tuple[list[dict], list[list[str]]]:
    """The companies table's fields and `count` fictional rows of text, as the downloads write them."""
    fields = load.load_shared_schemas()["companies"]["fields"]
    rows = [
        [f"79999{n:08d}"[:13], f"合成精密{n}株式会社（架空）", "20202", "精密機械", "（架空）", "2026"][
            : len(fields)
        ]
        for n in range(count)
    ]
    return fields, [row + [""] * (len(fields) - len(row)) for row in rows]


def xlsx_writers(count: int = ROWS) -> list[tuple[str, str]]:
    """Our SpreadsheetML writer against openpyxl (and XlsxWriter) on one sheet of `count` rows."""
    fields, rows = company_rows(count)
    ours = best_of(lambda: xlsx_bytes([("companies", fields, rows)], "2026-11-22"))

    def with_openpyxl():
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append([f["title"] for f in fields])
        for row in rows:
            sheet.append(row)
        book.save(io.BytesIO())

    results = [
        (f"xlsx, {count:,} rows: our writer", f"{ours * 1000:.0f} ms"),
        ("xlsx: openpyxl", f"{best_of(with_openpyxl) * 1000:.0f} ms ({best_of(with_openpyxl) / ours:.1f}×)"),
    ]
    try:
        import xlsxwriter
    except ImportError:
        return results + [("xlsx: XlsxWriter", "not installed (pip install xlsxwriter)")]

    def with_xlsxwriter():
        book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        sheet = book.add_worksheet("companies")
        for number, row in enumerate([[f["title"] for f in fields]] + rows):
            sheet.write_row(number, 0, row)
        book.close()

    seconds = best_of(with_xlsxwriter)
    return results + [("xlsx: XlsxWriter", f"{seconds * 1000:.0f} ms ({seconds / ours:.1f}×)")]


# Cells the contract forbids (a full-width number, a space before a number, a date without its zeros).
FORBIDDEN = {"integer": ["１２３", " 12"], "date": ["2026-4-1"]}


def table_engines(count: int = ROWS) -> list[tuple[str, str]]:
    """Our Table Schema checks against frictionless on the same CSV, and which forbidden cells each accepts."""
    import frictionless

    schema = {
        "fields": [
            {"name": "id", "type": "string", "constraints": {"required": True}},
            {"name": "number", "type": "integer"},
            {"name": "day", "type": "date"},
        ]
    }
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "table.csv"
        lines = ["id,number,day"] + [f"r{n},{n},2026-04-01" for n in range(count)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ours = best_of(lambda: check_table(load.read_table("table", path)[0], schema))  # read and checked

        def valid_for_frictionless() -> bool:
            resource = frictionless.Resource(
                path=path.name, basepath=work, schema=frictionless.Schema.from_descriptor(schema)
            )
            return resource.validate().valid

        theirs = best_of(valid_for_frictionless, repeat=1)
        accepted = {"ours": [], "frictionless": []}
        for kind, values in FORBIDDEN.items():
            for value in values:
                column = "number" if kind == "integer" else "day"
                cells = {"id": "x", "number": "1", "day": "2026-04-01", column: value}
                path.write_text(
                    "id,number,day\n" + ",".join(f'"{cells[c]}"' for c in ("id", "number", "day")) + "\n"
                )
                table, _ = load.read_table("table", path)
                if not check_table(table, schema):
                    accepted["ours"].append(repr(value))
                if valid_for_frictionless():
                    accepted["frictionless"].append(repr(value))
    return [
        (f"a CSV of {count:,} rows read and checked: ours", f"{ours * 1000:.0f} ms"),
        ("read and checked: frictionless", f"{theirs * 1000:.0f} ms ({theirs / ours:.1f}×)"),
        ("forbidden cells accepted by ours", ", ".join(accepted["ours"]) or "none"),
        ("forbidden cells accepted by frictionless", ", ".join(accepted["frictionless"]) or "none"),
    ]


def yaml_emitters(pages: int = 1_900) -> list[tuple[str, str]]:
    """A page's front matter, dumped for every page of a national build, by libyaml and by pure Python."""
    meta = {"title": "長野県 地域産業クラスター計画（架空）", "description": "説明" * 40, "pagefind": True}

    def dump(dumper):
        return lambda: [
            yaml.dump(meta, Dumper=dumper, allow_unicode=True, width=1_000_000) for _ in range(pages)
        ]

    fast = best_of(dump(yaml.CSafeDumper))
    slow = best_of(dump(yaml.SafeDumper))
    return [
        (f"front matter of {pages:,} pages: libyaml (CSafeDumper)", f"{fast * 1000:.0f} ms"),
        ("front matter: pure-Python SafeDumper", f"{slow * 1000:.0f} ms ({slow / fast:.1f}×)"),
    ]


def relative_links(count: int = 100_000) -> list[tuple[str, str]]:
    """The links of a national build: urls.relative against posixpath.relpath, with the same answers."""
    pairs = [(f"plans/b-synthetic-{n % 47:02d}/", f"prefectures/{n % 47 + 1:02d}/") for n in range(count)]
    ours = best_of(lambda: [urls.relative(a, b) for a, b in pairs])
    theirs = best_of(lambda: [posixpath.relpath(b, a) for a, b in pairs])
    same = all(urls.relative(a, b).rstrip("/") == posixpath.relpath(b, a) for a, b in pairs[:1000])
    return [
        (f"{count:,} relative links: urls.relative", f"{ours * 1000:.0f} ms"),
        (
            "relative links: posixpath.relpath",
            f"{theirs * 1000:.0f} ms ({theirs / ours:.1f}×), same links: {same}",
        ),
    ]


def main(argv=None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args(argv)
    rows = xlsx_writers() + table_engines() + yaml_emitters() + relative_links()
    print("| decision | measured here |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
