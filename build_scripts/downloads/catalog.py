"""Catalogue metadata: a DCAT (Project Open Data v1.1) data.json for CKAN harvesters, schema.org
Dataset JSON-LD for the pages, and the citation text."""

import json

from build_scripts import labels, settings, urls
from build_scripts.derive import Site
from build_scripts.derive.releases import Release
from build_scripts.downloads.database import METADATA
from build_scripts.downloads.table import OutTable
from build_scripts.load.editions import TABLE_TITLES
from build_scripts.model import Edition, Plan

PUBLISHER = "地域未来戦略 計画データ"
LICENCE_NAME = labels.LICENCE_TEXT
LICENCE_URL = labels.LICENCE["path"]
ATTRIBUTION = labels.ATTRIBUTION
MEDIA = {
    "csv": ("text/csv", "CSV"),
    "parquet": ("application/vnd.apache.parquet", "Parquet"),
    "json": ("application/json", "JSON"),
    "sqlite": ("application/vnd.sqlite3", "SQLite"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "zip": ("application/zip", "ZIP"),
}


def _abs(url: str) -> str:
    return urls.absolute(url, settings.SITE_URL)


def _distribution(url: str, title: str, page: str) -> dict:
    """A file, and the page that lists it and says how to read it (DCAT's accessURL)."""
    media, fmt = MEDIA[url.rsplit(".", 1)[1]]
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "downloadURL": _abs(url),
        "accessURL": _abs(page),
        "mediaType": media,
        "format": fmt,
    }


def table_files(path: str, title: str, *, parquet: bool) -> list[tuple[str, str]]:
    """A table's files: the CSV, the Excel CSV (names beside codes) and, for the national tables, Parquet."""
    stem = path.removesuffix(".csv")
    files = [(path, f"{title}（CSV）"), (f"{stem}.excel.csv", f"{title}（Excel用CSV）")]
    return files + ([(f"{stem}.parquet", f"{title}（Parquet）")] if parquet else [])


def plan_distributions(plan: Plan) -> list[dict]:
    files = table_files("plan.csv", "計画のメタデータ", parquet=False)
    files += [
        file
        for name in plan.tables
        for file in table_files(f"{name}.csv", labels.RESOURCES[name], parquet=False)
    ]
    files += [
        (f"{plan.id}.json", "計画全体（JSON）"),
        (f"{plan.id}.xlsx", "計画全体（Excel）"),
        (f"{plan.id}.zip", "計画のデータパッケージ（ZIP）"),
        ("datapackage.json", "データパッケージ"),
    ]
    page = urls.plan(plan.id)
    return [_distribution(urls.plan_file(plan.id, name), title, page) for name, title in files]


def national_distributions(tables: list[OutTable]) -> list[dict]:
    """Every national file: the package's whole (JSON, Excel, SQLite, descriptor, zip), then each table of the
    package (write.national_tables, the list the writers write) as CSV, Excel CSV and Parquet."""
    files = [
        ("plans.json", "全計画（JSON）"),
        (f"{urls.NATIONAL_PACKAGE}.xlsx", "全計画（Excel）"),
        (urls.DATABASE, "全計画と参照表（SQLite）"),
        (METADATA, "SQLite の表と列の説明（Datasette の metadata.json）"),
        ("datapackage.json", "データパッケージ"),
        (f"{urls.NATIONAL_PACKAGE}.zip", "全計画のデータパッケージ（ZIP）"),
    ]
    files += [
        file for table in tables for file in table_files(table.path, table.schema["title"], parquet=True)
    ]
    releases = _distribution(urls.RELEASES, "データの版の一覧と変更の記録（JSON）", urls.DOWNLOADS)
    return [_distribution(urls.national_file(name), title, urls.DOWNLOADS) for name, title in files] + [
        releases
    ]


def edition_dataset(edition: Edition) -> dict:
    """An edition of the investment map: the files frozen that day, as committed (and never changed since)."""
    page = urls.edition(edition.id)
    distributions = [
        _distribution(
            urls.edition_file(edition.id, name),
            f"{TABLE_TITLES[name.removesuffix('.csv')]}（CSV）"
            if name.endswith(".csv")
            else "データパッケージ",
            page,
        )
        for name in edition.files
    ]
    return _dataset(
        f"chiiki-mirai-data:edition-{edition.id}",
        f"地域未来戦略 投資マップ {edition.title}",
        f"{edition.date} に固定した、このサイトの投資マップの版：実在の計画ごとの状態・重点支援企業数・投資規模・"
        "KPI 数、都道府県別と戦略分野別の集計、地図の点（政府の国内投資マップではありません）。",
        ["地域未来戦略", "投資マップ"],
        edition.date,
        page,
        distributions,
    ) | {"version": edition.id, "spatial": "日本"}


def _dataset(
    identifier: str,
    title: str,
    description: str,
    keywords: list[str],
    modified: str,
    landing: str,
    distributions: list[dict],
) -> dict:
    return {
        "@type": "dcat:Dataset",
        "identifier": identifier,
        "title": title,
        "description": description,
        "keyword": keywords,
        "modified": modified,
        "accessLevel": "public",
        "language": ["ja"],
        "publisher": {"@type": "org:Organization", "name": PUBLISHER},
        # No e-mail address is published for the project yet, and none is invented here.
        "contactPoint": {"@type": "vcard:Contact", "fn": PUBLISHER},
        "license": LICENCE_URL,
        "rights": ATTRIBUTION,
        "landingPage": _abs(landing),
        "distribution": distributions,
    }


def plan_dataset(plan: Plan, reference) -> dict:
    info = plan.info
    keywords = ["地域未来戦略", labels.KINDS[plan.kind]] + [f.label for f in info.fields]
    return _dataset(
        f"chiiki-mirai-data:{plan.id}",
        info.title,
        plan_description(plan, reference),
        keywords,
        info.updated_on,
        urls.plan(plan.id),
        plan_distributions(plan),
    )


def plan_description(plan: Plan, reference) -> str:
    """What the dataset is, from the plan's own data only (nothing added to reach a length): its kind, author,
    area, fields, state and period, its dates, its tables and sources, then its summary where it states one."""
    info = plan.info
    who = f"{info.author}が策定した" if info.author else ""
    fields = "・".join(f.label for f in info.fields)
    period = f"、計画期間 {info.period.start_fy}〜{info.period.end_fy} 年度" if info.period else ""
    dates = [("公表", info.published_on), ("更新", info.updated_on), ("廃止", info.withdrawn_on)]
    tables = "・".join(labels.RESOURCES[name] for name in plan.tables)
    sources = "、".join(f"「{source.title}」" for source in info.sources)
    parts = [
        f"{who}{labels.KINDS[plan.kind]}「{info.title}」のデータ（対象：{'、'.join(places(plan, reference))}、"
        + (f"分野：{fields}、" if fields else "")
        + f"状態：{labels.STATUSES[plan.status]}{period}）。",
        "・".join(f"{what} {day}" for what, day in dates if day) + "。"
        if any(day for _, day in dates)
        else "",
        f"表：{tables}。" if tables else "",
        f"出典：{sources}。" if sources else "",
        info.summary,
    ]
    return "".join(parts)


def national_dataset(site: Site, tables: list[OutTable]) -> dict:
    return _dataset(
        "chiiki-mirai-data:national",
        "地域未来戦略 計画データ（全国）",
        "公開された地域未来戦略の全計画（記載例を除く）と、重点支援企業・投資案件・施策・KPI・進捗報告・改訂履歴。",
        ["地域未来戦略", "産業クラスター", "重点支援企業"],
        site.release.date,
        urls.DOWNLOADS,
        national_distributions(tables),
    ) | {"version": site.release.version}


def data_json(site: Site, tables: list[OutTable]) -> bytes:
    catalog = {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "dataset": [national_dataset(site, tables) | {"spatial": "日本"}]
        + [plan_dataset(p, site.reference) | coverage(p, site.reference) for p in site.real_plans]
        + [edition_dataset(edition) for edition in site.editions],
    }
    return (json.dumps(catalog, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def release_record(release: Release) -> dict:
    """One release as releases.json lists it: its name, day and commit, where to fetch it again, and what changed."""
    return {
        "version": release.version,
        "date": release.date,
        "commit": release.commit,
        "local": release.local,
        **urls.release_urls(settings.REPOSITORY_URL, release.version, release.commit),
        "counts": release.counts(),
        "changes": [change.as_dict() for change in release.changes],
        "files": list(release.files),
    }


def releases_json(site: Site) -> bytes:
    """data/releases.json: every release of the data, newest first (the current one is this build's)."""
    document = {
        "current": site.release.version,
        "data_contract": settings.DATA_CONTRACT_VERSION,
        "releases": [release_record(r) for r in reversed(site.releases or (site.release,))],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def places(plan: Plan, reference) -> list[str]:
    """Where a plan applies, in words: its block, then its prefectures, then its municipalities (with their
    prefecture: there are three 朝日町)."""
    area = plan.info.area
    block = [reference.blocks[area.block]["name"] + "ブロック"] if area.block else []
    municipalities = [
        f"{reference.prefectures[code[:2]]['name']} {reference.municipalities[code]['name']}"
        for code in area.municipalities
        if code in reference.municipalities
    ]
    return block + [reference.prefectures[code]["name"] for code in area.prefectures] + municipalities


def period_text(plan: Plan) -> str:
    """The plan's fiscal years as ISO dates (April to March), or "" when the plan states no period."""
    period = plan.info.period
    return f"{period.start_fy}-04-01/{period.end_fy + 1}-03-31" if period else ""


def coverage(plan: Plan, reference) -> dict:
    """DCAT's spatial and temporal coverage of a plan, only as far as its data states them."""
    temporal = period_text(plan)
    return {"spatial": "、".join(places(plan, reference))} | ({"temporal": temporal} if temporal else {})


def national_json_ld_extras(site: Site) -> dict:
    """What schema.org says of the national data beyond the DCAT fields: its identifier and release, and where."""
    return {
        "identifier": "chiiki-mirai-data:national",
        "version": site.release.version,
        "isAccessibleForFree": True,
        "spatialCoverage": {"@type": "Place", "name": "日本"},
    }


def plan_json_ld_extras(plan: Plan, reference) -> dict:
    """What schema.org says of a plan beyond the DCAT fields: who made it, where and when it applies, and the
    catalogue it belongs to (only what the plan's data states: no period, no temporalCoverage)."""
    info = plan.info
    extras = {
        "identifier": plan.id,
        "isAccessibleForFree": True,
        "spatialCoverage": [{"@type": "Place", "name": name} for name in places(plan, reference)],
        "includedInDataCatalog": {"@type": "DataCatalog", "name": PUBLISHER, "url": _abs(urls.DOWNLOADS)},
    }
    if info.author:
        extras["creator"] = {"@type": "Organization", "name": info.author}
    if info.period:  # fiscal years run April to March
        extras["temporalCoverage"] = period_text(plan)
    return extras


def json_ld(dataset: dict, page: str, extras: dict | None = None) -> str:
    """schema.org Dataset for the <head> of `page`; `<`, `>` and `&` escaped so no value can end the script.
    Without the site's address every link is relative to the page (a reader resolves it against the page's own
    address, so it finds the file in a preview or a copy of the site too)."""
    document = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset["title"],
        "description": dataset["description"],
        "keywords": dataset["keyword"],
        "dateModified": dataset["modified"],
        "inLanguage": "ja",
        "license": LICENCE_URL,
        "creditText": ATTRIBUTION,
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "url": dataset["landingPage"],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d["title"],
                "contentUrl": d["downloadURL"],
                "encodingFormat": d["mediaType"],
            }
            for d in dataset["distribution"]
        ],
    } | (extras or {})
    if not settings.SITE_URL:
        document = _relative_to(page, document)
    text = json.dumps(document, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _relative_to(page: str, document: dict) -> dict:
    """The document's links to the site (url, contentUrl) as links from the page."""

    def moved(value):
        if isinstance(value, dict):
            return {
                k: urls.relative(page, v) if k in ("url", "contentUrl") else moved(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [moved(item) for item in value]
        return value

    return moved(document)


def citation(site: Site, plan: Plan | None = None) -> str:
    """How to cite: the national data by its release (named by the data, never by the build); a plan by its own
    last change, so that its page changes only when the plan does (a change to another plan makes a new release,
    and must not rewrite every plan page)."""
    contract = f"データ規約 v{settings.DATA_CONTRACT_VERSION}"
    if plan:
        return (
            f"「{plan.info.title}」（計画ID: {plan.id}）、地域未来戦略 計画データ、"
            f"計画の更新 {plan.info.updated_on}（{contract}）、{_abs(urls.plan(plan.id))}"
        )
    return f"地域未来戦略 計画データ（全国）、データ版 {site.release.version}（{contract}）、{_abs(urls.DOWNLOADS)}"
