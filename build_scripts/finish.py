"""Finishing steps on the built HTML, after the site engine and once the files exist: each download link's
file size (the downloads are written alongside the pages, so their sizes are known only at the end)."""
import html
import os
import re
from pathlib import Path

from build_scripts import urls

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
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(finished, encoding="utf-8")
            os.replace(temporary, path)         # a page being served is never half-written
    return filled


def pages_with_downloads(site) -> list[str]:
    """The pages that show their files' sizes: the downloads page and each edition's page."""
    return [urls.DOWNLOADS] + [urls.edition(edition.id) for edition in site.editions]
