"""What a contributor probably meant: a corrected value for the inputs spreadsheets produce.

Used only to say how to fix an error; nothing is ever converted silently.
"""

import datetime
import re
import unicodedata

ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}  # era year 1 = base + 1
_ERA_DATE = re.compile(r"(令和|平成|昭和)(元|[0-9]+)年([0-9]+)月([0-9]+)日")
_SLASH_DATE = re.compile(r"([0-9]{4})[/.年]([0-9]{1,2})[/.月]([0-9]{1,2})日?")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def suggest_date(value: str) -> tuple[str, str] | None:
    text = unicodedata.normalize("NFKC", value).strip()
    if match := _ERA_DATE.fullmatch(text):
        era, year, month, day = match.groups()
        fixed = _iso(ERAS[era] + (1 if year == "元" else int(year)), int(month), int(day))
        return (fixed, "和暦を西暦に") if fixed else None
    if match := _SLASH_DATE.fullmatch(text):
        fixed = _iso(*map(int, match.groups()))
        return (fixed, "YYYY-MM-DD に") if fixed else None
    if re.fullmatch(r"[0-9]{5}", text) and 20000 <= int(text) <= 80000:
        return (
            _EXCEL_EPOCH + datetime.timedelta(days=int(text))
        ).isoformat(), "Excel の日付シリアル値を日付に"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) and text != value:
        return text, "半角に"
    return None


def suggest_number(value: str, integer: bool) -> tuple[str, str] | None:
    text = unicodedata.normalize("NFKC", value)
    reasons = []
    if text != value:
        reasons.append("半角に")
    if text != text.strip():
        text, _ = text.strip(), reasons.append("前後の空白を削除")
    if "," in text:
        text, _ = text.replace(",", ""), reasons.append("桁区切りのコンマを削除")
    pattern = r"-?[0-9]+" if integer else r"-?[0-9]+(\.[0-9]+)?"
    return (text, "・".join(reasons)) if reasons and re.fullmatch(pattern, text) else None


def suggest(value: str, field_type: str) -> tuple[str, str] | None:
    """(corrected value, what was changed) or None."""
    if field_type == "date":
        return suggest_date(value)
    if field_type in ("integer", "number"):
        return suggest_number(value, field_type == "integer")
    return None
