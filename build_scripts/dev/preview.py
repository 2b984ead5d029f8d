"""Which pages a change adds, alters or removes: compare the page content of two built sites."""

import re
from pathlib import Path

_ARTICLE = re.compile(r"<article.*?</article>", re.S)


def page_contents(site: Path) -> dict[str, str]:
    pages = {}
    for path in site.rglob("index.html"):
        match = _ARTICLE.search(path.read_text(encoding="utf-8"))
        if match:
            url = path.parent.relative_to(site).as_posix()
            pages["" if url == "." else url + "/"] = match.group(0)
    return pages


def changed_pages(base: Path, head: Path) -> dict[str, list[str]]:
    before, after = page_contents(base), page_contents(head)
    return {
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "changed": sorted(url for url in set(before) & set(after) if before[url] != after[url]),
    }


def as_markdown(changes: dict[str, list[str]], limit: int = 50) -> str:
    labels = {"added": "追加されるページ", "changed": "変更されるページ", "removed": "削除されるページ"}
    lines = ["## プレビュー：このプルリクエストで変わるページ", ""]
    if not any(changes.values()):
        return "\n".join(lines + ["公開されるページに変更はありません。", ""])
    for key, label in labels.items():
        if changes[key]:
            lines += [f"### {label}（{len(changes[key])}）", ""]
            lines += [f"- `/{url}`" for url in changes[key][:limit]]
            if len(changes[key]) > limit:
                lines.append(f"- ほか {len(changes[key]) - limit} ページ")
            lines.append("")
    lines.append(
        "ビルドしたサイトは、このワークフロー実行の成果物（artifact）「site-preview」からダウンロードできます。"
    )
    return "\n".join(lines) + "\n"
