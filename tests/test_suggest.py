import pytest

from build_scripts.validate.suggest import suggest

CASES = [
    ("2024/04/01", "date", "2024-04-01"),
    ("2024/4/1", "date", "2024-04-01"),
    ("2024年4月1日", "date", "2024-04-01"),
    ("令和6年4月1日", "date", "2024-04-01"),
    ("令和元年5月1日", "date", "2019-05-01"),
    ("平成31年4月30日", "date", "2019-04-30"),
    ("45383", "date", "2024-04-01"),
    ("２０２４−０４−０１".replace("−", "-"), "date", "2024-04-01"),
    ("12,345", "integer", "12345"),
    ("１２３", "integer", "123"),
    ("１２，３４５", "number", "12345"),
    (" 7 ", "integer", "7"),
    ("-1,234.5", "number", "-1234.5"),
]


@pytest.mark.parametrize("value,kind,fixed", CASES)
def test_suggests_the_value_people_meant(value, kind, fixed):
    assert suggest(value, kind)[0] == fixed


@pytest.mark.parametrize(
    "value,kind",
    [("2024/02/30", "date"), ("abc", "integer"), ("1.5", "integer"), ("12", "date"), ("見込み", "number")],
)
def test_no_suggestion_when_the_meaning_is_unclear(value, kind):
    assert suggest(value, kind) is None


def test_the_error_message_carries_the_fix(repo):
    from conftest import B_PLAN, set_cell

    from build_scripts.validate import validate

    set_cell(repo / B_PLAN / "progress.csv", 2, "report_date", "令和8年3月31日")
    [problem] = validate(root=repo).problems
    assert "和暦を西暦に直すと「2026-03-31」です。" in problem.detail
