"""Maps, with folium (the only module that imports it): the national investment map and one map per plan,
prefecture and block. Each map is a small HTML file under maps/: folium's Leaflet map and tile layer, through its
public API only, and the map's configuration as JSON (its shared layers, points, bounds and legend), which the
site's one script for maps (docs/javascripts/maps.js) draws; the shared GeoJSON layers (data/geo/) are fetched, so
no page inlines the outlines, and the legend's style is one file (docs/stylesheets/maps.css).

Safety: every text that reaches a tooltip or the legend is escaped for HTML (Leaflet shows tooltips as HTML) and
inert in a JavaScript template literal; no data is ever part of a template's source (folium's elements are
Jinja templates); the configuration's JSON holds no '<'. Reproducibility: folium's random element ids are
numbered in the written file.
"""

import functools
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import folium
import xyzservices
from markupsafe import Markup

from build_scripts import paths, urls
from build_scripts.derive import POINT_LABELS, Site, located_points, prefecture_metrics
from build_scripts.derive.groups import field_numbers, plan_prefectures
from build_scripts.model import Plan
from build_scripts.site import i18n
from build_scripts.site.views import Views

TILES = "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"
TILES_PAGE = "https://maps.gsi.go.jp/development/ichiran.html"
LEAFLET = "vendor/leaflet-1.9.4/"
# The legend groups of the state's investment map (「各地方ブロック別の戦略産業クラスター計画の素案（概要）」,
# 【分野別凡例】), in the Okabe–Ito colour-blind-safe palette.
LEGEND_GROUPS = [
    ("AI・半導体", {1}, "#0072B2"),
    ("造船", {2}, "#56B4E9"),
    ("乗り物（宇宙・航空 等）", {5, 15}, "#CC79A7"),
    ("医療・バイオ", {4, 11}, "#009E73"),
    ("エネルギー・GX・DX", {6, 9, 12, 16}, "#E69F00"),
    ("ものづくり", {3, 7, 8, 10, 13, 14, 17}, "#D55E00"),
    ("その他・分野の記載なし", set(), "#666666"),
]


@functools.cache
def tile_provider(language: str) -> xyzservices.TileProvider:
    """A TileProvider, not a URL string: folium looks a string up among all of xyzservices' providers (4 ms a
    map). Named and credited in the map's language (GSI's own English: "GSI Tiles")."""
    t = i18n.Translator(language)
    attribution = Markup('<a href="{}">{}</a>').format(TILES_PAGE, t("地理院タイル"))
    return xyzservices.TileProvider(
        name=t("地理院タイル（淡色）"), url=TILES, attribution=attribution, max_zoom=18
    )


POINTS_PANE = "chiiki-points"  # above Leaflet's overlay pane (400) and markers (600), below tooltips (650)
NARROW = 600  # px: below this width the layer control and the legend start collapsed
SCALE = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]  # sequential, light to dark


def safe_text(text: str) -> str:
    """Text for a folium tooltip: HTML-escaped, and inert inside a JavaScript template literal."""
    return html.escape(str(text)).replace("$", "&#36;").replace("`", "&#96;").replace("\\", "&#92;")


def group_of(numbers) -> tuple[str, str]:
    for name, fields, colour in LEGEND_GROUPS:
        if set(numbers) & fields:
            return name, colour
    return LEGEND_GROUPS[-1][0], LEGEND_GROUPS[-1][2]


def scale_colour(value: float, maximum: float) -> str:
    if value <= 0 or maximum <= 0:
        return SCALE[0]
    return SCALE[min(len(SCALE) - 1, 1 + int((len(SCALE) - 2) * value / maximum + 0.5))]


@dataclass
class Draft:
    """A map being made: what its configuration will say, in the order the layer control lists it."""

    bounds: list[list[float]]
    to_root: str
    views: Views  # the map's language: its words (views.t) and the reference's names
    layers: list[dict] = field(default_factory=list)  # shared GeoJSON layers (maps.js: shared)
    points: list[dict] = field(default_factory=list)  # point groups (maps.js: points)
    legend: Markup = Markup("")


DEFAULT_STYLE = {"color": "#999999", "weight": 0.5, "fillColor": SCALE[0], "fillOpacity": 0.4}


def shared_layer(
    m: Draft,
    url: str,
    key: str,
    styles: dict,
    labels: dict,
    *,
    layer_id: str,
    name: str,
    links: dict | None = None,
    all_features: bool = True,
    show: bool = True,
    interactive: bool = True,
    exclusive: bool = False,
    outline: bool = False,
) -> None:
    """A GeoJSON layer fetched from the site (one file shared by every map), styled and labelled per feature key;
    with all_features=False only the features named in `styles` are drawn. `exclusive` layers are alternatives
    (radio buttons: one shown at a time, the legend its own); an `outline` is drawn above every fill."""
    m.layers.append(
        {
            "id": layer_id,
            "name": name,
            "url": url,
            "key": key,
            "styles": styles,
            "labels": labels,
            "links": links or {},
            "allFeatures": all_features,
            "show": show,
            "interactive": interactive,
            "exclusive": exclusive,
            "outline": outline,
            "defaultStyle": DEFAULT_STYLE,
        }
    )


def point_rows(points: list[tuple[float, float, str, str]]) -> list[list]:
    """Circle markers as [latitude, longitude, text, link] (folium's CircleMarker wrote ~700 bytes of script a
    point; the national map had 2,230): the text escaped, as Leaflet shows it as HTML."""
    return [[lat, lng, safe_text(text), link] for lat, lng, text, link in points]


POINT_STYLE = {  # 24 px across with its stroke: a target a finger or a pointer can hit (WCAG 2.5.8)
    "radius": 10,
    "color": "#222222",
    "weight": 2,
    "fill": True,
    "fillOpacity": 0.95,
    "pane": POINTS_PANE,
}


def script_json(value) -> str:
    """JSON for a <script> element: no '<' (so no </script>), and no Jinja delimiter: folium renders every
    element as a template, and a '{{' inside a string would be read as one. Compact JSON never has '{{', '{%' or
    '{#' outside a string."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return re.sub(r"\{(?=[{%#])", r"\\u007b", text.replace("<", "\\u003c"))


Section = tuple[str, str, list[tuple[str, str]]]  # (layer id or "" for always, title, (colour, label) items)


def legend(title: str, items: list[tuple[str, str]], t: i18n.Translator, *, unofficial: bool) -> Markup:
    """The legend of a map whose layers all show at once."""
    return legend_sections([("", title, items)], t, unofficial=unofficial)


def legend_sections(sections: list[Section], t: i18n.Translator, *, unofficial: bool) -> Markup:
    """The legend, a <details> (maps.js closes it on a narrow screen, its summary staying as a button); a section
    of a layer to choose (data-chiiki-legend) shows only while its layer is the one chosen (maps.js)."""
    lists = []
    for layer, title, items in sections:
        rows = [Markup("<li><strong>{}</strong></li>").format(title)] if title else []
        rows += [
            Markup('<li><span class="swatch" style="background:{}"></span>{}</li>').format(colour, label)
            if colour
            else Markup("<li><strong>{}</strong></li>").format(label)
            for colour, label in items
        ]
        attribute = Markup(' data-chiiki-legend="{}"').format(layer) if layer else Markup("")
        lists.append(Markup("<ul{}>{}</ul>").format(attribute, Markup("").join(rows)))
    if unofficial and t.translating:  # the groups' names are this site's own translation (i18n.TERM_NOTE)
        lists.append(Markup('<p class="chiiki-legend-note">{}</p>').format(t(UNOFFICIAL)))
    return Markup('<details class="chiiki-legend" open>\n<summary>{}</summary>\n{}\n</details>').format(
        t("凡例"), Markup("\n").join(lists)
    )


UNOFFICIAL = "* このサイトによる非公式の訳"


def raw(markup: str) -> folium.Element:
    """Text for the map's page, given to folium as a value, never as a template's source."""
    element = folium.Element("{{ this.markup }}")
    element.markup = markup
    return element


@functools.cache
def map_class(to_root: str) -> type:
    """folium's Map loading the site's own Leaflet and the maps' script and style, never a CDN: declared as a
    folium plugin declares what it loads (default_js, default_css), once per depth of the map files."""
    return type(
        "SiteMap",
        (folium.Map,),
        {
            "default_js": [
                ("leaflet", to_root + LEAFLET + "leaflet.js"),
                ("chiiki_maps", to_root + MAPS_SCRIPT),
            ],
            "default_css": [
                ("leaflet_css", to_root + LEAFLET + "leaflet.css"),
                ("chiiki_maps_css", to_root + MAPS_STYLE),
            ],
        },
    )


MAPS_SCRIPT = "javascripts/maps.js"
MAPS_STYLE = "stylesheets/maps.css"
# folium's random element ids (map_<32 hex digits>), numbered in the written file so two builds give the same bytes.
RANDOM_ID = re.compile(r"\b([a-z][a-z_]*?)_([0-9a-f]{32})\b")
# folium's viewport forbids zooming the page (user-scalable=no): a reader may zoom, as on every other page.
FIXED_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*user-scalable=no[^"]*"\s*/>')
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


def bounds_of(prefectures: list[str], located: list[dict] = (), reference=None) -> list[list[float]]:
    """[[south, west], [north, east]] of the prefectures' committed outlines and of the located points (a plan
    of two prefectures has points outside either prefecture's outline)."""
    points = [point for code in prefectures for point in prefecture_outline(code)]
    points += [
        (float(row["longitude"]), float(row["latitude"]))
        for point in located
        for row in [reference.municipalities[point["code"]]]
    ]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[round(min(lats), 4), round(min(lons), 4)], [round(max(lats), 4), round(max(lons), 4)]]


def map_page(m: Draft, title: str) -> str:
    """The map file: folium's map (centred on the bounds; maps.js fits it to them in the browser), its tile layer,
    the legend and the configuration, and the call that draws the rest."""
    (south, west), (north, east) = m.bounds
    leaflet_map = map_class(m.to_root)(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
        zoomSnap=0.25,
    )
    t = m.views.t
    provider = tile_provider(t.language)
    tiles = folium.TileLayer(tiles=provider, name=provider.name, max_zoom=18).add_to(leaflet_map)
    config = {
        "bounds": m.bounds,
        "pane": POINTS_PANE,
        "narrow": NARROW,
        "linkText": t("詳しく見る"),
        "layers": m.layers,
        "points": m.points,
        "tiles": {"name": provider.name, "layer": tiles.get_name()},
    }
    # One element (folium compiles a template for each, 0.5 ms: 1,900 maps): the legend, the configuration, and
    # the call that draws the rest, after every inline script (folium's map is made in the last one).
    leaflet_map.get_root().html.add_child(
        raw(
            f'{m.legend}\n<script type="application/json" id="{CONFIG_ID}">{script_json(config)}</script>\n'
            f"<script>{DRAW.format(map=leaflet_map.get_name(), config=CONFIG_ID)}</script>"
        )
    )
    return written_page(leaflet_map.get_root().render(), title, i18n.LANGUAGES[t.language].html)


CONFIG_ID = "chiiki-map-config"
DRAW = (
    'document.addEventListener("DOMContentLoaded", function () {{ window.chiikiMap({map}, '
    'JSON.parse(document.getElementById("{config}").textContent)); }});'
)


def written_page(page: str, title: str, html_lang: str = "ja") -> str:
    """folium's page as the site writes it: ids numbered, zooming allowed, and (a map file is also a page of its
    own, opened from the iframe) a language and a title."""
    numbers: dict[str, str] = {}
    page = RANDOM_ID.sub(
        lambda found: f"{found.group(1)}_{numbers.setdefault(found.group(2), f'{len(numbers) + 1:04d}')}",
        page,
    )
    page = FIXED_VIEWPORT.sub(VIEWPORT, page)
    page = page.replace("<html>", f'<html lang="{html_lang}">', 1)
    return page.replace("<head>", f"<head>\n    <title>{safe_text(title)}</title>", 1)


def point_groups(points) -> list[tuple[str, str, list[dict]]]:
    """The legend groups that have points, in the legend's order, with their points."""
    by_group = defaultdict(list)
    for point in points:
        by_group[group_of(point["numbers"])].append(point)
    return [
        (name, colour, by_group[(name, colour)])
        for name, _, colour in LEGEND_GROUPS
        if by_group.get((name, colour))
    ]


def group_name(name: str, t: i18n.Translator) -> str:
    """A legend group's name: the state's legend's own words, in English this site's marked translation."""
    return t.term(name)


def point_text(point: dict, views: Views) -> str:
    """「千代田区：…」: the municipality, then the point's label, its frame in the map's language (the plan's own
    words stay as written; an edition's frozen points keep their Japanese label)."""
    label = point["label"]
    if views.english and point.get("what") in POINT_LABELS:
        label = views.t(POINT_LABELS[point["what"]], **point["parts"])
    return views.t("{name}：{value}", name=place_name(point["code"], views), value=label)


def place_name(code: str, views: Views) -> str:
    """The municipality's own name (the map shows where it is), in English with its prefecture."""
    return views.municipality_name(code) if views.english else views.reference.municipalities[code]["name"]


def add_points(m: Draft, groups, to_root: str) -> None:
    """A layer of points per legend group, in the points' pane above every shape; hover shows a point's text, a
    click or a tap opens it with a link to its plan."""
    views, language = m.views, m.views.t.language
    for name, colour, members in groups:
        located = [
            (
                float(row["latitude"]),
                float(row["longitude"]),
                point_text(point, views),
                to_root + urls.in_language(language, urls.plan(point["plan_id"])),
            )
            for point in members
            for row in [views.reference.municipalities[point["code"]]]
        ]
        m.points.append(
            {
                "name": views.t("● {name}（{count}）", name=group_name(name, views.t), count=len(members)),
                "style": POINT_STYLE | {"fillColor": colour},
                "points": point_rows(located),
            }
        )


def stated(value: float | None, unit: str, t: i18n.Translator) -> str:
    """「3件」「12.5億円」, or 記載なし (never a 0 for a figure not stated)."""
    if value is None:
        return t("記載なし")
    return plans_text(value, t) if unit == "件" else t("{value}億円", value=f"{value:g}")


def plans_text(value: float, t: i18n.Translator, space: str = "") -> str:
    """「3件」 (「3 件」 in the legend): one key for one plan, as English says "1 plan" but "3 plans"."""
    key = f"{{value}}{space}件" if value != 1 else f"1{space}件"
    return t(key, value=f"{value:g}")


def prefecture_links(views: Views, to_root: str) -> dict[str, str]:
    language = views.t.language
    return {
        code: to_root + urls.in_language(language, urls.prefecture(code))
        for code in views.reference.prefectures
    }


def national_map(site: Site, prefecture_rows: list[dict], views: Views) -> str:
    url = urls.in_language(views.t.language, urls.NATIONAL_MAP)
    return investment_map(
        views,
        prefecture_rows,
        located_points(site.counted_plans, site.reference),
        to_root_of(url),
        views.t("地域未来戦略の投資マップ（全国）"),
    )


def to_root_of(url: str) -> str:
    """From a map file to the site's root (maps/national.html: "../"; maps/en/plans/x.html: "../../../")."""
    return "../" * url.count("/")


def add_prefecture_layers(m, plans: dict, scale: dict, to_root: str) -> None:
    """The prefectures coloured by their plans (shown) and by their stated investment (a layer to choose)."""
    views, t = m.views, m.views.t
    for layer_id, title, values, unit, show in (
        ("plans", t("都道府県の計画数"), plans, "件", True),
        ("scale", t("都道府県の投資規模（億円）"), scale, "億円", False),
    ):
        top = max(values.values(), default=0)
        styles = {
            code: {
                "color": "#555555",
                "weight": 0.6,
                "fillColor": scale_colour(values.get(code, 0), top),
                "fillOpacity": 0.75,
            }
            for code in views.reference.prefectures
        }
        missing = 0 if layer_id == "plans" else None  # no plan is 0 plans; no stated figure is 記載なし
        labels = {
            code: safe_text(
                t(
                    "{name}：{value}",
                    name=views.prefecture_name(code),
                    value=stated(values.get(code, missing), unit, t),
                )
            )
            for code in views.reference.prefectures
        }
        shared_layer(
            m,
            to_root + urls.GEO_PREFECTURES,
            "code",
            styles,
            labels,
            layer_id=layer_id,
            name=f"■ {title}",
            links=prefecture_links(views, to_root),
            show=show,
            exclusive=True,
        )


def national_legend(plans: dict, scale: dict, groups: list, t: i18n.Translator) -> Markup:
    """The colours of the prefecture layer chosen (by number of plans, or by stated investment), then the points'
    colours by group of fields."""
    top = max(plans.values(), default=0)
    sections: list[Section] = [
        (
            "plans",
            t("都道府県の計画数（記載例・廃止を除く）"),
            [(scale_colour(v, top), plans_text(v, t, " ")) for v in sorted(set(plans.values()) | {0})],
        ),
        ("scale", t("都道府県の投資規模（記載された額の合計）"), scale_items(scale, t)),
    ]
    if groups:
        sections.append(
            ("", t("点の色（分野のまとまり）"), [(colour, group_name(name, t)) for name, colour, _ in groups])
        )
    return legend_sections(sections, t, unofficial=bool(groups))


def scale_items(scale: dict, t: i18n.Translator) -> list[tuple[str, str]]:
    """The investment layer's colours: 記載なし, then each colour with the range of the figures it stands for."""
    top = max(scale.values(), default=0)
    by_colour: dict[str, list[float]] = {}
    for value in sorted(set(scale.values())):
        by_colour.setdefault(scale_colour(value, top), []).append(value)
    items = [(SCALE[0], t("記載なし"))]
    for colour, values in by_colour.items():
        low, high = values[0], values[-1]
        items.append(
            (
                colour,
                t("{value} 億円", value=f"{low:g}")
                if low == high
                else t("{low}〜{high} 億円", low=f"{low:g}", high=f"{high:g}"),
            )
        )
    return items


def investment_map(
    views: Views, prefecture_rows: list[dict], points: list[dict], to_root: str, title: str
) -> str:
    """The national investment map: prefectures by plans and by stated investment, blocks, and the points (today's,
    or an edition's)."""
    reference = views.reference
    m = Draft(bounds_of(list(reference.prefectures)), to_root, views)
    plans, scale = prefecture_metrics(prefecture_rows)
    add_prefecture_layers(m, plans, scale, to_root)
    block_styles = {b: {"color": "#000000", "weight": 2.2, "opacity": 0.8} for b in reference.blocks}
    block_labels = {b: safe_text(views.block_name(b)) for b in reference.blocks}
    shared_layer(
        m,
        to_root + urls.GEO_BLOCKS,
        "block_id",
        block_styles,
        block_labels,
        layer_id="blocks",
        name=views.t("― 地域ブロック"),
        interactive=False,
        outline=True,
    )
    groups = point_groups(points)
    add_points(m, groups, to_root)
    m.legend = national_legend(plans, scale, groups, views.t)
    return map_page(m, title)


@functools.lru_cache(maxsize=None)
def _outlines() -> dict[str, list]:
    data = json.loads((paths.REFERENCE / "geo" / "prefectures.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f["geometry"]["coordinates"][0] for f in data["features"]}


def prefecture_outline(code: str) -> list:
    """The main-island outline of a prefecture (lon, lat), from the committed layer."""
    return _outlines()[code]


def area_map(
    views: Views, prefectures: list[str], block: str | None, plans: list[Plan], to_root: str, title: str
) -> str:
    """A plan's, prefecture's or block's map: its prefectures filled, its block outlined, its points."""
    reference, t = views.reference, views.t
    located = located_points(plans, reference)
    m = Draft(bounds_of(prefectures, located, reference), to_root, views)
    styles = {
        code: {"color": "#045a8d", "weight": 1.5, "fillColor": "#74a9cf", "fillOpacity": 0.5}
        for code in prefectures
    }
    labels = {code: safe_text(views.prefecture_name(code)) for code in prefectures}
    shared_layer(
        m,
        to_root + urls.GEO_PREFECTURES,
        "code",
        styles,
        labels,
        layer_id="area",
        name=t("■ 対象地域"),
        links=prefecture_links(views, to_root),
        all_features=False,
    )
    if block:
        shared_layer(
            m,
            to_root + urls.GEO_BLOCKS,
            "block_id",
            {block: {"color": "#000000", "weight": 2.5}},
            {block: safe_text(views.block_name(block))},
            layer_id="blocks",
            name=t("― 地域ブロック"),
            all_features=False,
            interactive=False,
            outline=True,
        )
    groups = point_groups(located)
    add_points(m, groups, to_root)
    items = [("#74a9cf", t("対象の都道府県"))] + [(colour, group_name(name, t)) for name, colour, _ in groups]
    m.legend = legend("", items, t, unofficial=bool(groups))
    return map_page(m, t("地図：{title}", title=title))


def edition_points(edition) -> list[dict]:
    """An edition's points as located_points gives today's (the municipalities are the reference's)."""
    return [
        {
            "code": row["municipality_code"],
            "numbers": field_numbers(row["field_numbers"]),
            "label": row["label"],
            "plan_id": row["plan_id"],
        }
        for row in edition.tables["points"]
    ]


def write_maps(site: Site, folder: Path, plan_ids: set[str] | None, prefecture_rows: list[dict]) -> list[str]:
    """Write every map file in each language that has maps (a plan's own map only for `plan_ids` when given);
    returns their URLs."""
    written = []
    for language in urls.MAP_LANGUAGES:
        views = Views(site, i18n.Translator(language))

        def save(url: str, content: str):
            url = urls.in_language(language, url)
            path = folder / url
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            written.append(url)

        save(urls.NATIONAL_MAP, national_map(site, prefecture_rows, views))
        write_edition_maps(site, views, save)
        write_area_maps(site, views, plan_ids, save)
    return written


def write_edition_maps(site: Site, views: Views, save) -> None:
    for edition in site.editions:
        url = urls.in_language(views.t.language, urls.edition_map(edition.id))
        title = views.t("投資マップ {title}（このサイトの版）", title=edition.title)
        points = edition_points(edition)
        save(
            urls.edition_map(edition.id),
            investment_map(views, edition.tables["prefectures"], points, to_root_of(url), title),
        )


def write_area_maps(site: Site, views: Views, plan_ids: set[str] | None, save) -> None:
    """Each plan's map (in English titled by its own title_en where it has one), each prefecture's and block's."""
    language = views.t.language
    for plan in site.plans_among(plan_ids):
        url = urls.plan_map(plan.id)
        title = plan.info.title_en if views.english and plan.info.title_en else plan.info.title
        block = plan.info.area.block or None
        save(
            url,
            area_map(
                views,
                plan_prefectures(plan),
                block,
                [plan],
                to_root_of(urls.in_language(language, url)),
                title,
            ),
        )
    for group in site.groups["prefectures"] + site.groups["blocks"]:
        block = group.key if group.grouping == "blocks" else None
        to_root = to_root_of(urls.in_language(language, group.map))
        title = views.group_name(group)
        save(
            group.map,
            area_map(views, list(group.prefectures), block, list(group.counted_plans), to_root, title),
        )
