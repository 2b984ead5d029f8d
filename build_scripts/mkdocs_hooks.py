"""MkDocs hook: put back the HTML blocks set aside from Markdown (fragments.py), then sanitise every
page body (defence in depth; PITFALLS.md).

The templates already escape every data value; this removes anything executable that would
still reach the HTML (script, event handlers, javascript:/data: URLs) whatever its origin.
"""
import re
from pathlib import Path

import nh3

from build_scripts import fragments, search_terms

# Images: only our own KPI charts (relative SVG files, which an <img> never lets run script).
# Form controls appear only in the hand-written search and lookup pages; data can never add a tag.
ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) | {"details", "summary", "small", "span", "div", "code", "dl", "dt", "dd",
                                         "form", "input", "select", "option", "label", "button", "iframe", "time"})
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "role", "aria-label", "aria-live", "hidden"}
# Attributes our own scripts read (facets, search, lookup) and Pagefind's indexing hints.
DATA_PREFIXES = {"data-facet-", "data-chiiki-", "data-pagefind-"}
ATTRIBUTES = {"*": GLOBAL_ATTRIBUTES, "a": GLOBAL_ATTRIBUTES | {"href", "download"},
              "input": GLOBAL_ATTRIBUTES | {"type", "name", "placeholder", "autocomplete", "value"},
              "label": GLOBAL_ATTRIBUTES | {"for"}, "option": GLOBAL_ATTRIBUTES | {"value", "selected"},
              "select": GLOBAL_ATTRIBUTES | {"name"}, "button": GLOBAL_ATTRIBUTES | {"type"},
              "form": GLOBAL_ATTRIBUTES | {"action", "method"}, "time": GLOBAL_ATTRIBUTES | {"datetime"},
              "iframe": GLOBAL_ATTRIBUTES | {"src", "loading", "width", "height"},
              "img": GLOBAL_ATTRIBUTES | {"src", "alt", "width", "height", "loading"},
              "th": GLOBAL_ATTRIBUTES | {"scope", "colspan", "rowspan"}, "td": GLOBAL_ATTRIBUTES | {"colspan", "rowspan"}}


_OWN_FILES = {"img": re.compile(r"^(\.\./)*charts/[a-z0-9-]+/[a-z0-9-]+\.svg$"),
              "iframe": re.compile(r"^(\.\./)*maps/[a-z0-9/-]+\.html$")}


def _only_our_files(tag: str, attribute: str, value: str) -> str | None:
    """An <img> may show only our KPI charts and an <iframe> only our maps: nothing remote, nothing else."""
    if attribute == "src" and tag in _OWN_FILES:
        return value if _OWN_FILES[tag].match(value) else None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener", strip_comments=True, generic_attribute_prefixes=DATA_PREFIXES,
                     attribute_filter=_only_our_files)


_NOT_FOR_SEARCH = [(re.compile(r"<thead>"), "<thead data-pagefind-ignore>"),
                   (re.compile(r'<a class="headerlink"'), '<a data-pagefind-ignore class="headerlink"')]


def keep_out_of_excerpts(html: str) -> str:
    """Table headers and the ¶ of heading links are not text a search result should quote."""
    for pattern, replacement in _NOT_FOR_SEARCH:
        html = pattern.sub(replacement, html)
    return html


def on_page_content(html, page, config, files):
    body = keep_out_of_excerpts(sanitise(fragments.put_back(html, Path(page.file.abs_src_path))))
    if page.meta.get("pagefind"):                # pages in the search index also carry their bigrams
        body += search_terms.terms_block(body)
    return body
