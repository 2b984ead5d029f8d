"""Researchers' side: feed, catalogue, JSON-LD, data dictionary, redirects, history and citation."""

import contextlib
import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from conftest import C_PLAN, edit_plan

from build_scripts import load, settings, urls
from build_scripts.build import build
from build_scripts.validate import validate

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import shutil

    from conftest import FIXTURES

    root = tmp_path_factory.mktemp("research") / "datapackages"
    shutil.copytree(FIXTURES / "repo" / "datapackages", root)
    edit_plan(root / C_PLAN, lambda d: d["plan"].update(former_ids=["c-fixture-old-name"]))
    out = root.parent / "site"
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(io.StringIO()) as said:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18
        with contextlib.redirect_stdout(io.StringIO()):
            assert build(out, root=root, quiet=False, search=False) == 0
    BUILD_SAID["stderr"] = said.getvalue()
    return out


BUILD_SAID = {}  # what the module's build printed on stderr


def soup(site, url):
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_atom_feed_parses_and_every_link_resolves(site):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert "進捗報告：東京テスト地域産業クラスター計画" in titles
    assert "廃止：廃止されたテストプラン" in titles
    assert not any("記載例" in t or "DRAFTMARKER" in t for t in titles)
    for entry in entries:
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text.endswith("Z")
        assert (site / entry.find(f"{ATOM}link").get("href") / "index.html").is_file()
    assert len(set(e.find(f"{ATOM}id").text for e in entries)) == len(entries)


def test_changelog_lists_events_newest_first(site):
    rows = [
        [td.get_text() for td in tr.select("td")]
        for tr in soup(site, "changes").select("table.changes tbody tr")
    ]
    dates = [r[0] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert ["2026-09-30", "進捗報告", "東京テスト地域産業クラスター計画", "KPI 1 件の実績"] in rows
    assert ["2026-07-01", "改訂", "東京テスト地域産業クラスター計画", "第1版：策定"] in rows


def test_dcat_catalog_has_required_fields_and_resolving_links(site):
    catalog = json.loads((site / "data.json").read_text(encoding="utf-8"))
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    identifiers = [d["identifier"] for d in catalog["dataset"]]
    assert "chiiki-mirai-data:national" in identifiers and "chiiki-mirai-data:b-fixture-tokyo" in identifiers
    assert "chiiki-mirai-data:b-fixture-example" not in identifiers
    for dataset in catalog["dataset"]:
        for key in (
            "title",
            "description",
            "keyword",
            "modified",
            "publisher",
            "contactPoint",
            "accessLevel",
            "license",
        ):
            assert dataset[key], (dataset["identifier"], key)
        assert (site / dataset["landingPage"] / "index.html").is_file()
        for distribution in dataset["distribution"]:
            assert (site / distribution["downloadURL"]).is_file(), distribution["downloadURL"]
            assert distribution["mediaType"] and distribution["format"]


def test_plan_pages_carry_schema_org_dataset_json_ld(site):
    script = soup(site, "plans/b-fixture-tokyo").find("script", type="application/ld+json")
    document = json.loads(script.string)
    assert document["@type"] == "Dataset" and document["name"] == "東京テスト地域産業クラスター計画"
    assert document["license"] == "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
    assert soup(site, "plans/b-fixture-example").find("script", type="application/ld+json") is None
    assert (
        json.loads(soup(site, "downloads").find("script", type="application/ld+json").string)["@type"]
        == "Dataset"
    )


def test_data_dictionary_documents_every_field_of_every_download(site):
    schemas = load.load_shared_schemas()
    for name, schema in schemas.items():
        page = soup(site, f"schemas/{name}")
        documented = [tr["id"].removeprefix("field-") for tr in page.select("table.dictionary tbody tr")]
        assert documented == ["plan_id", "example"] + [f["name"] for f in schema["fields"]] + [
            "plan_updated_on"
        ]
        for tr in page.select("table.dictionary tbody tr"):
            assert tr.select("td")[4].get_text().strip(), (name, tr["id"])
    assert soup(site, "schemas/plans").select("tr#field-kind")
    national = json.loads((site / "data/national/datapackage.json").read_text(encoding="utf-8"))
    for resource in national["resources"]:  # every downloaded table has its page, with exactly its columns
        rows = soup(site, f"schemas/{resource['name']}").select("table.dictionary tbody tr")
        assert [tr["id"].removeprefix("field-") for tr in rows] == [
            f["name"] for f in resource["schema"]["fields"]
        ]
    assert soup(site, "schemas/plan-metadata").select("tr#field-published_on")


def test_former_plan_id_redirects_to_the_current_page(site):
    redirect = BeautifulSoup(
        (site / "plans/c-fixture-old-name/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../c-fixture-chiyoda/"
    assert (site / "plans/c-fixture-old-name" / "../c-fixture-chiyoda/index.html").resolve().is_file()


def test_a_former_ids_data_urls_still_give_the_plans_files(site):
    """Scripts that read the old id's files keep working: the same files, named for the old id."""
    old, new = site / "data/plans/c-fixture-old-name", site / "data/plans/c-fixture-chiyoda"
    assert sorted(p.name.replace("c-fixture-old-name", "ID") for p in old.iterdir()) == sorted(
        p.name.replace("c-fixture-chiyoda", "ID") for p in new.iterdir()
    )
    assert (old / "c-fixture-old-name.json").read_bytes() == (new / "c-fixture-chiyoda.json").read_bytes()
    assert (old / "kpis.csv").read_bytes() == (new / "kpis.csv").read_bytes()
    assert json.loads((old / "datapackage.json").read_text(encoding="utf-8"))["name"] == "c-fixture-chiyoda"


def test_a_former_id_can_never_be_reused(repo):
    edit_plan(repo / C_PLAN, lambda d: d["plan"].update(former_ids=["b-fixture-tokyo"]))
    problems = [p for p in validate(root=repo).problems if p.rule == "duplicate-plan-id"]
    assert {p.value for p in problems} == {"b-fixture-tokyo"} and len(problems) == 2


def test_citation_names_the_plan_and_the_data_version(site):
    """A plan by its own last change; the national data by its release, never by the build date (2026-11-18)."""
    citation = soup(site, "plans/b-fixture-tokyo").select_one("p.citation").get_text()
    assert "東京テスト地域産業クラスター計画" in citation and "b-fixture-tokyo" in citation
    assert "計画の更新 2026-10-01（データ規約 v1）" in citation and "2026-11-18" not in citation
    national = soup(site, "downloads").select_one("p.citation").get_text()
    version = json.loads((site / urls.national_file("datapackage.json")).read_text(encoding="utf-8"))[
        "version"
    ]
    assert f"データ版 {version}（データ規約 v1）" in national and "2026-11-18" not in national


def test_plan_page_shows_revisions_progress_and_last_update(site):
    page = soup(site, "plans/b-fixture-tokyo")
    assert [td.get_text() for td in page.select("table.revisions td")] == ["2026-07-01", "第1版", "策定"]
    assert len(page.select("details.progress-reports tbody tr")) == 2
    assert "2026-10-01" in page.select_one(".plan-meta").get_text()


def test_every_page_of_data_says_when_its_data_last_changed(site):
    """A plan's page: its updated_on; a prefecture's: its newest plan's; national pages: the newest of all."""
    plans = {p.id: p for p in validate(root=site.parent / "datapackages").plans if p.is_public}

    def shown(url):
        stamp = soup(site, url).select_one("p.page-updated time")
        return stamp["datetime"] if stamp else None

    for plan_id, plan in plans.items():
        assert shown(f"plans/{plan_id}") == plan.meta["updated_on"], plan_id
    tokyo = [p for p in plans.values() if "13" in (p.meta["area"].get("prefectures") or [])]
    assert shown("prefectures/13") == max(p.meta["updated_on"] for p in tokyo)
    newest = max(p.meta["updated_on"] for p in plans.values())
    assert shown("plans") == shown("downloads") == shown("") == newest
    assert shown("prefectures/01") is None  # shows no plan: the footer's data date stands


def test_the_catalogue_lists_every_national_download_and_each_plans_package(site):
    """data.json names every national file a researcher can download (the Excel-friendly .excel.csv copies
    aside), and each real plan's zip."""
    catalog = json.loads((site / "data.json").read_text(encoding="utf-8"))
    listed = {d["downloadURL"] for dataset in catalog["dataset"] for d in dataset["distribution"]}
    national = {
        path.relative_to(site).as_posix()
        for path in (site / "data" / "national").rglob("*")
        if path.is_file() and not path.name.endswith(".excel.csv")
    }
    assert len(national) > 15
    assert national - listed == set()
    assert "data/plans/b-fixture-tokyo/b-fixture-tokyo.zip" in listed


def test_a_build_without_the_sites_address_says_its_links_are_for_local_use(site, monkeypatch):
    assert not settings.SITE_URL  # the tests build as a preview does
    assert "CHIIKI_SITE_URL が設定されていません" in BUILD_SAID["stderr"]
    assert settings.relative_links_warning("https://example.github.io/chiiki") == ""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert settings.relative_links_warning("").startswith("::warning title=CHIIKI_SITE_URL::注意")
