import re

import pytest
from conftest import FIXTURES

from build_scripts import codes, paths

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


def fictional_or_not_a_number(text: str) -> list[str]:
    """The valid 法人番号 in a text that are not of the fictional base (a real company's number)."""
    found = re.findall(r"(?<![0-9])[0-9]{13}(?![0-9])", text)
    return [
        n
        for n in found
        if codes.is_valid_corporate_number(n) and not n[1:].startswith(codes.FICTIONAL_CORPORATE_BASE)
    ]


def test_no_real_companys_number_in_any_example_or_placeholder():
    """Examples, placeholders, the documentation's pages, the templates and every fictional plan keep to the
    fictional base (a number such as 1180301018771 is a real company's: a reader would take it for listed)."""
    sources = [
        *paths.SCHEMAS.rglob("*.yaml"),
        *paths.STATIC_DOCS.rglob("*.md"),
        *(paths.ROOT / "build_scripts/site/templates").rglob("*"),
        *(paths.ROOT / "build_scripts/contribute").glob("*.py"),
        *(paths.ROOT / "docs/javascripts").glob("*.js"),
    ]
    sources += [
        folder / "companies.csv"
        for folder in (p.parent for p in paths.DATAPACKAGES.rglob("datapackage.yaml"))
        if (folder / "companies.csv").is_file()
        and "example: true" in (folder / "datapackage.yaml").read_text(encoding="utf-8")
    ]
    sources += list((FIXTURES / "repo" / "datapackages").rglob("companies.csv"))
    assert len(sources) > 50
    real = {
        str(path): fictional_or_not_a_number(path.read_text(encoding="utf-8"))
        for path in sources
        if path.is_file()
    }
    assert {path: numbers for path, numbers in real.items() if numbers} == {}


def test_the_synthetic_countrys_companies_keep_to_the_fictional_base(tmp_path):
    from build_scripts.dev import synthetic

    root = synthetic.generate(tmp_path / "datapackages", companies_per_b=3, c_plans=2)
    numbers = [
        n
        for path in root.rglob("companies.csv")
        for n in re.findall(r"^[0-9]{13}", path.read_text(encoding="utf-8"), re.M)
    ]
    assert numbers and all(n[1:].startswith(codes.FICTIONAL_CORPORATE_BASE) for n in numbers)
