"""The national SQLite file for SQL and Datasette users: a full-text table that finds two-character Japanese words
(FTS5's own tokenizers find none), views with names beside codes, the licence inside the file (and in the xlsx),
and a Datasette metadata.json describing every table and column of the database."""

import json
import sqlite3

import pytest
from openpyxl import load_workbook

from build_scripts import labels, urls
from build_scripts.downloads.sqlite import bigram_text


def connect(site) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{site / urls.national_file(urls.DATABASE)}?mode=ro", uri=True)


def test_pieces_of_two_characters_word_by_word():
    assert bigram_text("半導体 工場") == "半導 導体 工場"
    assert bigram_text("ＡＩ半導体") == "ai i半 半導 導体"  # NFKC, lower case
    assert bigram_text("船") == "船"


@pytest.mark.parametrize("word", ["半導", "造船"])
def test_the_full_text_table_finds_two_character_words_in_the_real_plans(repository_site, word):
    with connect(repository_site) as database:
        found = database.execute("SELECT plan_id, text FROM search WHERE search MATCH ?", [word]).fetchall()
        like = database.execute("SELECT count(*) FROM search WHERE text LIKE ?", [f"%{word}%"]).fetchone()[0]
    assert found and all(word in text for _, text in found)
    assert len(found) == like


def test_a_longer_word_is_its_pieces_in_a_row(fixture_site):
    with connect(fixture_site) as database:
        rows = database.execute(
            """SELECT source, plan_id, row_key FROM search WHERE search MATCH '"半導 導体"'"""
        ).fetchall()
    assert rows == [("core_projects", "a-fixture-kyushu", "semicon-01")]


def test_views_give_names_beside_codes_and_every_key_holds(fixture_site):
    with connect(fixture_site) as database:
        named = database.execute(
            "SELECT prefecture_name, municipality_name FROM companies_named WHERE corporate_number = '7999900000101'"
        ).fetchall()
        fields = database.execute(
            "SELECT field_name FROM plan_fields_named WHERE plan_id = 'a-fixture-kyushu'"
        ).fetchall()
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
        licence = database.execute("SELECT licence, url, version FROM licence").fetchall()
    package = json.loads((fixture_site / urls.national_file("datapackage.json")).read_text(encoding="utf-8"))
    assert named == [("東京都", "千代田区")] and fields == [("AI・半導体",)]
    assert licence == [(labels.LICENCE_TEXT, labels.LICENCE["path"], package["version"])]


def test_the_workbook_carries_the_licence_as_its_last_sheet(fixture_site):
    workbook = load_workbook(
        fixture_site / urls.national_file(f"{urls.NATIONAL_PACKAGE}.xlsx"), read_only=True
    )
    rows = list(workbook["licence"].iter_rows(values_only=True))
    assert workbook.sheetnames[-1] == "licence" and rows[1][0] == labels.LICENCE_TEXT


def test_datasette_metadata_describes_every_table_and_column_of_the_database(fixture_site):
    metadata = json.loads(
        (fixture_site / urls.national_file("datasette-metadata.json")).read_text(encoding="utf-8")
    )
    tables = metadata["databases"]["chiiki-mirai"]["tables"]
    assert metadata["license_url"] == labels.LICENCE["path"]
    with connect(fixture_site) as database:
        names = {
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"
            )
            if not name.startswith("search_")
        } - {"licence"}
        for name in names:
            columns = [row[1] for row in database.execute(f'PRAGMA table_info("{name}")')]
            assert list(tables[name]["columns"]) == columns, name
    assert names <= tables.keys() and "search" in tables


def test_datasette_serves_the_database_with_the_published_metadata_and_its_search_finds_words(
    repository_site,
):
    """Datasette itself (as a researcher runs `datasette chiiki-mirai.sqlite -m datasette-metadata.json`), asked
    over its own HTTP interface: the licence and a table's description come from the published metadata, and the
    full-text table answers 「半導」 and 「造船」."""
    import asyncio
    import concurrent.futures

    from datasette.app import Datasette

    folder = repository_site / urls.national_file("")
    metadata = json.loads((folder / "datasette-metadata.json").read_text(encoding="utf-8"))
    database = urls.DATABASE.removesuffix(".sqlite")
    app = Datasette([str(folder / urls.DATABASE)], metadata=metadata, immutables=[])

    async def ask():
        served = (await app.client.get("/-/metadata.json")).json()
        companies = await app.client.get(f"/{database}/companies")
        counts = {}
        for word in ("半導", "造船"):
            sql = "select count(*) as n from search where search match :word"
            answer = await app.client.get(
                f"/{database}.json", params={"sql": sql, "word": word, "_shape": "array"}
            )
            counts[word] = answer.json()[0]["n"]
        return served, companies, counts

    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # a loop of its own (Playwright's may run here)
        served, companies, counts = thread.submit(asyncio.run, ask()).result()
    assert served["license"] == labels.LICENCE_TEXT
    assert companies.status_code == 200
    description = metadata["databases"][database]["tables"]["companies"]["description"]
    assert description and description in companies.text
    assert counts["半導"] > 0 and counts["造船"] > 0
