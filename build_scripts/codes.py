"""Japanese public codes and their check digits: 全国地方公共団体コード (総務省; JIS X 0402) and 法人番号 (国税庁,
the check digit as its 法人番号公表サイト describes it); tests/test_codes.py checks both on published codes."""

import re

_MUNICIPALITY = re.compile(r"[0-9]{6}")
_CORPORATE = re.compile(r"[0-9]{13}")


def municipality_check_digit(first_five: str) -> int:
    """全国地方公共団体コード: check = (11 − S mod 11) mod 10, S = 6d1+5d2+4d3+3d4+2d5."""
    total = sum(weight * int(digit) for weight, digit in zip((6, 5, 4, 3, 2), first_five))
    return (11 - total % 11) % 10


def is_valid_municipality_code(code: str) -> bool:
    return bool(_MUNICIPALITY.fullmatch(code)) and municipality_check_digit(code[:5]) == int(code[5])


def corporate_check_digit(base12: str) -> int:
    """法人番号: check = 9 − (Σ Pn×Qn mod 9); Pn counted from the right, Qn = 1 (odd n) or 2 (even n)."""
    total = sum(int(digit) * (2 if n % 2 == 0 else 1) for n, digit in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def is_valid_corporate_number(number: str) -> bool:
    return bool(_CORPORATE.fullmatch(number)) and corporate_check_digit(number[1:]) == int(number[0])


def with_corporate_check_digit(base12: str) -> str:
    return f"{corporate_check_digit(base12)}{base12}"


def with_municipality_check_digit(first_five: str) -> str:
    return f"{first_five}{municipality_check_digit(first_five)}"


# The base our fictional companies use (記載例, fixtures, the synthetic country): 12 digits starting 9999, a
# range the National Tax Agency has not assigned. Such a number never gets a link to the official records.
FICTIONAL_CORPORATE_BASE = "9999"


def is_fictional_corporate_number(number: str) -> bool:
    return number[1 : 1 + len(FICTIONAL_CORPORATE_BASE)] == FICTIONAL_CORPORATE_BASE
