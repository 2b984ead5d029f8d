"""Maps, with folium (the only module that imports it): the national investment map and one map per
plan, prefecture and block. Each map is a small HTML file under maps/ that loads Leaflet from the
site and fetches the shared GeoJSON layers (data/geo/), so no page inlines the outlines.

Safety: every text that reaches a tooltip is escaped for HTML and for JavaScript template literals
(folium's Tooltip escapes nothing and sits in a JavaScript template literal: tests/test_injection.py). Reproducibility:
element ids are numbered instead of folium's random ones.
"""

import contextlib
import functools
import html
import json
from collections import defaultdict
from pathlib import Path

import branca.element
import folium
import jinja2
import xyzservices
from branca.element import MacroElement
from folium.map import Layer, LayerControl
from jinja2 import Template

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


class LiteralTemplate:
    """What a Jinja template without Jinja syntax renders to: its text, less one trailing newline."""

    def __init__(self, text: str):
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *args, **kwargs) -> str:
        return self.text


_compiled_template = functools.lru_cache(maxsize=512)(jinja2.Template)


def element_template(source: str):
    """folium compiles a Jinja template for every element it creates, most of them already-rendered script
    text (22 per map: half the time of ~1,900 maps). Plain text needs no compiling; real templates are
    compiled once and shared (templates are immutable)."""
    if isinstance(source, str) and not any(mark in source for mark in ("{{", "{%", "{#", "\r")):
        return LiteralTemplate(source)
    return _compiled_template(source)


@contextlib.contextmanager
def fast_element_templates():
    """Lend folium the template factory above while our maps are built, and give branca its own back after:
    nothing else in the process (a notebook, another library's maps) is changed. branca creates an element's
    template through the module's `Template` name, and folium offers no other hook for it."""
    original = branca.element.Template
    branca.element.Template = element_template
    try:
        yield
    finally:
        branca.element.Template = original


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


class SharedGeoJson(Layer):
    """A GeoJSON layer fetched from the site (one file shared by every map), styled per feature key."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        window.chiikiLayersPending = (window.chiikiLayersPending || 0) + 1;
        fetch({{ this.url|tojson }}).then(function (response) { return response.json(); }).then(function (data) {
            var styles = {{ this.styles|tojson }};
            var labels = {{ this.labels|tojson }};
            var links = {{ this.links|tojson }};
            L.geoJson(data, {
                interactive: {{ this.interactive|tojson }},
                filter: function (feature) {
                    return {{ this.all_features|tojson }} || feature.properties[{{ this.key|tojson }}] in styles;
                },
                style: function (feature) {
                    return styles[feature.properties[{{ this.key|tojson }}]] || {{ this.default_style|tojson }};
                },
                onEachFeature: function (feature, layer) {
                    var key = feature.properties[{{ this.key|tojson }}];
                    if (labels[key]) { layer.bindTooltip(labels[key], {sticky: true}); }
                    if (links[key]) { chiikiPopup(layer, labels[key], links[key]); }
                }
            }).addTo({{ this.get_name() }});
            document.body.setAttribute("data-loaded-" + {{ this.layer_id|tojson }}, "true");
            if (--window.chiikiLayersPending === 0) { document.body.setAttribute("data-chiiki-ready", "true"); }
        });
        {% endmacro %}
    """)

    def __init__(
        self,
        url,
        key,
        styles,
        labels,
        *,
        layer_id,
        name,
        links=None,
        default_style=None,
        all_features=True,
        show=True,
        interactive=True,
    ):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "SharedGeoJson"
        self.url, self.key, self.styles, self.labels, self.links = url, key, styles, labels, links or {}
        self.layer_id, self.all_features, self.interactive = layer_id, all_features, interactive
        self.default_style = default_style or {
            "color": "#999999",
            "weight": 0.5,
            "fillColor": SCALE[0],
            "fillOpacity": 0.4,
        }


class PointLayer(MacroElement):
    """Circle markers, as one array of [latitude, longitude, text, link] and one loop: folium's CircleMarker
    writes ~700 bytes of script per point (the national map had 2,230 of them). The points sit in their own
    pane above every shape (shapes fetched later would otherwise cover them); hover shows the text, a click
    or a tap opens it with a link to the plan. Texts are safe_text (escaped for HTML; Leaflet shows them as
    HTML), and no '<' can reach the script block."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.points_json }}.forEach(function (p) {
            var marker = L.circleMarker([p[0], p[1]], {{ this.style|tojson }}).bindTooltip(p[2], {sticky: true});
            chiikiPopup(marker, p[2], p[3]);
            marker.addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, points: list[tuple[float, float, str, str]], fill_colour: str):
        super().__init__()
        self._name = "PointLayer"
        self.points_json = json.dumps(
            [[lat, lng, safe_text(text), link] for lat, lng, text, link in points],
            ensure_ascii=False,
            separators=(",", ":"),
        ).replace("<", "\\u003c")
        self.style = {
            "radius": 7,
            "color": "#222222",
            "weight": 1.5,
            "fill": True,
            "fillColor": fill_colour,
            "fillOpacity": 0.95,
            "pane": POINTS_PANE,
        }


class MapSetup(MacroElement):
    """What every map needs before its layers: the points' pane above the shapes, a metric scale, the view
    fitted to the area's bounds (the iframe's size is known when its script runs), and the popup helper."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex = 625;
        L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [6, 6]});
        function chiikiPopup(layer, text, link) {
            if (!link) { return; }
            layer.bindPopup('<p class="chiiki-popup">' + text + '</p><a href="' + link + '" target="_top">' +
                            {{ this.link_text|tojson }} + '</a>');
            layer.on("popupopen", function () { layer.closeTooltip(); });
        }
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]], link_text: str = "詳しく見る"):
        super().__init__()
        self._name = "MapSetup"
        self.pane, self.bounds, self.link_text = POINTS_PANE, bounds, link_text


class NarrowLayerControl(LayerControl):
    """folium's layer control, collapsed to its button on a narrow screen (a phone), open on a wide one."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_options = {{ this.options|tojson }};
        {{ this.get_name() }}_options.collapsed = window.innerWidth < {{ this.narrow }};
        var {{ this.get_name() }} = L.control.layers(
            { {%- for key, val in this.base_layers.items() %}{{ key|tojson }}: {{ val }},{% endfor %} },
            { {%- for key, val in this.overlays.items() %}{{ key|tojson }}: {{ val }},{% endfor %} },
            {{ this.get_name() }}_options
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    narrow = NARROW


class Legend(MacroElement):
    """The legend, a <details> that a narrow screen shows closed (its summary stays as a button)."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <details class="chiiki-legend" open>
        <summary>凡例</summary>
        <ul>
        {%- if this.title %}<li><strong>{{ this.title }}</strong></li>{% endif %}
        {%- for colour, label in this.items %}<li>
          {%- if colour %}<span class="swatch" style="background:{{ colour }}"></span>{{ label }}
          {%- else %}<strong>{{ label }}</strong>
          {%- endif %}</li>
        {%- endfor %}</ul>
        </details>
        <style>
        .chiiki-legend { position: absolute; bottom: 36px; left: 8px; z-index: 1000; background: #fff; padding: 4px 8px;
                         font: 13px/1.5 sans-serif; border: 1px solid #777; border-radius: 4px; max-width: 45%; }
        .chiiki-legend summary { cursor: pointer; font-weight: bold; min-height: 32px; line-height: 32px; }
        .chiiki-legend ul { list-style: none; margin: 0 0 4px; padding: 0; }
        .chiiki-legend .swatch { display: inline-block; width: 11px; height: 11px; border: 1px solid #555; margin-right: 4px; }
        .chiiki-popup { margin: 0 0 4px; }
        .leaflet-popup-content a { display: inline-block; min-height: 24px; }
        </style>
        <script>if (window.innerWidth < {{ this.narrow }}) { document.querySelector(".chiiki-legend").open = false; }</script>
        {% endmacro %}
    """)

    def __init__(self, title: str, items: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        self.title = safe_text(title)
        self.items = [(colour, safe_text(label)) for colour, label in items]
        self.narrow = NARROW


def number_ids(root) -> None:
    """Replace folium's random element ids with a counter, so two builds give the same bytes."""
    counter = 0

    def walk(element):
        nonlocal counter
        counter += 1
        element._id = f"{counter:04d}"
        for child in list(element._children.values()):
            walk(child)

    walk(root)


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


def base_map(bounds: list[list[float]], to_root: str) -> folium.Map:
    """A map that opens on its area: centred on the bounds here, fitted to them by MapSetup in the browser."""
    (south, west), (north, east) = bounds
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
        zoomSnap=0.25,
    )
    m.default_js = [("leaflet", to_root + LEAFLET + "leaflet.js")]
    m.default_css = [("leaflet_css", to_root + LEAFLET + "leaflet.css")]
    folium.TileLayer(tiles=TILE_PROVIDER, name=TILE_PROVIDER.name, max_zoom=18).add_to(m)
    MapSetup(bounds).add_to(m)
    return m


def finish(m: folium.Map, title: str) -> str:
    NarrowLayerControl(collapsed=False).add_to(m)
    number_ids(m.get_root())
    page = m.get_root().render()
    # A map file is also a page of its own (opened from the iframe): give it a language and a title.
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


def add_points(m, groups, reference, to_root: str) -> None:
    for name, colour, members in groups:
        group = folium.FeatureGroup(name=f"● {name}（{len(members)}）", overlay=True)
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
        PointLayer(located, colour).add_to(group)
        group.add_to(m)


def stated(value: float | None, unit: str) -> str:
    return "記載なし" if value is None else f"{value:g}{unit}"


def prefecture_links(reference, to_root: str) -> dict[str, str]:
    return {code: to_root + urls.prefecture(code) for code in reference.prefectures}


def national_map(site: Site, prefecture_rows: list[dict]) -> str:
    return investment_map(
        site.reference,
        prefecture_rows,
        located_points(site.real_plans, site.reference),
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
        SharedGeoJson(
            to_root + urls.GEO_PREFECTURES,
            "code",
            styles,
            labels,
            layer_id=layer_id,
            name=f"■ {title}",
            links=prefecture_links(reference, to_root),
            show=show,
        ).add_to(m)


def national_legend(plans: dict, groups: list) -> "Legend":
    """The prefectures' colours by their number of plans, then the points' colours by group of fields."""
    top = max(plans.values(), default=0)
    return Legend(
        "都道府県の計画数（記載例を除く）",
        [(scale_colour(v, top), f"{v:g} 件") for v in sorted(set(plans.values()) | {0})]
        + (
            [("", "点の色（分野のまとまり）")] + [(colour, name) for name, colour, _ in groups]
            if groups
            else []
        ),
    )


def investment_map(
    reference, prefecture_rows: list[dict], points: list[dict], to_root: str, title: str
) -> str:
    """The national investment map: prefectures by plans and by stated investment, blocks, and the points (today's,
    or an edition's)."""
    m = base_map(bounds_of(list(reference.prefectures)), to_root)
    plans, scale = prefecture_metrics(prefecture_rows)
    add_prefecture_layers(m, reference, plans, scale, to_root)
    block_styles = {b: {"color": "#000000", "weight": 2.2, "opacity": 0.8} for b in reference.blocks}
    block_labels = {b: safe_text(f"{row['name']}ブロック") for b, row in reference.blocks.items()}
    SharedGeoJson(
        to_root + urls.GEO_BLOCKS,
        "block_id",
        block_styles,
        block_labels,
        layer_id="blocks",
        name="― 地域ブロック",
        interactive=False,
    ).add_to(m)
    groups = point_groups(points)
    add_points(m, groups, reference, to_root)
    national_legend(plans, groups).add_to(m)
    return finish(m, title)


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
    m = base_map(bounds_of(prefectures, located, reference), to_root)
    styles = {
        code: {"color": "#045a8d", "weight": 1.5, "fillColor": "#74a9cf", "fillOpacity": 0.5}
        for code in prefectures
    }
    labels = {code: safe_text(reference.prefectures[code]["name"]) for code in prefectures}
    SharedGeoJson(
        to_root + urls.GEO_PREFECTURES,
        "code",
        styles,
        labels,
        layer_id="area",
        name="■ 対象地域",
        links=prefecture_links(reference, to_root),
        all_features=False,
    ).add_to(m)
    if block:
        SharedGeoJson(
            to_root + urls.GEO_BLOCKS,
            "block_id",
            {block: {"color": "#000000", "weight": 2.5}},
            {block: safe_text(reference.blocks[block]["name"] + "ブロック")},
            layer_id="blocks",
            name="― 地域ブロック",
            all_features=False,
            interactive=False,
        ).add_to(m)
    groups = point_groups(located)
    add_points(m, groups, reference, to_root)
    Legend("", [("#74a9cf", "対象の都道府県")] + [(colour, name) for name, colour, _ in groups]).add_to(m)
    return finish(m, f"地図：{title}")


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


def write_maps(site: Site, docs: Path, plan_ids: set[str] | None, prefecture_rows: list[dict]) -> list[str]:
    """Write every map file (a plan's own map only for `plan_ids` when given); returns their URLs."""
    with fast_element_templates():
        return _write_maps(site, docs, plan_ids, prefecture_rows)


def _write_maps(site: Site, docs: Path, plan_ids: set[str] | None, prefecture_rows: list[dict]) -> list[str]:
    written = []

    def save(url: str, content: str):
        path = docs / url
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
            area_map(
                site, plan_prefectures(plan), plan.meta["area"].get("block"), [plan], 2, plan.meta["title"]
            ),
        )
    for group in site.groups["prefectures"] + site.groups["blocks"]:
        block = group.key if group.grouping == "blocks" else None
        save(
            group.map, area_map(site, list(group.prefectures), block, list(group.real_plans), 2, group.title)
        )
    return written
