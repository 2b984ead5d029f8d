"""A prefecture's 重点支援企業 as files for people, behind the download buttons of its companies page: one row per
company and plan that lists it (the rows the page shows for the prefecture), Japanese column titles, code values
in words and the municipality's name beside its code, as an Excel CSV (UTF-8 with BOM) and an xlsx. A
convenience, not a dataset: the data, with its schema and field names, is the national companies.csv."""

from pathlib import Path

from build_scripts import labels, urls
from build_scripts.derive import Site, counted_prefecture
from build_scripts.downloads.codes import code_names
from build_scripts.downloads.write import Written, excel_csv_bytes, save_file
from build_scripts.downloads.xlsx import xlsx_bytes

COLUMNS = [  # (field, title): the file's columns in this order
    ("corporate_number", "法人番号"),
    ("name", "企業名"),
    ("municipality_code", "市区町村コード"),
    ("place", "所在地"),
    ("industry", "業種"),
    ("role", "役割"),
    ("selection_basis", "選定根拠"),
    ("plan_id", "計画ID"),
    ("plan", "計画名"),
    ("status", "計画の状態"),
    ("example", "記載例（架空のデータ）"),
]
FIELDS = [{"name": name, "title": title, "type": "string"} for name, title in COLUMNS]


def prefecture_rows(site: Site) -> dict[str, list[list[str]]]:
    """Each prefecture's rows (a listing counts where counted_prefecture puts it, as on the pages), by place, name."""
    places = code_names()["municipalities"]
    rows: dict[str, list[list[str]]] = {}
    for plan in site.plans:
        for company in plan.rows("companies"):
            code = counted_prefecture(plan, company["municipality_code"][:2])
            if not code:
                continue
            rows.setdefault(code, []).append(
                [
                    company["corporate_number"],
                    company["name"],
                    company["municipality_code"],
                    places.get(company["municipality_code"], ""),
                    company["industry"],
                    company["role"],
                    labels.SELECTION_BASES.get(company["selection_basis"], company["selection_basis"]),
                    plan.id,
                    plan.info.title,
                    labels.STATUSES[plan.status],
                    "はい" if plan.is_example else "",
                ]
            )
    return {
        code: sorted(found, key=lambda r: (r[2], r[1], r[0], r[7])) for code, found in sorted(rows.items())
    }


def files_of(site: Site, code: str) -> tuple[str, str]:
    """The Excel CSV's and the xlsx's URLs of a prefecture."""
    name_en = site.reference.prefectures[code]["name_en"]
    return (
        urls.prefecture_companies_file(code, name_en, ".csv"),
        urls.prefecture_companies_file(code, name_en, ".xlsx"),
    )


def write_prefecture_companies(site: Site, folder: Path) -> list[Written]:
    written = []
    for code, rows in prefecture_rows(site).items():
        csv_url, xlsx_url = files_of(site, code)
        sheet = f"{site.reference.prefectures[code]['name']}の重点支援企業"
        written.append(save_file(folder, csv_url, excel_csv_bytes([t for _, t in COLUMNS], rows), len(rows)))
        written.append(
            save_file(folder, xlsx_url, xlsx_bytes([(sheet, FIELDS, rows)], site.build_date), len(rows))
        )
    return written
