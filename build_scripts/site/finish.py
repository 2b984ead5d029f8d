"""Finishing the built pages, after the site engine and before the search index, the same for any engine
(MkDocs Material today; Zensical, its successor, ignores MkDocs hooks): put back the HTML blocks set aside
from the Markdown (fragments.py), sanitise every page body with nh3 (defence in depth: the templates already
escape every value; tests/test_injection.py), mark what search excerpts should skip, and once the downloads
exist, each download link's file size.

A page's body is what the engine made of its Markdown: render.py (and, for the hand-written pages, build.py)
wraps every page's Markdown in two marker paragraphs, so the body is found in the built HTML without knowing
the engine's theme. Every marker and placeholder is gone afterwards (checked: a build fails otherwise).
"""

import hashlib
import html
import json
import os
import re
from pathlib import Path

import nh3

from build_scripts import settings, urls
from build_scripts.site import fragments, i18n

PAGE_START, PAGE_END = "chiiki-page-start", "chiiki-page-end"
BODY = re.compile(rf"<p>{PAGE_START}</p>\n?(.*?)\n?<p>{PAGE_END}</p>", re.S)
LEFTOVER = re.compile(rf"{PAGE_START}|{PAGE_END}|{fragments.token('')}[0-9]")


def mark(markdown: str) -> str:
    """A page's Markdown (after any front matter) between the two markers the finishing step looks for."""
    return f"{PAGE_START}\n\n{markdown.strip(chr(10))}\n\n{PAGE_END}\n"


def mark_static_pages(docs: Path) -> None:
    """The hand-written pages (docs/, copied into the build's docs folder) get the markers too, after their
    leading `# title` line: the engine takes the page's title from a heading on the first line (the nav's
    title still wins where the nav names one). That heading is ours, never data, and stays as the engine made it."""
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = ""
        if (
            text.startswith("---\n") and "\n---\n" in text[4:]
        ):  # front matter (the check page's) stays in front
            end = text.index("\n---\n", 4) + 5
            front, text = text[:end], text[end:]
        title, rest = text.split("\n", 1) if text.startswith("# ") else ("", text)
        path.write_text(front + (title + "\n\n" if title else "") + mark(rest), encoding="utf-8")


# ---- sanitising ----

# Images: only our own KPI charts (relative SVG files, which an <img> never lets run script).
# Form controls appear only in the hand-written search, lookup and check pages; data can never add a tag.
ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {
    "details",
    "summary",
    "small",
    "span",
    "div",
    "code",
    "dl",
    "dt",
    "dd",
    "form",
    "input",
    "select",
    "option",
    "label",
    "button",
    "textarea",
    "fieldset",
    "legend",
    "iframe",
    "time",
}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "role", "aria-label", "aria-live", "hidden"}
# Attributes our own scripts read (facets, search, lookup) and Pagefind's indexing hints.
DATA_PREFIXES = {"data-facet-", "data-chiiki-", "data-pagefind-"}
ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": GLOBAL_ATTRIBUTES | {"href", "download"},
    "input": GLOBAL_ATTRIBUTES
    | {"type", "name", "placeholder", "autocomplete", "value", "accept", "multiple", "checked"},
    "textarea": GLOBAL_ATTRIBUTES | {"name", "rows", "placeholder", "autocomplete", "spellcheck"},
    "label": GLOBAL_ATTRIBUTES | {"for"},
    "option": GLOBAL_ATTRIBUTES | {"value", "selected"},
    "select": GLOBAL_ATTRIBUTES | {"name"},
    "button": GLOBAL_ATTRIBUTES | {"type"},
    "form": GLOBAL_ATTRIBUTES | {"action", "method"},
    "time": GLOBAL_ATTRIBUTES | {"datetime"},
    "iframe": GLOBAL_ATTRIBUTES | {"src", "loading", "width", "height"},
    "img": GLOBAL_ATTRIBUTES | {"src", "alt", "width", "height", "loading"},
    "th": GLOBAL_ATTRIBUTES | {"scope", "colspan", "rowspan"},
    "td": GLOBAL_ATTRIBUTES | {"colspan", "rowspan"},
}


_OWN_FILES = {
    "img": re.compile(r"^(\.\./)*charts/[a-z0-9-]+/[a-z0-9-]+\.svg$"),
    "iframe": re.compile(r"^(\.\./)*maps/[a-z0-9/-]+\.html$"),
}


def _only_our_files(tag: str, attribute: str, value: str) -> str | None:
    """An <img> may show only our KPI charts and an <iframe> only our maps: nothing remote, nothing else."""
    if attribute == "src" and tag in _OWN_FILES:
        return value if _OWN_FILES[tag].match(value) else None
    return value


def sanitise(body: str) -> str:
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
        strip_comments=True,
        generic_attribute_prefixes=DATA_PREFIXES,
        attribute_filter=_only_our_files,
    )


_NOT_FOR_SEARCH = [
    (re.compile(r"<thead>"), "<thead data-pagefind-ignore>"),
    (re.compile(r'<a class="headerlink"'), '<a data-pagefind-ignore class="headerlink"'),
]


def keep_out_of_excerpts(body: str) -> str:
    """Table headers and the ¶ of heading links are not text a search result should quote."""
    for pattern, replacement in _NOT_FOR_SEARCH:
        body = pattern.sub(replacement, body)
    return body


# ---- readable on a phone ----

# A date, a 法人番号, a time span of years: one unit that a narrow column must never break (2026-/11-/22).
# In text only: the next angle bracket after the unit opens a tag (inside a tag, as in id="c-7999900000101", it
# would close one).
_UNIT = r"\b(\d{4}-\d{2}-\d{2}|\d{13}|\d{4}〜\d{4})\b"
_UNBROKEN = re.compile(_UNIT + r"(?=[^<>]*<)")
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_HEADING = re.compile(r"<h[1-4]\b[^>]*>(.*?)</h[1-4]>", re.S)


_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
LONG = 8  # characters from which a cell gets room for a line of several words (class="long")


def roomy_cells(table: str) -> str:
    """A cell of LONG or more characters is marked long: the stylesheet gives it the width of a few words, so a
    narrow screen scrolls the table instead of standing a name on end (北/海/道) one character a line."""

    def cell(match: re.Match) -> str:
        tag, attributes, content = match[1], match[2], match[3]
        text = html.unescape(re.sub(r"<[^>]+>", "", content))
        words = re.sub(_UNIT, "", text)  # a date or a 法人番号 is one unit, not words
        if len(words.strip()) < LONG:
            return match[0]
        if 'class="' in attributes:
            attributes = re.sub(r'class="([^"]*)"', r'class="\1 long"', attributes, count=1)
        else:
            attributes += ' class="long"'
        return f"<{tag}{attributes}>{content}</{tag}>"

    return _CELL.sub(cell, table)


def keep_units_whole(body: str) -> str:
    """Dates and identifiers in a table's text (never in attributes) in a no-break span with tabular figures."""

    return _UNBROKEN.sub(r'<span class="nw">\1</span>', body)


JAPANESE = i18n.Translator("ja")


def scrolling_tables(body: str, t: i18n.Translator = JAPANESE) -> str:
    """Each table inside a region of its own that scrolls sideways and takes keyboard focus, named after the
    heading above it (「表：重点支援企業（3 社）」), so a phone scrolls the table, not the page or its letters."""
    out, last, seen = [], 0, {}
    headings = [(h.start(), h[1]) for h in _HEADING.finditer(body)] if "<table" in body else []
    for match in _TABLE.finditer(body):
        above = [text for at, text in headings if at < match.start()]
        name = html.unescape(re.sub(r"<[^>]+>|¶", "", above[-1])).strip() if above else ""
        name = t("表：{name}", name=name) if name else t("表")
        seen[name] = seen.get(name, 0) + 1
        numbered = t("{name}（{count}）", name=name, count=seen[name]) if seen[name] > 1 else name
        label = html.escape(numbered, quote=True)  # each region its own name
        out += [
            body[last : match.start()],
            f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">',
        ]
        out += [roomy_cells(keep_units_whole(match[0])), "</div>"]
        last = match.end()
    return "".join(out) + body[last:]


MAP_HINT = "スマートフォンでは、1本の指でページを動かし、2本の指で地図を拡大・縮小します。"
_MAP = re.compile(r'<iframe\b[^>]*class="chiiki-map[^"]*"[^>]*>\s*</iframe>', re.S)


def skippable_maps(body: str, t: i18n.Translator = JAPANESE) -> str:
    """Before each map a link past it (a map holds dozens of keyboard stops; its table follows it), and after
    it, on a phone, how to move the page and the map."""
    out, last = [], 0
    for number, match in enumerate(_MAP.finditer(body), start=1):
        after = f"after-map-{number}"
        out += [
            body[last : match.start()],
            f'<a class="skip-map" href="#{after}" rel="noopener">{t("地図を飛ばす")}</a>',  # as the sanitiser writes
            match[0],
            f'<p class="map-hint" id="{after}">{t(MAP_HINT)}</p>',
        ]
        last = match.end()
    return "".join(out) + body[last:]


# ---- the pages ----


def finish_body(body: str, source: Path, t: i18n.Translator = JAPANESE) -> str:
    """A page's body with its fragments back, sanitised; its tables and maps made usable, in the page's words."""
    clean = keep_out_of_excerpts(sanitise(fragments.put_back(body, source)))
    return skippable_maps(scrolling_tables(clean, t), t)


_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def finish_page(page: str, source: Path, t: i18n.Translator = JAPANESE) -> str:
    """One built page with its body finished; a page without the markers is returned as it is."""
    match = BODY.search(page)
    if match is None:
        return page
    body = finish_body(match[1], source, t)
    return page[: match.start()] + body + page[match.end() :]


def finish_pages(site_dir: Path, docs: Path, *, served: bool = False, language: str = "ja") -> int:
    """Finish every page the engine built from docs (pages already finished have no markers: chiiki serve's
    dirty builds rewrite only some). Returns how many were finished. A site being `served` gets each page
    whole at once (written beside it, then renamed over it); a build's staging folder, which nobody reads yet,
    is written in place (on ext4 a rename over a file waits for its data: 2 ms a page). `language`: the tree's,
    for the words finishing adds and for its <html lang> where the engine's theme cannot say it (やさしい日本語:
    ja-Hira)."""
    finished, t, html_lang = 0, i18n.Translator(language), i18n.LANGUAGES[language].html
    for path in sorted({*site_dir.rglob("index.html"), *site_dir.glob("*.html")}):  # pages; never the maps
        page = path.read_text(encoding="utf-8")
        if PAGE_START not in page:
            continue
        url = path.relative_to(site_dir).parent.as_posix().removeprefix(".")
        done = finish_page(page, docs / urls.source_path(url + "/" if url else urls.HOME), t)
        if language != "ja":
            done = _HTML_LANG.sub(f'<html lang="{html_lang}"', done, count=1)
        if LEFTOVER.search(done):
            raise ValueError(
                f"{path}: a marker or placeholder is left after finishing (was the page built from docs?)"
            )
        if served:
            _replace(path, done)
        else:
            path.write_text(done, encoding="utf-8")
        finished += 1
    return finished


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)  # a page being served is never half-written


# ---- file sizes ----

# {{ file_size(url) }} in a template leaves this empty placeholder; filling it again replaces the old size.
SIZE_PLACEHOLDER = re.compile(r'(<span[^>]*\bdata-chiiki-size="([^"]+)"[^>]*>)[^<]*(</span>)')


def size_text(size: int) -> str:
    """512 → '512 B', 12,345 → '12.1 KB', 3,456,789 → '3.3 MB' (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}"
    raise AssertionError("unreachable")


def add_file_sizes(site_dir: Path, page_urls: list[str]) -> int:
    """Fill the size placeholders of these pages from the files in site_dir; returns how many were filled."""
    filled = 0
    for url in page_urls:
        path = site_dir / urls.built_path(url)
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")

        def size_of(match: re.Match) -> str:
            nonlocal filled
            target = site_dir / html.unescape(match[2])
            filled += 1
            return match[1] + (size_text(target.stat().st_size) if target.is_file() else "") + match[3]

        finished = SIZE_PLACEHOLDER.sub(size_of, text)
        if finished != text:
            _replace(path, finished)
    return filled


def fill_in_sizes(site_dir: Path, site) -> None:
    """After every build and update, once the files exist: the sizes on the pages that list files, and the size
    and checksum of every file the catalogue names."""
    add_file_sizes(site_dir, pages_with_downloads(site))
    add_catalogue_sizes(site_dir)


def add_catalogue_sizes(site_dir: Path) -> int:
    """data.json's distributions get DCAT's byteSize and a SHA-256 checksum, read from the built files (the
    catalogue is written with the pages, before the files are); returns how many were filled."""
    path = site_dir / urls.CATALOG
    if not path.is_file():
        return 0
    catalogue, filled = json.loads(path.read_text(encoding="utf-8")), 0
    for dataset in catalogue.get("dataset", []):
        for distribution in dataset.get("distribution", []):
            target = site_dir / urls.site_path(distribution["downloadURL"], settings.SITE_URL)
            if target.is_file():
                content = target.read_bytes()
                distribution["byteSize"] = len(content)
                distribution["checksum"] = {
                    "algorithm": "sha256",
                    "checksumValue": hashlib.sha256(content).hexdigest(),
                }
                filled += 1
    _replace(path, json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n")
    return filled


def pages_with_downloads(site) -> list[str]:
    """The pages that show their files' sizes: the downloads page, each edition's page, each prefecture's
    companies page."""
    prefectures = {code for plan in site.plans for code in plan.info.area.prefectures}
    return (
        [urls.DOWNLOADS]
        + [urls.edition(edition.id) for edition in site.editions]
        + [urls.companies_in(code) for code in sorted(prefectures)]
    )
