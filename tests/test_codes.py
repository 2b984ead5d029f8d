import pytest

from build_scripts import codes

MUNICIPALITIES = [
    "130001",
    "010006",
    "270008",
    "470007",
    "011002",
    "131016",
    "141003",
    "231002",
    "271004",
    "401307",
    "472018",
    "012131",
    "012050",
]


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_domain_examples_of_municipality_codes_are_valid(code):
    assert codes.is_valid_municipality_code(code)


@pytest.mark.parametrize("code", ["130002", "12131", "0121310", "01213a", "０１２１３１"])
def test_bad_municipality_codes_are_rejected(code):
    assert not codes.is_valid_municipality_code(code)


def test_the_naive_eleven_minus_r_rule_would_be_wrong_for_r_0_and_1():
    # 苫小牧市 (r=0) and 室蘭市 (r=1): the naive rule gives 11 and 10.
    assert codes.municipality_check_digit("01213") == 1
    assert codes.municipality_check_digit("01205") == 0


@pytest.mark.parametrize(
    "number",
    [
        "1180301018771",
        "5010001008846",
        "7010401045660",
        "8120001059652",
        "4000012090001",
        "8000020130001",
        "3000020141003",
    ],
)
def test_domain_examples_of_corporate_numbers_are_valid(number):
    assert codes.is_valid_corporate_number(number)


@pytest.mark.parametrize(
    "number", ["7010401067252", "118030101877", "1180301018771 ", "１１８０３０１０１８７７１"]
)
def test_bad_corporate_numbers_are_rejected(number):
    assert not codes.is_valid_corporate_number(number)


def test_check_digit_builders_round_trip():
    assert codes.with_corporate_check_digit("180301018771") == "1180301018771"
    assert codes.with_municipality_check_digit("13101") == "131016"
