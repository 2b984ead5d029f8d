"""The search index (the last stage of a build): Pagefind over the built pages, and beside its files the two
kinds of small file that search.js reads.

- Pagefind 1.6, the extended build from npm (package-lock.json), indexes Japanese by character bigrams itself,
  so every 2–4 character substring of a page's text finds the page (tests/test_search.py measures it). Until
  1.5 the pages carried their own bigrams (search_terms.py, removed): the same recall, a heavier page.
- pagefind/chiiki-search.json: the order of each filter's values (as every list of the site orders them: kinds
  A–C, prefectures by code from north to south, fields by number) and the variant characters search folds
  alike (VARIANTS: 靭 and 靱 are one character to a reader).
- pagefind/chiiki-readings/<first character>.json: kana readings → the words of the pages written so, so that
  はんどうたい or ハンドウタイ finds 半導体. Readings come from the reference data's own kana (prefectures,
  municipalities) and, for the words of the pages, from pykakasi's dictionary (a suggestion: search only
  widens to the words the pages contain, and a reader still sees the page's own text).
"""

import html
import json
import re
import subprocess
import unicodedata
from pathlib import Path

from build_scripts import labels, paths
from build_scripts.model import Reference

SETTINGS = "chiiki-search.json"
READINGS = "chiiki-readings"
# Variant forms of one character, folded to the form the site's sources use (search.js folds a query and a
# page's text alike, and asks Pagefind for each form). NFKC already folds the compatibility ideographs (塚).
VARIANTS = {
    "靭": "靱",
    "﨑": "崎",
    "嵜": "崎",
    "髙": "高",
    "邉": "辺",
    "邊": "辺",
    "濵": "浜",
    "濱": "浜",
    "澤": "沢",
    "齋": "斎",
    "齊": "斉",
    "國": "国",
    "嶋": "島",
    "嶌": "島",
    "冨": "富",
    "德": "徳",
    "舘": "館",
    "條": "条",
    "廣": "広",
    "櫻": "桜",
    "龍": "竜",
    "鷗": "鴎",
    "ヶ": "ケ",  # 龍ヶ崎 and 竜ケ崎 are one place
    "ヵ": "カ",
}
WINDOW = 4  # a reading is kept for up to four consecutive words (国土・強靱・化 → こくどきょうじんか)
SURFACES = 5  # words kept for one reading
_KANJI = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HIRAGANA_ONLY = re.compile(r"^[\u3041-\u309f]+$")
_JAPANESE = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def normalise(text: str) -> str:
    """As search.js compares: NFKC (width), variants folded, lower case, katakana as hiragana."""
    text = "".join(VARIANTS.get(c, c) for c in unicodedata.normalize("NFKC", text)).lower()
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def index_search(site_dir: Path, reference: Reference, output: Path | None = None) -> None:
    """Pagefind indexes the built pages (…/index.html only: maps and other HTML files are not pages) into
    site/pagefind/ (or output), then the filters' order and the readings are written beside its files."""
    if not paths.PAGEFIND.exists():
        raise FileNotFoundError(
            f"{paths.PAGEFIND} がありません。npm ci を実行してください（make が行います）。"
            " Pagefind is installed by npm ci (make does it)."
        )
    output = output or site_dir / "pagefind"
    command = [
        str(paths.PAGEFIND),
        "--site",
        str(site_dir),
        "--glob",
        "**/index.html",
        "--output-path",
        str(output),
    ]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL) as pagefind:
        found = readings(
            searchable_texts(site_dir), reference
        )  # while Pagefind runs (pykakasi loads for 0.7 s)
    if pagefind.returncode:
        raise subprocess.CalledProcessError(pagefind.returncode, command)
    settings = {"order": filter_order(reference), "variants": VARIANTS}
    (output / SETTINGS).write_text(json.dumps(settings, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    write_readings(output / READINGS, found)


def filter_order(reference: Reference) -> dict[str, list[str]]:
    """Each filter's values in the site's order, written as the plan pages write them (plan.md.j2)."""
    return {
        "種類": [f"{kind}. {name}" for kind, name in labels.KINDS.items()],
        "状態": [name for status, name in labels.STATUSES.items() if status != "draft"],
        "ブロック": [row["name"] for row in reference.blocks.values()],
        "都道府県": [reference.prefectures[code]["name"] for code in sorted(reference.prefectures)],
        "戦略分野": [f"{number}. {row['name']}" for number, row in sorted(reference.fields.items())],
    }


_TAG = re.compile(r"<[^>]+>")


def searchable_texts(site_dir: Path):
    """The text of each page Pagefind indexes, from its body on (tags dropped: the words are what matters,
    and a word of an ignored part only widens a query that search.js then checks against the page)."""
    for path in sorted(site_dir.rglob("index.html")):
        page = path.read_text(encoding="utf-8")
        at = page.find("data-pagefind-body")
        if at >= 0:
            yield html.unescape(_TAG.sub(" ", page[at:]))


def readings(texts, reference: Reference) -> dict[str, list[str]]:
    """Reading (hiragana) → the words written so (up to SURFACES), from the pages' Japanese and the reference."""
    import pykakasi  # only the search stage pays for its dictionary

    converter = pykakasi.kakasi()
    found: dict[str, set[str]] = {}
    for row in (*reference.prefectures.values(), *reference.municipalities.values()):
        found.setdefault(normalise(row["kana"]), set()).add(row["name"])
    runs = {
        run for text in texts for run in _JAPANESE.findall(text)
    }  # each run read once, on every page alike
    for run in runs:
        for reading, surface in word_readings(converter.convert(run)):
            found.setdefault(reading, set()).add(surface)
    return {reading: sorted(words)[:SURFACES] for reading, words in sorted(found.items()) if reading}


def word_readings(tokens: list[dict]):
    """(reading, words) for every window of up to WINDOW consecutive words with kanji in them; hiragana words
    (particles, okurigana) end a window."""
    words = [(token["orig"], token["hira"]) for token in tokens]
    for start in range(len(words)):
        for end in range(start + 1, min(start + WINDOW, len(words)) + 1):
            window = words[start:end]
            if _HIRAGANA_ONLY.match(window[-1][0]):
                break
            surface = "".join(word for word, _ in window)
            if _KANJI.search(surface):
                yield normalise("".join(reading for _, reading in window)), surface


def write_readings(folder: Path, found: dict[str, list[str]]) -> None:
    """One file per first character of the reading: a query fetches the one its own first character names."""
    shards: dict[str, dict[str, list[str]]] = {}
    for reading, words in found.items():
        shards.setdefault(f"{ord(reading[0]):x}", {})[reading] = words
    folder.mkdir(parents=True, exist_ok=True)
    for name, entries in shards.items():
        (folder / f"{name}.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
