"""Every table the national files publish is declared once and found everywhere a researcher looks: a resource of
the national datapackage.json (with its size and hash), a data dictionary page, the DCAT catalogue and a link on
the downloads page. Read from the built site, so a table written but forgotten anywhere fails here."""

import hashlib
import json

import pytest
from bs4 import BeautifulSoup

from build_scripts import load, paths, urls


@pytest.fixture(scope="module")
def published(fixture_site):
    national = fixture_site / urls.national_file("")
    package = json.loads((national / "datapackage.json").read_text(encoding="utf-8"))
    catalogue = json.loads((fixture_site / urls.CATALOG).read_text(encoding="utf-8"))
    page = BeautifulSoup(
        (fixture_site / urls.DOWNLOADS / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    return {
        "tables": sorted(
            p.relative_to(national).as_posix()
            for p in national.rglob("*.csv")
            if not p.name.endswith(".excel.csv")
        ),
        "resources": {r["path"]: r for r in package["resources"]},
        "catalogued": {d["downloadURL"] for dataset in catalogue["dataset"] for d in dataset["distribution"]},
        "linked": {a["href"].rsplit("national/", 1)[-1] for a in page.select("article a[download]")},
    }


def test_every_national_table_is_a_resource_with_its_size_and_hash(fixture_site, published):
    assert {"progress_status.csv", "quality.csv", "codes/municipalities.csv"} <= set(published["tables"])
    assert sorted(published["resources"]) == published["tables"]
    for path, resource in published["resources"].items():
        content = (fixture_site / urls.national_file(path)).read_bytes()
        assert (
            resource["bytes"] == len(content)
            and resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        )


def test_every_national_table_has_its_dictionary_page_catalogue_entry_and_download_links(
    fixture_site, published
):
    for path, resource in published["resources"].items():
        page = BeautifulSoup(
            (fixture_site / urls.schema(resource["name"]) / "index.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        documented = [tr["id"].removeprefix("field-") for tr in page.select("table.dictionary tbody tr")]
        assert documented == [f["name"] for f in resource["schema"]["fields"]], path
        assert urls.national_file(path) in published["catalogued"], path
        assert {path, path.removesuffix(".csv") + ".excel.csv"} <= published["linked"], path


def test_the_catalogue_gives_each_files_size_checksum_and_each_datasets_coverage(fixture_site):
    catalogue = json.loads((fixture_site / urls.CATALOG).read_text(encoding="utf-8"))
    distributions = [d for dataset in catalogue["dataset"] for d in dataset["distribution"]]
    assert len(distributions) > 40
    for distribution in distributions:
        content = (fixture_site / distribution["downloadURL"]).read_bytes()
        assert distribution["byteSize"] == len(content), distribution["downloadURL"]
        assert distribution["checksum"] == {
            "algorithm": "sha256",
            "checksumValue": hashlib.sha256(content).hexdigest(),
        }
    datasets = {d["identifier"].removeprefix("chiiki-mirai-data:"): d for d in catalogue["dataset"]}
    assert datasets["national"]["spatial"] == "日本" and datasets["national"]["version"]
    assert datasets["a-fixture-kyushu"]["spatial"] == "九州ブロック、福岡県、熊本県"
    assert "temporal" not in datasets["a-fixture-kyushu"]  # the outline states no period: none is made up
    assert datasets["b-fixture-tokyo"]["temporal"] == "2026-04-01/2031-03-31"


def documented_columns(site, name: str) -> list[str]:
    page = BeautifulSoup((site / urls.schema(name) / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [tr["id"].removeprefix("field-") for tr in page.select("table.dictionary tbody tr")]


def test_every_declaration_of_a_published_table_has_its_dictionary_page(fixture_site):
    """datapackages/schemas/published/ declares each table the site makes; its page shows exactly the declared
    columns (with the columns every plan row carries, for the tables of plans)."""
    columns = load.load_published_schema("columns")
    first, last = [f["name"] for f in columns["first"]], columns["last"]["name"]
    declared = sorted(p.name.removesuffix(".schema.yaml") for p in paths.PUBLISHED_SCHEMAS.glob("*.yaml"))
    assert {"plans", "sources", "summaries", "edition_plans", "plan_fields"} <= set(declared)
    for name in declared:
        schema = load.load_published_schema(name)
        if name == "columns":
            continue
        if name == "summaries":
            for group, table in schema["tables"].items():
                expected = [f["name"] for f in table["key_fields"] + schema["count_fields"]]
                assert documented_columns(fixture_site, f"summary_{group}") == expected, group
            continue
        own = [f["name"] for f in schema["fields"]]
        expected = {
            "plans": first + own,
            "sources": first + own + [last],
            "progress_status": first + own,
            "quality": first + own,
        }.get(name, own)
        assert documented_columns(fixture_site, name) == expected, name


def test_each_editions_files_are_the_declared_columns_and_their_page_links_the_definition(repository_site):
    edition_page = next((repository_site / urls.EDITIONS).glob("*/index.html"))
    page = BeautifulSoup(edition_page.read_text(encoding="utf-8"), "html.parser")
    checked = 0
    for item in page.select("ul.edition-files li"):
        download, *definition = item.select("a")
        if not download["href"].endswith(".csv"):
            continue
        csv_file = (edition_page.parent / download["href"]).resolve()
        header = csv_file.read_text(encoding="utf-8").splitlines()[0].split(",")
        dictionary = (edition_page.parent / definition[0]["href"]).resolve()
        assert dictionary.parent.name == "schemas"
        assert documented_columns(repository_site, dictionary.name) == header, download["href"]
        checked += 1
    assert checked == 4


# What lives under data/ besides the published data: the site's own working files, each read by a page's script
# (docs/contract.md, "Files under data/"). A new folder must be added to one list or the other.
PUBLISHED = {"national", "plans", "examples", "editions", "releases.json"}
MACHINERY = {
    "lookup": "the company lookup's index (docs/javascripts/lookup.js)",
    "geo": "the maps' shared prefecture and block outlines",
    "templates": "the submission templates the check page offers",
    "companies": "a prefecture's companies for people (Japanese titles; the data is national/companies.csv)",
}


def inventory(site) -> dict:
    """Every file under data/ with what the site says of it: the catalogue's entries, each package's resources,
    and the links of the pages that list files."""
    catalogue = json.loads((site / urls.CATALOG).read_text(encoding="utf-8"))
    entries = {d["downloadURL"]: d for dataset in catalogue["dataset"] for d in dataset["distribution"]}
    resources = {}
    for descriptor in (site / "data").rglob("datapackage.json"):
        for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
            resources[(descriptor.parent / resource["path"]).relative_to(site).as_posix()] = resource
    pages = [
        site / urls.DOWNLOADS,
        *(site / "plans").glob("*/index.html"),
        *(site / urls.EDITIONS).glob("*/"),
    ]
    linked = set()
    for path in pages:
        path = path / "index.html" if path.is_dir() else path
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        linked |= {
            (path.parent / a["href"]).resolve().relative_to(site).as_posix()
            for a in soup.select("a[download]")
        }
    return {"entries": entries, "resources": resources, "linked": linked}


def former_ids(site) -> set[str]:
    plans = json.loads((site / urls.national_file("plans.json")).read_text(encoding="utf-8"))["plans"]
    return {former for plan in plans for former in plan["plan"].get("former_ids", [])}


@pytest.mark.parametrize("which", ["fixture_site", "repository_site"])
def test_every_file_under_data_is_declared_hashed_catalogued_and_listed(which, request):
    site = request.getfixturevalue(which)
    assert {p.name for p in (site / "data").iterdir()} <= PUBLISHED | set(MACHINERY)
    known = inventory(site)
    aliases = former_ids(site)
    checked = 0
    for path in sorted((site / "data").rglob("*")):
        url = path.relative_to(site).as_posix()
        parts = url.split("/")
        if path.is_dir() or parts[1] in MACHINERY or (parts[1] == "plans" and parts[2] in aliases):
            continue
        assert url in known["linked"], f"{url}: no page lists it"
        example = parts[1] == "examples" or url.startswith("data/plans/") and is_example(site, parts[2])
        if not example:  # fiction is never catalogued (nor counted); it is listed and declared like the rest
            entry = known["entries"].get(url)
            assert entry, f"{url}: not in data.json"
            assert entry["byteSize"] == path.stat().st_size, url
        if path.suffix == ".csv" and not url.endswith(".excel.csv"):
            resource = known["resources"].get(url)
            assert resource, f"{url}: no data package declares it"
            assert resource["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(), url
        elif url.endswith((".excel.csv", ".parquet")):
            assert (
                url.rsplit(".", 2 if url.endswith(".excel.csv") else 1)[0] + ".csv" in known["resources"]
            ), url
        checked += 1
    assert checked > 100


def is_example(site, plan_id: str) -> bool:
    package = json.loads((site / urls.plan_file(plan_id, "datapackage.json")).read_text(encoding="utf-8"))
    return bool(package["plan"].get("example"))


@pytest.mark.parametrize("which", ["fixture_site", "repository_site"])
def test_every_pages_dataset_has_googles_required_fields_and_links_that_resolve(which, request):
    """Google's Dataset: a name and a description of 50 to 5,000 characters (made of the plan's own facts, never
    padded); in a build without the site's address, every url and contentUrl is found from the page itself."""
    site = request.getfixturevalue(which)
    checked = 0
    for path in [site / urls.DOWNLOADS / "index.html", *(site / "plans").glob("*/index.html")]:
        script = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
            'script[type="application/ld+json"]'
        )
        if script is None:  # examples and redirects carry none
            continue
        document = json.loads(script.string)
        assert document["@type"] == "Dataset" and document["name"], path
        assert 50 <= len(document["description"]) <= 5000, (path, document["description"])
        targets = [document["url"]] + [d["contentUrl"] for d in document["distribution"]]
        for target in targets:
            found = (path.parent / target).resolve()
            assert found.is_file() or (found / "index.html").is_file(), (path, target)
        checked += 1
    assert checked >= 4


def test_one_data_date_the_release_named_alike_on_the_home_page_the_catalogue_and_the_downloads(fixture_site):
    """The site's data date is the day its data last changed (the release); the build date is labelled as such."""
    releases = json.loads((fixture_site / urls.RELEASES).read_text(encoding="utf-8"))
    current = releases["releases"][0]
    catalogue = json.loads((fixture_site / urls.CATALOG).read_text(encoding="utf-8"))
    assert catalogue["dataset"][0]["modified"] == current["date"]
    home = BeautifulSoup((fixture_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("h2#figures").get_text() == f"掲載しているデータ（データ版 {current['version']}）"
    figures = {
        li.select_one(".what").get_text(): li.select_one(".figure").get_text()
        for li in home.select(".home-figures li")
    }
    assert figures["データの最終更新日"] == current["date"]
    downloads = (fixture_site / urls.DOWNLOADS / "index.html").read_text(encoding="utf-8")
    assert f"データ版 {current['version']}" in downloads
    footer = home.select_one(".chiiki-footer__date").get_text()
    assert footer.startswith("このサイトのビルド日：") and "データ更新" not in footer
