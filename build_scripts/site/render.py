"""Site → Markdown pages. Every data value reaches the page through an autoescaping Jinja template,
inside raw HTML blocks, so Markdown never interprets data (no links, attributes or snippets from it)."""

import functools
import html
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from build_scripts import labels, load, paths, settings, urls
from build_scripts.derive import (
    Site,
    counted_company,
    located_points,
    prefecture_metrics,
)
from build_scripts.derive.editions import changes as edition_changes
from build_scripts.derive.summaries import Summary, reporting_totals
from build_scripts.derive.summaries import summaries as summarise
from build_scripts.downloads import catalog, feed
from build_scripts.downloads.by_prefecture import files_of as prefecture_company_files
from build_scripts.downloads.codes import LINK_TABLES, code_and_link_tables
from build_scripts.downloads.write import (
    KEY_FIELDS,
    LAST_CHANGED,
    PLANS_SCHEMA,
    SOURCES_SCHEMA,
    monitoring_schemas,
    national_row_counts,
    national_tables,
    out_schema,
)
from build_scripts.load.editions import EDITION_TABLES
from build_scripts.rules import RULES
from build_scripts.site import compiled, finish, fragments, i18n
from build_scripts.site.maps import group_of
from build_scripts.site.views import (
    Views,
    company_facets,
    company_records,
    kpi_names,
    kpi_rows,
    pandas_read,
    release_rows,
    template_helpers,
)


def environment(t: i18n.Translator | None = None) -> jinja2.Environment:
    """The templates' environment for one language tree: `_` its strings, `term` its names without an official
    English, `language` the tree."""
    t = t or i18n.Translator("ja")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled.TEMPLATES,
    )
    env.filters["nl2br"] = lambda text: Markup(
        "<br>".join(html.escape(line) for line in str(text).splitlines())
    )
    env.globals.update(labels=labels, urls=urls, _=t, term=t.term, language=t.language, i18n=i18n)
    return env


def front_matter(
    title: str,
    description: str,
    jsonld: str | None = None,
    searchable: bool = False,
    hide: tuple[str, ...] = (),
    feed: str | None = None,
    updated: str | None = None,
    notes: dict | None = None,
) -> str:
    """Material puts title and description into <title>, <meta> and the nav without escaping. `notes`: the
    language tree's front matter (alternates, untranslated strings: i18n.front_matter_notes)."""
    meta = {"title": html.escape(title), "description": html.escape(description)} | (notes or {})
    if updated:
        meta["updated"] = updated  # the last change of the data the page shows (shown by the theme)
    if feed:
        meta["feed"] = feed  # the page's own Atom feed (urls.py): <link rel="alternate"> in the theme
    if hide:
        meta["hide"] = list(hide)  # Material's sidebars (the home page is a landing page)
    if searchable:
        meta["pagefind"] = True  # the theme marks the content for the search index
    if jsonld:
        meta["jsonld"] = jsonld  # already safe for a <script> element (catalog.json_ld)
    return "---\n" + yaml.dump(meta, Dumper=SAFE_DUMPER, allow_unicode=True, width=1_000_000) + "---\n\n"


SAFE_DUMPER = getattr(
    yaml, "CSafeDumper", yaml.SafeDumper
)  # libyaml: the pure-Python emitter took 4 s on 1,900 pages


def last_changed(context: dict) -> str | None:
    """The newest updated_on of the plan or plans a page shows (None when it shows none)."""
    plans = [context["plan"]] if "plan" in context else context.get("plans") or []
    return max((plan.info.updated_on for plan in plans), default=None)


class Renderer:
    """One language tree's pages (Japanese or English), into that tree's docs folder; pages link within the tree,
    files (downloads, maps, feeds) at the site root."""

    def __init__(self, site: Site, docs: Path, schemas: dict, language: str = "ja"):
        self.site, self.docs, self.schemas, self.language = site, docs, schemas, language
        self.generated: set[Path] = set()  # every file written (or found unchanged) under docs
        self.row_counts = national_row_counts(site)
        self.t = i18n.Translator(language)
        self.env = environment(self.t)
        self.views = Views(site, self.t)
        filters, helpers = template_helpers(self.views)
        self.env.filters.update(filters)
        self.env.globals.update(helpers)

    def page(
        self,
        url: str,
        template: str,
        title: str,
        description: str,
        jsonld: str | None = None,
        searchable: bool = False,
        hide: tuple[str, ...] = (),
        feed: str | None = None,
        updated: str | None = None,
        **context,
    ) -> None:
        """`updated`: the page's last change; by default that of the plan or plans it shows."""

        here = urls.in_language(self.language, url)

        def link(target: str) -> str:
            return urls.relative(here, urls.in_language(self.language, target))

        body = self.env.get_template(template).render(
            site=self.site, ref=self.site.reference, link=link, title=title, **context
        )
        path = self.keep(url)
        markdown, blocks = fragments.set_aside(body)
        blocks_changed = write_if_changed(fragments.sidecar(path), fragments.sidecar_bytes(blocks))
        updated = updated or last_changed(context)
        if (
            not write_if_changed(
                path,
                (
                    front_matter(
                        title,
                        description,
                        jsonld,
                        searchable,
                        hide,
                        feed,
                        updated,
                        i18n.front_matter_notes(self.language, url) | self.t.page_notes(),
                    )
                    + finish.mark(markdown)
                ).encode(),
            )
            and blocks_changed
        ):
            path.touch()  # MkDocs' dirty build (chiiki serve) rebuilds a page by its Markdown's time
        self.t.reset()  # the next page's notes count its own strings (its title's included)

    def keep(self, url: str) -> Path:
        """Count a page's Markdown and sidecar as generated (written now or, in chiiki serve, before)."""
        path = self.docs / urls.source_path(url)
        self.generated |= {path, fragments.sidecar(path)}
        return path


def dictionary_tables(schemas: dict, summaries: dict[str, Summary]) -> dict[str, dict]:
    """The tables researchers download, as documented (with each column's example) and as published (the plan
    tables with the plan_id and example columns every plan's row starts with, and their primary key with plan_id
    first): plans, sources and each shared schema, the summaries, progress_status and quality, the code lists and
    link tables, and the edition files."""
    tables = {"plans": PLANS_SCHEMA, "sources": SOURCES_SCHEMA} | schemas
    documented = {
        name: schema
        | {
            "fields": KEY_FIELDS + schema["fields"] + ([] if name == "plans" else [LAST_CHANGED]),
            "primaryKey": ["plan_id"] + list(schema.get("primaryKey") or []),
        }
        for name, schema in tables.items()
    }
    summary_tables = {
        s.table_name: {
            "title": s.title,
            "description": s.description,
            "fields": s.fields,
            "primaryKey": [s.fields[0]["name"]],
        }
        for s in summaries.values()
    }
    codes = {table.name: table.schema for table in code_and_link_tables()}
    declared = {
        name: load.load_published_schema(name)
        for name in (*LINK_TABLES, "block_prefectures", *EDITION_TABLES)
    }
    return documented | summary_tables | monitoring_schemas() | codes | declared


def code_fields(name: str) -> list[dict]:
    """The columns of a code list as the national package publishes it."""
    return next(table for table in code_and_link_tables() if table.name == name).schema["fields"]


def redirect_path(docs: Path, old: str) -> Path:
    return docs / old / "index.html"


def write_redirect(docs: Path, old: str, new: str) -> Path:
    """A static page at a plan's former URL that sends readers and scripts on to the current one."""
    target = html.escape(urls.relative(old, new))
    path = redirect_path(docs, old)
    write_if_changed(
        path,
        f'''<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>移動しました</title>
<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}"></head>
<body><p>この計画のページは <a href="{target}">{target}</a> に移動しました。</p></body></html>
'''.encode(),
    )
    return path


def write_if_changed(path: Path, data: bytes | None) -> bool:
    """Write unless the file already holds these bytes (None: there should be no file), so a page that did not
    change keeps its modification time and chiiki serve's MkDocs leaves it alone. True if the file changed."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        if data is None:
            return False
    if data is None:
        path.unlink()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return True


def render_editions(r: "Renderer", editions) -> None:
    """The list of the investment map's editions, and a page for each with what changed since the one before."""
    changed = [
        edition_changes(editions[number - 1] if number else None, edition)
        for number, edition in enumerate(editions)
    ]
    r.page(
        urls.EDITIONS,
        "editions.md.j2",
        r.t("投資マップの版"),
        r.t("このサイトの投資マップを定期的に固定した版と、版ごとの変化"),
        updated=editions[-1].date if editions else None,
        editions=list(zip(editions, changed)),
    )
    for number, edition in enumerate(editions):
        r.page(
            urls.edition(edition.id),
            "edition.md.j2",
            r.t("投資マップ {title}", title=edition.title),
            updated=edition.date,
            description=r.t("{date} に固定したこのサイトの投資マップと、前の版からの変化", date=edition.date),
            edition=edition,
            changes=changed[number],
            older=editions[number - 1] if number else None,
            newer=editions[number + 1] if number + 1 < len(editions) else None,
        )


def render_site(
    site: Site,
    docs: Path,
    schemas: dict,
    companies: list[dict],
    plan_ids: set[str] | None = None,
    *,
    summaries: dict[str, Summary] | None = None,
    language: str = "ja",
) -> set[Path]:
    """Write every generated page (Markdown, with its sidecar) of a language tree into its docs folder, and the
    Japanese tree the files MkDocs copies; returns their paths. Given `plan_ids`, the pages of other plans are
    left as they are (chiiki serve, docs kept from before)."""
    tables = summaries if summaries is not None else summarise(site)
    r = Renderer(site, docs, schemas, language)
    # Pages of the whole country show the newest change of any public plan
    national = functools.partial(r.page, updated=max((p.info.updated_on for p in site.plans), default=None))
    render_home_and_lists(national, r.views, site, companies)
    render_companies(national, r.views, site, companies)
    render_plans(r, site, schemas, plan_ids)
    render_map(national, r.t, site, tables)
    render_editions(r, site.editions)
    render_groups(r, national, site, tables)
    render_downloads_and_monitoring(national, r, site, schemas, tables)
    render_contract(r, schemas, tables)
    if language != "ja":
        return r.generated
    return r.generated | write_site_files(docs, site, national_tables(site, schemas, tables, plans=()))


def render_home_and_lists(national, views: Views, site: Site, companies: list[dict]) -> None:
    t = views.t
    national(
        urls.HOME,
        "home.md.j2",
        t("地域未来戦略の計画データ"),
        t(
            "地域未来戦略の3種類の計画（戦略産業クラスター計画・地域産業クラスター計画・地場産業成長プラン）"
            "を公開データで閲覧・ダウンロードできます。"
        ),
        hide=("navigation", "toc"),
        headline=site.headline(companies),
    )
    national(
        urls.PLANS,
        "plans.md.j2",
        t("計画一覧"),
        t("公開されているすべての計画の一覧"),
        facets=views.plan_facets(),
    )


def render_companies(national, views: Views, site: Site, companies: list[dict]) -> None:
    """The list of 重点支援企業 by prefecture, and a page per prefecture."""
    by_prefecture = {}
    for company in sorted(companies, key=lambda c: (c["municipality"], c["name"], c["number"])):
        for code in company["prefectures"]:  # a prefecture's plan shows its companies only in its prefectures
            by_prefecture.setdefault(code, []).append(company)
    national(
        urls.COMPANIES,
        "companies.md.j2",
        views.t("重点支援企業の一覧"),
        views.t("公開された計画の重点支援企業（都道府県別）"),
        counts={
            code: (sum(counted_company(c) for c in rows), sum(c["example_any"] for c in rows))
            for code, rows in sorted(by_prefecture.items())
        },
        total=sum(counted_company(c) for c in companies),
        examples=sum(c["example_any"] for c in companies),
    )
    for code, rows in by_prefecture.items():
        name = views.prefecture_name(code)
        national(
            urls.companies_in(code),
            "companies_prefecture.md.j2",
            views.t("重点支援企業：{name}", name=name),
            views.t("{name}に所在する重点支援企業", name=name),
            code=code,
            companies=rows,
            facets=company_facets(rows),
            files=prefecture_company_files(site, code),
        )


def render_plans(r: "Renderer", site: Site, schemas: dict, plan_ids: set[str] | None) -> None:
    """A page per plan, and a redirect from each of its former ids."""
    for plan in site.plans:
        # A plan's page and redirects depend on the plan alone (with the reference data and the build date):
        # chiiki serve renders them again only for the plans that changed.
        if plan_ids is not None and plan.id not in plan_ids:
            r.keep(urls.plan(plan.id))
            r.generated |= {redirect_path(r.docs, urls.plan(former)) for former in plan.info.former_ids}
            continue
        title, summary = plan_title_and_summary(plan, r.language)
        r.page(
            urls.plan(plan.id),
            "plan.md.j2",
            title,
            summary[:120],
            jsonld=None
            if plan.is_example
            else catalog.json_ld(
                catalog.plan_dataset(plan, site.reference),
                urls.plan(plan.id),
                catalog.plan_json_ld_extras(plan, site.reference),
            ),
            searchable=True,
            feed=None if plan.is_example else urls.plan_feed(plan.id),
            plan=plan,
            schemas=schemas,
            citation=catalog.citation(site, plan),
            reporting=r.views.reporting(plan),
            kpis=kpi_rows(plan),
            kpi_names=kpi_names(plan),
            records=company_records(plan),
        )
        for former in plan.info.former_ids:
            r.generated.add(write_redirect(r.docs, urls.plan(former), urls.plan(plan.id)))


def plan_title_and_summary(plan, language: str) -> tuple[str, str]:
    """A plan page's title and description: in English its submitter's `title_en` and `summary_en` where given
    (never a machine translation), else the Japanese."""
    info = plan.info
    if language == "en" and info.title_en:
        return info.title_en, info.summary_en or info.title_en
    return info.title, info.summary or info.title


def render_map(national, t: i18n.Translator, site: Site, tables: dict[str, Summary]) -> None:
    plan_counts, scales = prefecture_metrics(tables["prefectures"].records)
    national(
        urls.MAP_PAGE,
        "map.md.j2",
        t("投資マップ"),
        t("地域未来戦略の計画を地図で見る"),
        plan_counts=plan_counts,
        scales=scales,
        points=located_points(site.counted_plans, site.reference),
        group_of=group_of,
    )


# Each grouping's page template, and the index page of the groupings that have one.
GROUP_TEMPLATES = {
    "kinds": "kind.md.j2",
    "prefectures": "prefecture.md.j2",
    "blocks": "block.md.j2",
    "fields": "field.md.j2",
}
GROUP_INDEXES = {
    "prefectures": (urls.PREFECTURES, "prefectures.md.j2", "都道府県", "47都道府県ごとの計画"),
    "blocks": (urls.BLOCKS, "blocks.md.j2", "地域ブロック", "10の地域ブロックごとの計画"),
    "fields": (urls.FIELDS, "fields.md.j2", "17の戦略分野", "日本成長戦略の17の戦略分野ごとの計画"),
}


def render_groups(r: "Renderer", national, site: Site, tables: dict[str, Summary]) -> None:
    """A page per group (plan kind, prefecture, block and strategic field), each with its row of the summary,
    and the index pages of the last three."""
    for grouping, groups in site.groups.items():
        if grouping in GROUP_INDEXES:
            url, template, title, description = GROUP_INDEXES[grouping]
            national(url, template, r.t(title), r.t(description), groups=groups)
        for group in groups:
            r.page(
                group.page,
                GROUP_TEMPLATES[grouping],
                r.views.group_name(group),
                r.views.group_description(group),
                searchable=True,
                feed=group.feed,
                group=group,
                plans=list(group.plans),
                summary=tables[grouping],
                summary_row=tables[grouping].row(group.key),
            )


def render_downloads_and_monitoring(
    national, r: "Renderer", site: Site, schemas: dict, tables: dict[str, Summary]
) -> None:
    """The downloads page, the changelog, reporting status and data quality."""
    render_downloads(national, r, site, schemas, tables)
    quality = site.quality()
    national(
        urls.CHANGES,
        "changes.md.j2",
        r.t("更新履歴"),
        r.t("計画の公表・改訂・進捗報告の履歴"),
        events=feed.changes(site),
    )
    national(
        urls.PROGRESS,
        "progress.md.j2",
        r.t("進捗報告の状況"),
        r.t("計画ごとの進捗報告の期限と KPI の状況（半年ごと）"),
        totals=reporting_totals(site, tables),
    )
    national(
        urls.QUALITY,
        "quality.md.j2",
        r.t("データの充実度"),
        r.t("計画ごと・都道府県ごとの本文・出典・警告・進捗報告の状況"),
        rows=quality,
        prefecture_rows=r.views.quality_by_prefecture(quality),
    )


def render_downloads(national, r: "Renderer", site: Site, schemas: dict, tables: dict[str, Summary]) -> None:
    """The downloads page: every national file, the code lists, the releases, how to read them and cite them."""
    national(
        urls.DOWNLOADS,
        "downloads.md.j2",
        r.t("ダウンロード"),
        r.t("全国の計画データ（CSV・Excel・JSON・SQLite・データパッケージ）"),
        jsonld=catalog.json_ld(
            catalog.national_dataset(site, national_tables(site, schemas, tables, plans=())),
            urls.DOWNLOADS,
            catalog.national_json_ld_extras(site),
        ),
        schemas=schemas,
        citation=catalog.citation(site),
        release=site.release,
        releases=release_rows(site),
        releases_total=len(site.releases),
        summaries=tables,
        catalog=catalog,
        database=urls.national_file(urls.DATABASE),
        national_xlsx=urls.national_file(f"{urls.NATIONAL_PACKAGE}.xlsx"),
        examples_xlsx=urls.example_file(f"{urls.EXAMPLES_PACKAGE}.xlsx"),
        national_zip=urls.national_file(f"{urls.NATIONAL_PACKAGE}.zip"),
        row_counts=r.row_counts,
        code_tables=code_and_link_tables(site.real_plans),
        monitoring=monitoring_schemas(),
        example_tables=[("plans", "計画（メタデータ）"), ("sources", "出典")]
        + [(name, labels.RESOURCES[name]) for name in schemas],
        **reading_snippets(schemas),
    )


def reading_snippets(schemas: dict) -> dict:
    """The downloads page's code: the files' absolute address, and pandas reads typed from the schemas."""
    return {
        "national_base": urls.absolute(urls.national_file(""), settings.SITE_URL),
        "pandas_companies": pandas_read(
            "companies", "companies.csv", out_schema(schemas["companies"])["fields"]
        ),
        "pandas_municipalities": pandas_read(
            "municipalities", "codes/municipalities.csv", code_fields("municipalities")
        ),
    }


def render_contract(r: "Renderer", schemas: dict, tables: dict[str, Summary]) -> None:
    """The data dictionary (every downloaded table and the plan metadata) and the validation rules."""
    r.page(
        urls.SCHEMAS,
        "schemas.md.j2",
        r.t("データ仕様"),
        r.t("計画データの表と列の定義"),
        schemas=schemas,
        summaries=tables,
        code_tables=code_and_link_tables(),
        monitoring=monitoring_schemas(),
        edition_tables={name: load.load_published_schema(name) for name in EDITION_TABLES},
    )
    for name, schema in dictionary_tables(schemas, tables).items():
        r.page(
            urls.schema(name),
            "schema.md.j2",
            r.t("データ仕様：{title}（{name}）", title=schema["title"], name=name),
            schema.get("description", ""),
            name=name,
            schema=schema,
        )
    r.page(
        urls.schema("plan-metadata"),
        "plan_metadata.md.j2",
        r.t("データ仕様：計画メタデータ（plan:）"),
        r.t("datapackage.yaml の plan: の項目"),
        properties=load.load_plan_metadata_schema()["properties"],
    )
    r.page(
        urls.RULES,
        "rules.md.j2",
        r.t("検証ルール"),
        r.t("データの検証ルールと直し方"),
        rules=list(RULES.values()),
    )
    for rule in RULES.values():
        r.page(
            urls.rule(rule.id),
            "rule.md.j2",
            r.t("検証ルール：{title}", title=rule.title),
            rule.hint,
            rule=rule,
        )


def write_site_files(docs: Path, site: Site, tables: list) -> set[Path]:
    """The national Atom feed, the DCAT catalogue (of the national `tables` and every real plan's files) and the
    list of releases, which MkDocs copies as they are."""
    write_if_changed(docs / urls.FEED, feed.atom_feed(site))
    write_if_changed(docs / urls.CATALOG, catalog.data_json(site, tables))
    write_if_changed(docs / urls.RELEASES, catalog.releases_json(site))
    return {docs / urls.FEED, docs / urls.CATALOG, docs / urls.RELEASES}
