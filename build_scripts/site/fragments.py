"""Raw HTML blocks set aside from the generated Markdown, and put back after Markdown has run.

The generated pages are mostly HTML (tables of companies, KPIs, plans) with a few Markdown
headings for the table of contents. Python-Markdown, and MkDocs' own anchor scan, parse every raw
HTML block with html.parser: two thirds of a national build's MkDocs time went there, to pass the
blocks through unchanged. So `set_aside` moves each complete top-level HTML block into a sidecar
file (`<page>.fragments.json`, excluded from the site by mkdocs.yml) and leaves a one-line
placeholder paragraph; the finishing step (finish.py) calls `put_back` on the built page before it sanitises it.
Markdown would not have changed these blocks (it never looks inside raw HTML), so the output is
the same; a block that is not a complete element stays in the Markdown.
"""

import functools
import json
import re
from pathlib import Path

SUFFIX = ".fragments.json"
# The block-level tags Python-Markdown passes through raw (a line starting with an inline tag is a paragraph).
BLOCK_TAGS = (
    "div",
    "table",
    "dl",
    "p",
    "details",
    "ul",
    "ol",
    "section",
    "nav",
    "form",
    "figure",
    "iframe",
    "aside",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
)
OPENING = re.compile(r"<(" + "|".join(BLOCK_TAGS) + r")[\s>/]")
BLANK_LINES = re.compile(r"\n[ \t]*\n")


def token(number: int) -> str:
    return f"chiiki-html-fragment-{number}"


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each complete raw HTML block replaced by a placeholder paragraph, and the blocks."""
    blocks, fragments = BLANK_LINES.split(markdown), []
    for index, block in enumerate(blocks):
        if is_complete_html_block(block):
            blocks[index] = token(len(fragments))
            fragments.append(block)
    return "\n\n".join(blocks), fragments


def is_complete_html_block(block: str) -> bool:
    """One or more whole block-level elements, one after the other (whitespace between them and
    nothing else), so Markdown's raw-HTML blocks would be exactly these lines."""
    position = 0
    while True:
        start = len(block) - len(block[position:].lstrip())
        if start == len(block):
            return position > 0
        opening = OPENING.match(block, start)
        if not opening:
            return False
        position = element_end(block, start, opening.group(1))
        if position is None:
            return False


def element_end(block: str, start: int, tag: str) -> int | None:
    """Where the element opened at `start` closes (its own nested elements counted), or None."""
    if tag == "hr":
        return block.index(">", start) + 1
    depth = 0
    for match in _same_tag(tag).finditer(block, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


@functools.lru_cache(maxsize=None)
def _same_tag(tag: str) -> re.Pattern:
    return re.compile(rf"<(/?){tag}(?=[\s>/])[^>]*>")


def sidecar(markdown_path: Path) -> Path:
    return markdown_path.with_suffix(SUFFIX)


def sidecar_bytes(fragments: list[str]) -> bytes | None:
    """The sidecar's contents; None when nothing was set aside (no file)."""
    return json.dumps(fragments, ensure_ascii=False).encode() if fragments else None


def put_back(html: str, markdown_path: Path) -> str:
    """Replace each placeholder paragraph by its block. A missing placeholder is a bug: fail the build."""
    path = sidecar(markdown_path)
    if not path.exists():
        return html
    fragments = json.loads(path.read_text(encoding="utf-8"))
    pieces = re.split(r"<p>(chiiki-html-fragment-[0-9]+)</p>", html)
    found = pieces[1::2]
    if found != [token(n) for n in range(len(fragments))]:
        raise ValueError(
            f"{markdown_path}: placeholders {found} do not match {len(fragments)} set-aside HTML blocks"
        )
    pieces[1::2] = fragments
    return "".join(pieces)
