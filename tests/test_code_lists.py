"""The national package carries the code lists (prefectures, municipalities, blocks, fields, block_prefectures)
and the plan ↔ code link tables, and every code column has a foreign key to its list, which frictionless
checks: a code that is not in the list fails the package, not only our validator."""

import csv
import json
import shutil

import pytest
from frictionless import Package

from build_scripts import urls

CODE_COLUMN_NAMES = {"prefecture_code", "municipality_code", "block_id", "block", "field_number"}


@pytest.fixture(scope="module")
def national(fixture_site) -> dict:
    return json.loads((fixture_site / urls.national_file("datapackage.json")).read_text(encoding="utf-8"))


def rows(site, path: str) -> list[dict]:
    with (site / urls.national_file(path)).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_code_lists_and_link_tables_are_resources_of_the_national_package(national):
    paths = {r["name"]: r["path"] for r in national["resources"]}
    assert {
        name: paths[name] for name in ("prefectures", "municipalities", "blocks", "strategic_fields")
    } == {
        "prefectures": "codes/prefectures.csv",
        "municipalities": "codes/municipalities.csv",
        "blocks": "codes/blocks.csv",
        "strategic_fields": "codes/strategic_fields.csv",
    }
    assert paths["block_prefectures"] == "codes/block_prefectures.csv"
    assert {"plan_prefectures", "plan_municipalities", "plan_fields"} <= paths.keys()


def test_every_code_column_has_a_foreign_key_to_its_list(national):
    lists = {"prefectures", "municipalities", "blocks", "strategic_fields"}
    for resource in national["resources"]:
        keyed = {
            key["fields"][0]: key["reference"]["resource"]
            for key in resource["schema"].get("foreignKeys", [])
        }
        own_key = resource["schema"]["primaryKey"] if resource["name"] in lists else []
        for field in resource["schema"]["fields"]:
            if field["name"] in CODE_COLUMN_NAMES and field["name"] not in own_key:
                assert keyed.get(field["name"]) in lists, (resource["name"], field["name"])


def test_fukui_is_in_two_blocks_and_each_plan_links_to_its_municipalities(fixture_site):
    pairs = {(r["block_id"], r["prefecture_code"]) for r in rows(fixture_site, "codes/block_prefectures.csv")}
    assert {block for block, code in pairs if code == "18"} == {"hokuriku", "kinki"}
    assert len(rows(fixture_site, "codes/municipalities.csv")) == 1741
    links = {(r["plan_id"], r["municipality_code"]) for r in rows(fixture_site, "plan_municipalities.csv")}
    assert ("c-fixture-chiyoda", "131016") in links
    assert {r["plan_id"] for r in rows(fixture_site, "plan_municipalities.csv")} <= {
        r["plan_id"] for r in rows(fixture_site, "plans.csv")
    }


def test_frictionless_refuses_a_municipality_code_that_is_not_in_the_list(fixture_site, tmp_path):
    folder = tmp_path / "national"
    shutil.copytree(fixture_site / urls.national_file(""), folder)
    assert Package(str(folder / "datapackage.json")).validate().valid
    companies = (folder / "companies.csv").read_text(encoding="utf-8").splitlines()
    assert ",131016," in companies[1]
    companies[1] = companies[1].replace(",131016,", ",999999,")
    (folder / "companies.csv").write_text("\n".join(companies) + "\n", encoding="utf-8")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "companies":  # the edit changes the file: its size and hash no longer apply
            del resource["bytes"], resource["hash"]
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    report = Package(str(folder / "datapackage.json")).validate()
    errors = [(error.type, task.name) for task in report.tasks for error in task.errors]
    assert errors == [("foreign-key", "companies")]


def test_the_excel_csv_gives_each_codes_name_beside_it_and_the_csv_codes_only(fixture_site):
    raw = (fixture_site / urls.national_file("companies.excel.csv")).read_text(encoding="utf-8-sig")
    header, first, *_ = csv.reader(raw.splitlines())
    at = header.index("所在地（全国地方公共団体コード）")
    assert header[at + 1] == "市区町村名" and first[at : at + 2] == ["131016", "東京都 千代田区"]
    assert "市区町村名" not in next(csv.reader((fixture_site / urls.national_file("companies.csv")).open()))
    summary = next(csv.reader((fixture_site / urls.national_file("summaries/prefectures.excel.csv")).open()))
    assert summary[:3] == [
        "\ufeff都道府県コード",
        "都道府県",
        "計画数",
    ]  # its own name column, not a second one


def test_a_municipality_name_says_its_prefecture():
    from build_scripts.downloads.codes import code_names

    asahi = sorted(name for name in code_names()["municipalities"].values() if name.endswith(" 朝日町"))
    assert asahi == ["三重県 朝日町", "富山県 朝日町", "山形県 朝日町"]
