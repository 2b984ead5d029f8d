"""Regenerate the reference package's prefectures.csv and municipalities.csv.

Run by maintainers (`chiiki make-reference`), not by the build: the output is committed.
Prefecture and municipality names, kana and coordinates come from the `japancode` package,
which ships them (no network). Block membership is the table in 「地域未来戦略について」
(経済産業政策局, 2026年4月; 福井 is in two blocks).
"""

import csv
import json
from importlib import resources
from pathlib import Path

from build_scripts import paths
from build_scripts.codes import is_valid_municipality_code

# 「地域未来戦略について」(経済産業政策局, 2026年4月) 「ブロック別の『戦略産業クラスター計画』の検討体制」: 管轄都道府県
BLOCK_MEMBERS = {
    "hokkaido": ["01"],
    "tohoku": ["02", "03", "04", "05", "06", "07"],
    "kanto": ["08", "09", "10", "11", "12", "13", "14", "22", "19", "20", "15"],
    "chubu": ["21", "23", "24"],
    "hokuriku": ["16", "17", "18"],
    "kinki": ["18", "25", "26", "27", "28", "29", "30"],
    "chugoku": ["31", "32", "33", "34", "35"],
    "shikoku": ["36", "37", "38", "39"],
    "kyushu": ["40", "41", "42", "43", "44", "45", "46"],
    "okinawa": ["47"],
}


def _japancode_json(name: str) -> list[dict]:
    return json.loads(resources.files("japancode").joinpath("data", name).read_text(encoding="utf-8"))


def prefecture_rows() -> list[dict]:
    rows = []
    for item in _japancode_json("prefectures.json"):
        code = item["pid"].zfill(2)
        blocks = [block for block, members in BLOCK_MEMBERS.items() if code in members]
        rows.append(
            {
                "prefecture_code": code,
                "name": item["pref"],
                "kana": item["prefkana"],
                "name_en": item["pref_en"],
                "block_ids": ";".join(blocks),
            }
        )
    return rows


def municipality_rows() -> list[dict]:
    rows = []
    for item in _japancode_json("municipalities.json"):
        if " " in item["city"]:  # a ward of a designated city (政令市の区), not one of the 1,741
            continue
        code = item["lgcode"].zfill(6)
        assert is_valid_municipality_code(code), code
        rows.append(
            {
                "municipality_code": code,
                "prefecture_code": item["pid"].zfill(2),
                "name": item["city"],
                "kana": item["citykana"],
                "latitude": f"{item['lat']:.6f}",
                "longitude": f"{item['lng']:.6f}",
            }
        )
    return sorted(rows, key=lambda row: row["municipality_code"])


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    write_csv(paths.REFERENCE / "prefectures.csv", prefecture_rows())
    write_csv(paths.REFERENCE / "municipalities.csv", municipality_rows())
    return 0
