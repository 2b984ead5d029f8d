"""Payloads in every free-text field of the contract must reach the built site as text, never as code."""

import html
import json

import pytest
from bs4 import BeautifulSoup
from conftest import A_PLAN, B_PLAN, edit_plan, read_rows, write_rows

from build_scripts import load
from build_scripts.build import build
from build_scripts.validate import validate

PAYLOADS = [
    '<script>alert("p1")</script>',
    '"><img src=x onerror=alert(2)>',
    "[link](javascript:alert(3))",
    '{: onclick="alert(4)" }',
    "${alert(5)}`</script><script>alert(6)</script>",
    '--8<-- "pyproject.toml"',
    "<a href='javascript:alert(7)'>x</a>",
    "<svg/onload=alert(8)>",
    "</textarea><iframe src=data:text/html,x>",
]
TEXT = " ".join(PAYLOADS)
TITLE = " ".join(PAYLOADS[:5])  # titles are single-line, at most 200 characters
METADATA_TEXT = [
    "author",
    "summary",
    "goal",
    "pathway",
    "policy_means",
    "targets",
    "support_system",
    "contact",
]


def free_text_columns(schema: dict) -> list[str]:
    return [
        f["name"]
        for f in schema["fields"]
        if f.get("type", "string") == "string"
        and not f.get("constraints", {}).get("pattern")
        and not f.get("constraints", {}).get("enum")
        and f["name"] not in ("kpi_id",)
    ]


def inject_rows(path, columns):
    rows = read_rows(path)
    for row in rows[1:]:
        for column in columns:
            row[rows[0].index(column)] = f"{column}:{TEXT}"
    write_rows(path, rows)


def inject_metadata(plan: dict):
    for key in METADATA_TEXT:
        plan[key] = f"{key}:{TEXT}\n2行目 {TEXT}"
    plan["title"] = TITLE
    plan["requirements"] = {"feasibility": TEXT}
    plan["fields"][0]["label"] = TEXT
    plan["sources"] = [
        {
            "title": TEXT,
            "publisher": TEXT,
            "note": TEXT,
            "url": "https://example.org/?q='onmouseover=alert(9)",
        }
    ]


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory):
    import shutil

    from conftest import FIXTURES

    root = tmp_path_factory.mktemp("injection") / "datapackages"
    shutil.copytree(FIXTURES / "repo" / "datapackages", root)
    schemas = load.load_shared_schemas()
    for plan in (B_PLAN, A_PLAN):
        edit_plan(root / plan, lambda d: inject_metadata(d["plan"]))
        for csv_path in (root / plan).glob("*.csv"):
            inject_rows(csv_path, free_text_columns(schemas[csv_path.stem]))
    report = validate(root=root)
    assert report.valid, [p.as_dict() for p in report.errors]
    out = root.parent / "site"
    assert build(out, root=root, quiet=True, search=False) == 0
    return out


def html_files(site):
    return [p for p in site.rglob("*.html")]


def test_payloads_reached_the_pages_as_visible_text(injected_site):
    soup = BeautifulSoup(
        (injected_site / "plans/b-fixture-tokyo/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = soup.select_one("article").get_text()
    for payload in PAYLOADS:
        assert payload in text
    assert soup.select_one("article h1").get_text() == TITLE
    assert soup.title.get_text().startswith(TITLE)
    assert "[tool.setuptools]" not in soup.get_text()  # no snippet inclusion


def test_no_executable_form_in_any_page(injected_site):
    pages = html_files(injected_site)
    assert len(pages) > 100  # the checks below run on the whole site, not on an empty list
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), (path, element)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    assert not str(v).strip().lower().startswith(("javascript:", "data:")), (path, element)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # data, not code: it must parse, and nothing can end it early
            else:
                # Map scripts carry data as escaped tooltip text: never a payload as written, never a ${…}.
                text = script.get_text()
                raw = [p for p in PAYLOADS if html.escape(p) != p and p in text]
                assert not raw and "${alert" not in text, path
        assert not [e for e in soup.find_all(["svg", "textarea"]) if "alert" in str(e)], (
            path
        )  # theme icons only
        for frame in soup.find_all("iframe"):  # only our own maps, by a relative URL
            assert frame.get("src", "").startswith(("../", "maps/")) and frame["src"].endswith(".html"), path
        assert not [img for img in soup.find_all("img") if img.get("src") == "x"], path


def test_title_and_meta_carry_escaped_text(injected_site):
    raw = (injected_site / "plans/b-fixture-tokyo/index.html").read_text(encoding="utf-8")
    head = raw.split("</head>")[0]
    assert "<script>alert" not in head and "<img src=x" not in head
    assert "&lt;script&gt;alert" in head


def test_javascript_url_in_a_source_is_rejected_at_validation(tmp_path):
    import shutil

    from conftest import FIXTURES

    root = tmp_path / "datapackages"
    shutil.copytree(FIXTURES / "repo" / "datapackages", root)
    edit_plan(root / B_PLAN, lambda d: d["plan"]["sources"][0].update(url="JavaScript:alert(1)"))
    assert [p.rule for p in validate(root=root).errors] == ["url-scheme"]


@pytest.mark.parametrize(
    "payload",
    PAYLOADS
    + [
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<a href="data:text/html,x">x</a>',
    ],
)
def test_the_sanitiser_alone_removes_every_executable_form(payload):
    """Second layer: whatever raw HTML would reach a page body, the MkDocs hook makes it inert."""
    from build_scripts.site.finish import sanitise

    soup = BeautifulSoup(sanitise(f"<div>{payload}</div>"), "html.parser")
    assert not soup.find_all(["script", "svg", "textarea"])
    assert not [i for i in soup.find_all("img") if i.get("src")]  # no image but our own charts
    assert not [
        f for f in soup.find_all("iframe") if f.get("src")
    ]  # a data: or javascript: frame loses its src
    for element in soup.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs)
        assert not str(element.get("href", "")).lower().startswith(("javascript:", "data:"))


def test_the_sanitiser_keeps_our_charts_and_maps_only():
    from build_scripts.site.finish import sanitise

    kept = BeautifulSoup(
        sanitise(
            '<img src="../../charts/b-x/sales.svg" alt="a"><iframe src="../maps/national.html"></iframe>'
        ),
        "html.parser",
    )
    assert kept.img["src"] == "../../charts/b-x/sales.svg" and kept.iframe["src"] == "../maps/national.html"
    dropped = BeautifulSoup(
        sanitise('<img src="https://tracker.example/p.gif"><iframe src="https://evil.example/"></iframe>'),
        "html.parser",
    )
    assert not dropped.img.get("src") and not dropped.iframe.get("src")


def test_json_ld_keeps_payloads_inside_its_script(injected_site):
    import json

    soup = BeautifulSoup(
        (injected_site / "plans/b-fixture-tokyo/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    [script] = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["name"] == TITLE


def test_feed_and_catalogue_carry_payloads_as_text(injected_site):
    import json
    import xml.etree.ElementTree as ET

    titles = [
        e.text
        for e in ET.parse(injected_site / "feed.xml").getroot().iter("{http://www.w3.org/2005/Atom}title")
    ]
    assert any(TITLE in t for t in titles)
    catalog = json.loads((injected_site / "data.json").read_text(encoding="utf-8"))
    assert TITLE in [d["title"] for d in catalog["dataset"]]


def test_payloads_reach_the_maps_only_as_escaped_text(injected_site):
    html_text = (injected_site / "maps/plans/a-fixture-kyushu.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;p1&quot;)&lt;/script&gt;" in html_text  # the data is there, escaped
    assert (
        '<script>alert("p1")' not in html_text
        and "${alert" not in html_text
        and "&#36;{alert(5)}" in html_text
    )


def test_kpi_charts_stay_inert_xml(injected_site):
    import xml.etree.ElementTree as ET

    charts = list((injected_site / "charts").rglob("*.svg"))
    assert charts
    for chart in charts:
        root = ET.parse(chart).getroot()
        assert not [
            e for e in root.iter() if e.tag.endswith("script") or any(a.startswith("on") for a in e.attrib)
        ]
