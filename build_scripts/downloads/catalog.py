"""Catalogue metadata: a DCAT (Project Open Data v1.1) data.json for CKAN harvesters, schema.org
Dataset JSON-LD for the pages, and the citation text."""

import json

from build_scripts import labels, settings, urls
from build_scripts.derive import Site
from build_scripts.derive.releases import Release
from build_scripts.derive.summaries import TABLES, TITLES
from build_scripts.downloads.codes import code_and_link_tables
from build_scripts.downloads.database import METADATA
from build_scripts.model import Plan

PUBLISHER = "地域未来戦略 計画データ"
LICENCE_NAME = labels.LICENCE_TEXT
LICENCE_URL = labels.LICENCE["path"]
ATTRIBUTION = labels.ATTRIBUTION
MEDIA = {
    "csv": ("text/csv", "CSV"),
    "json": ("application/json", "JSON"),
    "sqlite": ("application/vnd.sqlite3", "SQLite"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "zip": ("application/zip", "ZIP"),
}


def _abs(url: str) -> str:
    return urls.absolute(url, settings.SITE_URL)


def _distribution(url: str, title: str) -> dict:
    media, fmt = MEDIA[url.rsplit(".", 1)[1]]
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "downloadURL": _abs(url),
        "mediaType": media,
        "format": fmt,
    }


def plan_distributions(plan: Plan) -> list[dict]:
    files = [("plan.csv", "計画のメタデータ（CSV）")] + [
        (f"{name}.csv", f"{labels.RESOURCES[name]}（CSV）") for name in plan.tables
    ]
    files += [
        (f"{plan.id}.json", "計画全体（JSON）"),
        (f"{plan.id}.xlsx", "計画全体（Excel）"),
        (f"{plan.id}.zip", "計画のデータパッケージ（ZIP）"),
        ("datapackage.json", "データパッケージ"),
    ]
    return [_distribution(urls.plan_file(plan.id, name), title) for name, title in files]


def national_distributions() -> list[dict]:
    files = [
        ("plans.json", "全計画（JSON）"),
        (f"{urls.NATIONAL_PACKAGE}.xlsx", "全計画（Excel）"),
        (urls.DATABASE, "全計画と参照表（SQLite）"),
        (METADATA, "SQLite の表と列の説明（Datasette の metadata.json）"),
        ("datapackage.json", "データパッケージ"),
        ("plans.csv", "計画（CSV）"),
    ]
    files += [(f"{name}.csv", f"{title}（CSV）") for name, title in labels.RESOURCES.items()]
    files += [
        (f"{urls.NATIONAL_PACKAGE}.zip", "全計画のデータパッケージ（ZIP）"),
        ("sources.csv", "出典（CSV）"),
        (urls.PROGRESS_STATUS, "進捗報告の状況（CSV）"),
        (urls.QUALITY_TABLE, "データの充実度（CSV）"),
    ]
    files += [(f"{urls.SUMMARIES}/{name}.csv", f"{TITLES[name]}（CSV）") for name in TABLES]
    files += [(table.path, f"{table.schema['title']}（CSV）") for table in code_and_link_tables()]
    return [_distribution(urls.national_file(name), title) for name, title in files]


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


def plan_dataset(plan: Plan) -> dict:
    info = plan.info
    keywords = ["地域未来戦略", labels.KINDS[plan.kind]] + [f.label for f in info.fields]
    return _dataset(
        f"chiiki-mirai-data:{plan.id}",
        info.title,
        info.summary or info.title,
        keywords,
        info.updated_on,
        urls.plan(plan.id),
        plan_distributions(plan),
    )


def national_dataset(site: Site) -> dict:
    return _dataset(
        "chiiki-mirai-data:national",
        "地域未来戦略 計画データ（全国）",
        "公開された地域未来戦略の全計画（記載例を除く）と、重点支援企業・投資案件・施策・KPI・進捗報告・改訂履歴。",
        ["地域未来戦略", "産業クラスター", "重点支援企業"],
        site.release.date,
        urls.DOWNLOADS,
        national_distributions(),
    ) | {"version": site.release.version}


def data_json(site: Site) -> bytes:
    catalog = {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "dataset": [national_dataset(site) | {"spatial": "日本"}]
        + [plan_dataset(p) | coverage(p, site.reference) for p in site.real_plans],
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
    """Where a plan applies, in words: its block, then its prefectures."""
    area = plan.info.area
    block = [reference.blocks[area.block]["name"] + "ブロック"] if area.block else []
    return block + [reference.prefectures[code]["name"] for code in area.prefectures]


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


def json_ld(dataset: dict, extras: dict | None = None) -> str:
    """schema.org Dataset for a page's <head>; `<`, `>` and `&` escaped so no value can end the script."""
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
    text = json.dumps(document, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
