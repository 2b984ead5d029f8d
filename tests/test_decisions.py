"""docs/decisions.md's reasons hold: our Table Schema checks refuse the cells the contract forbids, which
frictionless accepts, and our xlsx writer is measured against openpyxl (build_scripts/dev/decisions.py)."""

from build_scripts.dev import decisions


def results(rows) -> dict[str, str]:
    return dict(rows)


def test_our_checks_refuse_what_the_contract_forbids_and_frictionless_accepts_it():
    found = results(decisions.table_engines(count=20))
    assert found["forbidden cells accepted by ours"] == "none"
    assert found["forbidden cells accepted by frictionless"] == "'１２３', ' 12', '2026-4-1'"


def test_the_xlsx_comparison_measures_both_writers():
    found = results(decisions.xlsx_writers(count=20))
    assert found["xlsx, 20 rows: our writer"].endswith(" ms")
    assert "×" in found["xlsx: openpyxl"]
