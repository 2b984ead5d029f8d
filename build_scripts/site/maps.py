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
from build_scripts.derive import Site, located_points, prefecture_metrics
from build_scripts.derive.groups import field_numbers, plan_prefectures
from build_scripts.model import Plan

TILES = "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'
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


# A TileProvider, not a URL string: folium looks a string up among all of xyzservices' providers (4 ms a map).
TILE_PROVIDER = xyzservices.TileProvider(
    name="地理院タイル（淡色）", url=TILES, attribution=TILES_ATTRIBUTION, max_zoom=18
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


def legend(title: str, items: list[tuple[str, str]]) -> Markup:
    """The legend of a map whose layers all show at once."""
    return legend_sections([("", title, items)])


def legend_sections(sections: list[Section]) -> Markup:
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
    return Markup('<details class="chiiki-legend" open>\n<summary>凡例</summary>\n{}\n</details>').format(
        Markup("\n").join(lists)
    )


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
    tiles = folium.TileLayer(tiles=TILE_PROVIDER, name=TILE_PROVIDER.name, max_zoom=18).add_to(leaflet_map)
    config = {
        "bounds": m.bounds,
        "pane": POINTS_PANE,
        "narrow": NARROW,
        "linkText": "詳しく見る",
        "layers": m.layers,
        "points": m.points,
        "tiles": {"name": TILE_PROVIDER.name, "layer": tiles.get_name()},
    }
    # One element (folium compiles a template for each, 0.5 ms: 1,900 maps): the legend, the configuration, and
    # the call that draws the rest, after every inline script (folium's map is made in the last one).
    leaflet_map.get_root().html.add_child(
        raw(
            f'{m.legend}\n<script type="application/json" id="{CONFIG_ID}">{script_json(config)}</script>\n'
            f"<script>{DRAW.format(map=leaflet_map.get_name(), config=CONFIG_ID)}</script>"
        )
    )
    return written_page(leaflet_map.get_root().render(), title)


CONFIG_ID = "chiiki-map-config"
DRAW = (
    'document.addEventListener("DOMContentLoaded", function () {{ window.chiikiMap({map}, '
    'JSON.parse(document.getElementById("{config}").textContent)); }});'
)


def written_page(page: str, title: str) -> str:
    """folium's page as the site writes it: ids numbered, zooming allowed, and (a map file is also a page of its
    own, opened from the iframe) a language and a title."""
    numbers: dict[str, str] = {}
    page = RANDOM_ID.sub(
        lambda found: f"{found.group(1)}_{numbers.setdefault(found.group(2), f'{len(numbers) + 1:04d}')}",
        page,
    )
    page = FIXED_VIEWPORT.sub(VIEWPORT, page)
    page = page.replace("<html>", '<html lang="ja">', 1)
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


def add_points(m: Draft, groups, reference, to_root: str) -> None:
    """A layer of points per legend group, in the points' pane above every shape; hover shows a point's text, a
    click or a tap opens it with a link to its plan."""
    for name, colour, members in groups:
        located = [
            (
                float(row["latitude"]),
                float(row["longitude"]),
                f"{row['name']}：{point['label']}",
                to_root + urls.plan(point["plan_id"]),
            )
            for point in members
            for row in [reference.municipalities[point["code"]]]
        ]
        m.points.append(
            {
                "name": f"● {name}（{len(members)}）",
                "style": POINT_STYLE | {"fillColor": colour},
                "points": point_rows(located),
            }
        )


def stated(value: float | None, unit: str) -> str:
    return "記載なし" if value is None else f"{value:g}{unit}"


def prefecture_links(reference, to_root: str) -> dict[str, str]:
    return {code: to_root + urls.prefecture(code) for code in reference.prefectures}


def national_map(site: Site, prefecture_rows: list[dict]) -> str:
    return investment_map(
        site.reference,
        prefecture_rows,
        located_points(site.counted_plans, site.reference),
        "../",
        "地域未来戦略の投資マップ（全国）",
    )


def add_prefecture_layers(m, reference, plans: dict, scale: dict, to_root: str) -> None:
    """The prefectures coloured by their plans (shown) and by their stated investment (a layer to choose)."""
    for layer_id, title, values, unit, show in (
        ("plans", "都道府県の計画数", plans, "件", True),
        ("scale", "都道府県の投資規模（億円）", scale, "億円", False),
    ):
        top = max(values.values(), default=0)
        styles = {
            code: {
                "color": "#555555",
                "weight": 0.6,
                "fillColor": scale_colour(values.get(code, 0), top),
                "fillOpacity": 0.75,
            }
            for code in reference.prefectures
        }
        missing = 0 if layer_id == "plans" else None  # no plan is 0 plans; no stated figure is 記載なし
        labels = {
            code: safe_text(f"{row['name']}：{stated(values.get(code, missing), unit)}")
            for code, row in reference.prefectures.items()
        }
        shared_layer(
            m,
            to_root + urls.GEO_PREFECTURES,
            "code",
            styles,
            labels,
            layer_id=layer_id,
            name=f"■ {title}",
            links=prefecture_links(reference, to_root),
            show=show,
            exclusive=True,
        )


def national_legend(plans: dict, scale: dict, groups: list) -> Markup:
    """The colours of the prefecture layer chosen (by number of plans, or by stated investment), then the points'
    colours by group of fields."""
    top = max(plans.values(), default=0)
    sections: list[Section] = [
        (
            "plans",
            "都道府県の計画数（記載例・廃止を除く）",
            [(scale_colour(v, top), f"{v:g} 件") for v in sorted(set(plans.values()) | {0})],
        ),
        ("scale", "都道府県の投資規模（記載された額の合計）", scale_items(scale)),
    ]
    if groups:
        sections.append(("", "点の色（分野のまとまり）", [(colour, name) for name, colour, _ in groups]))
    return legend_sections(sections)


def scale_items(scale: dict) -> list[tuple[str, str]]:
    """The investment layer's colours: 記載なし, then each colour with the range of the figures it stands for."""
    top = max(scale.values(), default=0)
    by_colour: dict[str, list[float]] = {}
    for value in sorted(set(scale.values())):
        by_colour.setdefault(scale_colour(value, top), []).append(value)
    items = [(SCALE[0], "記載なし")]
    for colour, values in by_colour.items():
        low, high = values[0], values[-1]
        items.append((colour, f"{low:g} 億円" if low == high else f"{low:g}〜{high:g} 億円"))
    return items


def investment_map(
    reference, prefecture_rows: list[dict], points: list[dict], to_root: str, title: str
) -> str:
    """The national investment map: prefectures by plans and by stated investment, blocks, and the points (today's,
    or an edition's)."""
    m = Draft(bounds_of(list(reference.prefectures)), to_root)
    plans, scale = prefecture_metrics(prefecture_rows)
    add_prefecture_layers(m, reference, plans, scale, to_root)
    block_styles = {b: {"color": "#000000", "weight": 2.2, "opacity": 0.8} for b in reference.blocks}
    block_labels = {b: safe_text(f"{row['name']}ブロック") for b, row in reference.blocks.items()}
    shared_layer(
        m,
        to_root + urls.GEO_BLOCKS,
        "block_id",
        block_styles,
        block_labels,
        layer_id="blocks",
        name="― 地域ブロック",
        interactive=False,
        outline=True,
    )
    groups = point_groups(points)
    add_points(m, groups, reference, to_root)
    m.legend = national_legend(plans, scale, groups)
    return map_page(m, title)


@functools.lru_cache(maxsize=None)
def _outlines() -> dict[str, list]:
    data = json.loads((paths.REFERENCE / "geo" / "prefectures.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f["geometry"]["coordinates"][0] for f in data["features"]}


def prefecture_outline(code: str) -> list:
    """The main-island outline of a prefecture (lon, lat), from the committed layer."""
    return _outlines()[code]


def area_map(
    site: Site, prefectures: list[str], block: str | None, plans: list[Plan], depth: int, title: str
) -> str:
    """A plan's, prefecture's or block's map: its prefectures filled, its block outlined, its points."""
    reference, to_root = site.reference, "../" * depth
    located = located_points(plans, reference)
    m = Draft(bounds_of(prefectures, located, reference), to_root)
    styles = {
        code: {"color": "#045a8d", "weight": 1.5, "fillColor": "#74a9cf", "fillOpacity": 0.5}
        for code in prefectures
    }
    labels = {code: safe_text(reference.prefectures[code]["name"]) for code in prefectures}
    shared_layer(
        m,
        to_root + urls.GEO_PREFECTURES,
        "code",
        styles,
        labels,
        layer_id="area",
        name="■ 対象地域",
        links=prefecture_links(reference, to_root),
        all_features=False,
    )
    if block:
        shared_layer(
            m,
            to_root + urls.GEO_BLOCKS,
            "block_id",
            {block: {"color": "#000000", "weight": 2.5}},
            {block: safe_text(reference.blocks[block]["name"] + "ブロック")},
            layer_id="blocks",
            name="― 地域ブロック",
            all_features=False,
            interactive=False,
            outline=True,
        )
    groups = point_groups(located)
    add_points(m, groups, reference, to_root)
    m.legend = legend("", [("#74a9cf", "対象の都道府県")] + [(colour, name) for name, colour, _ in groups])
    return map_page(m, f"地図：{title}")


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
    """Write every map file (a plan's own map only for `plan_ids` when given); returns their URLs."""
    written = []

    def save(url: str, content: str):
        path = folder / url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(url)

    save(urls.NATIONAL_MAP, national_map(site, prefecture_rows))
    for edition in site.editions:
        save(
            urls.edition_map(edition.id),
            investment_map(
                site.reference,
                edition.tables["prefectures"],
                edition_points(edition),
                "../../",
                f"投資マップ {edition.title}（このサイトの版）",
            ),
        )
    for plan in site.plans_among(plan_ids):
        save(
            urls.plan_map(plan.id),
            area_map(site, plan_prefectures(plan), plan.info.area.block or None, [plan], 2, plan.info.title),
        )
    for group in site.groups["prefectures"] + site.groups["blocks"]:
        block = group.key if group.grouping == "blocks" else None
        save(
            group.map,
            area_map(site, list(group.prefectures), block, list(group.counted_plans), 2, group.title),
        )
    return written
