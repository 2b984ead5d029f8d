"""The only place that builds page and download URLs. URLs are relative to the site root and
end in `/` for pages; they come from stable ids (plan id, JIS code, block id, field number)."""

import re

HOME = ""
PLANS = "plans/"
PREFECTURES = "prefectures/"
BLOCKS = "blocks/"
FIELDS = "fields/"
DOWNLOADS = "downloads/"
ABOUT = "about/"
DATA = "data/"  # downloadable files live under here


# The site in other languages: a tree of its own pages under its root (issue 27). The files a page links to
# (downloads, maps, feeds, search index) are the same for every tree and stay at the site root.
LANGUAGE_ROOTS = {"ja": "", "en": "en/", "easy": "easy/"}


def is_page(url: str) -> bool:
    """A page's URL ends in "/" (the home page is ""); a file's has a name."""
    return url == HOME or url.endswith("/")


MAPS = "maps/"
# The languages with maps of their own: an English map is maps/en/… (beside the Japanese, not in the en/ tree, which
# chiiki serve rebuilds whole); the easy pages show no map.
MAP_LANGUAGES = ("ja", "en")


def in_language(language: str, url: str) -> str:
    """The page at `url` in a language's tree, and a map in that language's maps; any other file's URL unchanged
    (every tree links the same downloads and feeds)."""
    if is_page(url):
        return LANGUAGE_ROOTS[language] + url
    if url.startswith(MAPS) and language in MAP_LANGUAGES:
        return MAPS + LANGUAGE_ROOTS[language] + url.removeprefix(MAPS)
    return url


def language_of(url: str) -> str:
    """Which tree a page's URL is in."""
    return next((lang for lang, root in LANGUAGE_ROOTS.items() if root and url.startswith(root)), "ja")


def plan(plan_id: str) -> str:
    return f"plans/{plan_id}/"


# The groupings' pages, feeds and maps (derive/groups.py), by the group's key: a kind's letter (lower case in the
# URL), a JIS code, a block id or a strategic field's number (two digits in the URL). None: the group has none.
GROUP_URLS = {
    "kinds": {"page": "kinds/{}/"},
    "prefectures": {
        "page": "prefectures/{}/",
        "feed": "feeds/prefectures/{}.xml",
        "map": "maps/prefectures/{}.html",
    },
    "blocks": {"page": "blocks/{}/", "feed": "feeds/blocks/{}.xml", "map": "maps/blocks/{}.html"},
    "fields": {"page": "fields/{}/", "feed": "feeds/fields/{}.xml"},
}


def group_url(grouping: str, key: str | int, artefact: str = "page") -> str | None:
    pattern = GROUP_URLS[grouping].get(artefact)
    if pattern is None:
        return None
    if grouping == "kinds":
        return pattern.format(str(key).lower())
    return pattern.format(f"{int(key):02d}" if grouping == "fields" else key)


def kind(kind_code: str) -> str:
    return group_url("kinds", kind_code)


def prefecture(code: str) -> str:
    return group_url("prefectures", code)


def block(block_id: str) -> str:
    return group_url("blocks", block_id)


def field(number: int) -> str:
    return group_url("fields", number)


def company_anchor(corporate_number: str) -> str:
    return f"company-{corporate_number}"


def plan_file(plan_id: str, filename: str) -> str:
    return f"{DATA}plans/{plan_id}/{filename}"


# A plan's folder of downloads holds <id>.json, <id>.xlsx and <id>.zip beside the package's own files: an id equal
# to one of their names would overwrite it (datapackage → datapackage.json).
RESERVED_PLAN_IDS = frozenset({"datapackage"})


# The national files' names (data/national/): the package (its xlsx and zip are named after it), the database.
NATIONAL_PACKAGE = "chiiki-mirai-plans"
EXAMPLES_PACKAGE = "chiiki-mirai-examples"
DATABASE = "chiiki-mirai.sqlite"


def national_file(filename: str) -> str:
    return f"{DATA}national/{filename}"


def example_file(filename: str) -> str:
    return f"{DATA}examples/{filename}"


def source_path(url: str) -> str:
    """The Markdown file that MkDocs turns into the page at `url` (use_directory_urls)."""
    return "index.md" if url == HOME else url.rstrip("/") + ".md"


def built_path(url: str) -> str:
    """The HTML file the site engine writes for the page at `url` (use_directory_urls)."""
    return url + "index.html"


def relative(from_page: str, to: str) -> str:
    """A link from the page at `from_page` to `to`, so the site works under any base path.
    (posixpath.relpath gives the same answer 20 times slower: a national build makes 100,000 links.)"""
    source, destination = [p for p in from_page.split("/") if p], [p for p in to.split("/") if p]
    common = 0
    while common < min(len(source), len(destination)) and source[common] == destination[common]:
        common += 1
    target = "/".join([".."] * (len(source) - common) + destination[common:]) or "."
    if to.endswith("/") or to == HOME:
        target = target.rstrip("/") + "/"
    return "./" if target == "./" or target == "" else target


def schema(name: str) -> str:
    return f"schemas/{name}/"


RULES = "rules/"


def rule(rule_id: str) -> str:
    return f"rules/{rule_id}/"


CHANGES = "changes/"
SCHEMAS = "schemas/"
FEED = "feed.xml"
FEED_STYLESHEET = "feed.xsl"  # docs/feed.xsl: a feed opened in a browser reads as a page
CATALOG = "data.json"
RELEASES = "data/releases.json"  # every release of the data with its changes (derive/releases.py)
RELEASE_TAG = "data-{version}"  # the deploy workflow's GitHub Release of a release, holding its national zip


def release_asset(version: str) -> str:
    """The name of a release's national package zip among its GitHub Release's assets."""
    return f"{NATIONAL_PACKAGE}-{version}.zip"


def release_urls(repository: str, version: str, commit: str) -> dict[str, str]:
    """Where a committed release can be fetched again for good: the repository at its commit (git keeps it),
    and the national package the deploy workflow attached to its GitHub Release. Empty without a repository."""
    if not repository or not commit:
        return {}
    tag = RELEASE_TAG.format(version=version)
    return {
        "commit_url": f"{repository}/commit/{commit}",
        "archive_url": f"{repository}/archive/{commit}.zip",
        "package_url": f"{repository}/releases/download/{tag}/{release_asset(version)}",
    }


def absolute(url: str, site_url: str) -> str:
    """An absolute URL when the site's address is known, else the root-relative one."""
    return f"{site_url}/{url}" if site_url else url


def site_path(url: str, site_url: str) -> str:
    """The file of the site an address names: absolute() undone."""
    return url.removeprefix(f"{site_url}/") if site_url else url


def datasette_lite(database_url: str) -> str:
    """Datasette Lite opens a database by absolute URL; the page script fills it in (see extra.js)."""
    return "https://lite.datasette.io/?url=" + database_url


LOOKUP = "data/lookup/"  # the company lookup's shards
SEARCH = "search/"
CONTRIBUTE = "contribute/"
CHECK = "contribute/check/"  # the staff's check-and-convert page (the validator in the browser)
CHECK_RUNTIME = "contribute/check/runtime/"  # what its worker loads: Pyodide, the bundle, manifest.json
TEMPLATES = "data/templates/"  # the Excel templates, one per kind: template-a.xlsx …


def template(kind: str) -> str:
    return f"{TEMPLATES}template-{kind.lower()}.xlsx"


COMPANIES = "companies/"


def companies_in(prefecture_code: str) -> str:
    return f"companies/{prefecture_code}/"


PREFECTURE_COMPANIES = "data/companies/"  # a prefecture's companies for people (downloads/by_prefecture.py)


def prefecture_companies_file(prefecture_code: str, name_en: str, suffix: str) -> str:
    """data/companies/20-nagano-companies.csv (or .xlsx): the name says whose and what it is."""
    slug = re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")
    return f"{PREFECTURE_COMPANIES}{prefecture_code}-{slug}-companies{suffix}"


COMPANY_LOOKUP = "lookup/"

GEO_PREFECTURES = "data/geo/prefectures.geojson"
GEO_BLOCKS = "data/geo/blocks.geojson"
MAP_PAGE = "map/"
EDITIONS = "map/editions/"


def edition(edition_id: str) -> str:
    """An edition of the investment map (YYYY-MM): its page, and its files and map below."""
    return f"map/editions/{edition_id}/"


def edition_file(edition_id: str, filename: str) -> str:
    return f"data/editions/{edition_id}/{filename}"


def edition_map(edition_id: str) -> str:
    return f"maps/editions/{edition_id}.html"


NATIONAL_MAP = "maps/national.html"


def plan_map(plan_id: str) -> str:
    return f"maps/plans/{plan_id}.html"


def prefecture_map(code: str) -> str:
    return group_url("prefectures", code, "map")


def block_map(block_id: str) -> str:
    return group_url("blocks", block_id, "map")


def kpi_chart(plan_id: str, kpi_id: str) -> str:
    return f"charts/{plan_id}/{kpi_id}.svg"


def plan_feed(plan_id: str) -> str:
    return f"feeds/plans/{plan_id}.xml"


def prefecture_feed(code: str) -> str:
    return group_url("prefectures", code, "feed")


def block_feed(block_id: str) -> str:
    return group_url("blocks", block_id, "feed")


def field_feed(number: int) -> str:
    return group_url("fields", number, "feed")  # the same two digits as the field's page


def plan_of_file(url: str) -> str | None:
    """The plan whose own download, map, chart or feed this generated file is (None for a shared file):
    the inverse of plan_file, plan_map, kpi_chart and plan_feed, for chiiki serve's rebuilds."""
    for language in MAP_LANGUAGES[1:]:  # a plan's map in another language is that plan's too
        if url.startswith(MAPS + LANGUAGE_ROOTS[language]):
            url = MAPS + url.removeprefix(MAPS + LANGUAGE_ROOTS[language])
    parts = url.split("/")
    if len(parts) == 3 and url.startswith("feeds/plans/") and url.endswith(".xml"):
        return parts[2].removesuffix(".xml")
    if len(parts) == 4 and url.startswith(f"{DATA}plans/") or len(parts) == 3 and parts[0] == "charts":
        return parts[-2]
    if len(parts) == 3 and url.startswith("maps/plans/") and url.endswith(".html"):
        return parts[2].removesuffix(".html")
    return None


def official_records(corporate_number: str) -> list[tuple[str, str]]:
    """A company's official records by 法人番号: the National Tax Agency's 法人番号公表サイト and gBizINFO."""
    return [
        (
            "国税庁法人番号公表サイト",
            f"https://www.houjin-bangou.nta.go.jp/henkorireki-johoto.html?selHouzinNo={corporate_number}",
        ),
        ("gBizINFO", f"https://info.gbiz.go.jp/hojin/ichiran?hojinBango={corporate_number}"),
    ]


PROGRESS = "progress/"
PROGRESS_STATUS = "progress_status.csv"  # in data/national/: the reporting status of every real plan
QUALITY = "quality/"
SUMMARIES = "summaries"  # in data/national/: summaries/<prefectures|blocks|fields|kinds>.csv
QUALITY_TABLE = "quality.csv"  # in data/national/: the data-quality view of every real plan
