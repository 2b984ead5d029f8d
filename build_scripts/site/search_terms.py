"""Every two-character sequence of a page's Japanese text, added to the page for the search index.

Pagefind segments Japanese into words, and a query into words again in its own context, so a word that the
page's segmentation split differently (東京 inside 東京都, 新幹線 against 新, 幹, 線) is not found
(Pagefind/pagefind#1237). Each page therefore also carries the set of its character bigrams, and search.js
asks for the query's bigrams: every page that contains the query
contains all of them, and search.js keeps only the pages whose text contains the query itself. The bigrams
are separated by 「。」: Pagefind's segmenter joins Japanese across spaces, but not across sentences. Text is
normalised as search.js normalises a query: NFKC (full/half width), lower case, katakana as hiragana.
"""

import html
import re
import unicodedata

SENTINEL = "chiikisearchterms"  # search.js cuts a page's text here: what follows is not the page's text
_IGNORED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_JAPANESE = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def page_text(body_html: str) -> str:
    """What the search index reads of a page body: its text, less what is marked data-pagefind-ignore."""
    return html.unescape(_TAG.sub(" ", _IGNORED.sub(" ", body_html)))


def bigrams(text: str) -> list[str]:
    runs = _JAPANESE.findall(normalise(text))
    return sorted({run[i : i + 2] for run in runs for i in range(len(run) - 1)})


def terms_block(body_html: str) -> str:
    """The hidden element appended to a searchable page's body."""
    grams = bigrams(page_text(body_html))
    return (
        f'\n<div class="chiiki-search-terms" hidden>{SENTINEL}。{html.escape("。".join(grams))}。</div>\n'
        if grams
        else ""
    )
