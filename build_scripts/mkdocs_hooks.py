"""MkDocs hook: sanitise every page body after Markdown (defence in depth; PITFALLS.md).

The templates already escape every data value; this removes anything executable that would
still reach the HTML (script, event handlers, javascript:/data: URLs) whatever its origin.
"""
import nh3

# No images: page bodies carry none, and a remote <img> would be a tracking request.
# Form controls appear only in the hand-written search and lookup pages; data can never add a tag.
ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) | {"details", "summary", "small", "span", "div", "code", "dl", "dt", "dd",
                                         "form", "input", "select", "option", "label", "button", "iframe"}) - {"img"}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "role", "aria-label", "aria-live", "hidden"}
# Attributes our own scripts read (facets, search, lookup) and Pagefind's indexing hints.
DATA_PREFIXES = {"data-facet-", "data-chiiki-", "data-pagefind-"}
ATTRIBUTES = {"*": GLOBAL_ATTRIBUTES, "a": GLOBAL_ATTRIBUTES | {"href", "download"},
              "input": GLOBAL_ATTRIBUTES | {"type", "name", "placeholder", "autocomplete", "value"},
              "label": GLOBAL_ATTRIBUTES | {"for"}, "option": GLOBAL_ATTRIBUTES | {"value", "selected"},
              "select": GLOBAL_ATTRIBUTES | {"name"}, "button": GLOBAL_ATTRIBUTES | {"type"},
              "iframe": GLOBAL_ATTRIBUTES | {"src", "loading", "width", "height"},
              "th": GLOBAL_ATTRIBUTES | {"scope", "colspan", "rowspan"}, "td": GLOBAL_ATTRIBUTES | {"colspan", "rowspan"}}


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener", strip_comments=True, generic_attribute_prefixes=DATA_PREFIXES)


def on_page_content(html, page, config, files):
    return sanitise(html)
