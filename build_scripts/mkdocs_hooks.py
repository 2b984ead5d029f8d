"""MkDocs hook: sanitise every page body after Markdown (defence in depth; PITFALLS.md).

The templates already escape every data value; this removes anything executable that would
still reach the HTML (script, event handlers, javascript:/data: URLs) whatever its origin.
"""
import nh3

# No images: page bodies carry none, and a remote <img> would be a tracking request.
ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) | {"details", "summary", "small", "span", "div", "code", "dl", "dt", "dd"}) - {"img"}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "role", "aria-label"}
ATTRIBUTES = {"*": GLOBAL_ATTRIBUTES, "a": GLOBAL_ATTRIBUTES | {"href", "download"},
              "th": GLOBAL_ATTRIBUTES | {"scope", "colspan", "rowspan"}, "td": GLOBAL_ATTRIBUTES | {"colspan", "rowspan"}}


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener", strip_comments=True)


def on_page_content(html, page, config, files):
    return sanitise(html)
