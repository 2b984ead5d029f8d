"""The English and やさしい日本語 trees (issue 27), each built by its own engine run into its folder of the site
(en/, easy/) after the Japanese tree: the English pages rendered from the data by the same templates, the
hand-written pages from docs/en/ (or, not yet translated, the Japanese page with a note), the easy pages from
docs/easy/ with their readings made into ruby."""

import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from build_scripts import paths, settings, urls
from build_scripts.site import finish, i18n
from build_scripts.site.engines import run_engine
from build_scripts.site.render import render_site

# The hand-written pages of the Japanese tree (docs/), which the English tree has too.
HAND_WRITTEN = (
    "about.md",
    "search.md",
    "lookup.md",
    "lookup/bulk.md",
    "contribute.md",
    "contribute/check.md",
)


class EasyPageError(ValueError):
    """A kanji without its reading on an easy page: the page is for readers who cannot read it."""


def english_docs(work: Path) -> Path:
    """The English tree's Markdown in a build's work folder (beside the Japanese tree's work/docs); chiiki serve
    keeps it between updates."""
    return work / "docs-en"


def tree_folder(site_dir: Path, language: str) -> Path:
    """Where a language's tree is in a built site (the Japanese tree is the site itself)."""
    return site_dir / urls.LANGUAGE_ROOTS[language].rstrip("/")


def render_english(derived, docs: Path, plan_ids: set[str] | None = None) -> set[Path]:
    """The English tree's generated pages (given `plan_ids`, other plans' pages are left as they are)."""
    return render_site(
        derived.site,
        docs,
        derived.schemas,
        derived.companies,
        plan_ids,
        summaries=derived.summaries,
        language="en",
    )


def build_other_trees(derived, work: Path, site_dir: Path, *, quiet: bool, engine: str) -> set[Path]:
    """Render and build the English and easy trees into site_dir/en and site_dir/easy; returns the English
    page sources rendered."""
    english = english_docs(work)
    copy_hand_written_english(english)
    finish.mark_static_pages(english)
    generated = render_english(derived, english)
    easy = work / "docs-easy"
    copy_easy_pages(easy)
    finish.mark_static_pages(easy)
    for language, docs in (("en", english), ("easy", easy)):
        target = tree_folder(site_dir, language)
        run_engine(engine, docs, target, quiet=quiet, build_date=derived.site.build_date, language=language)
        finish.finish_pages(target, docs, language=language)
    return generated


def link_sitemaps(site_dir: Path) -> None:
    """Every tree's sitemap with hreflang links, when the site's address is known (a sitemap has no relative
    address: without it MkDocs writes an empty one)."""
    if settings.SITE_URL:
        for language, root in urls.LANGUAGE_ROOTS.items():
            link_sitemap(site_dir / root / "sitemap.xml", language, settings.SITE_URL)


SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def link_sitemap(path: Path, language: str, site_url: str) -> None:
    """Each page of a tree's sitemap gets its counterparts as hreflang links (itself included, as Google asks).
    They are here and not in each page's <head>: Material's script fetches "sitemap.xml" next to every
    <link rel="alternate"> of a page, meant for the trees' home pages (a 404 for each page counterpart)."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    tree = ET.parse(path)
    root_url = f"{site_url}/{urls.LANGUAGE_ROOTS[language]}"
    for entry in tree.getroot().iter(f"{{{SITEMAP}}}url"):
        for linked in entry.findall(f"{{{XHTML}}}link"):  # linked before (chiiki serve's update): again
            entry.remove(linked)
        url = entry.findtext(f"{{{SITEMAP}}}loc", "").removeprefix(root_url)
        for lang, there in i18n.counterparts(language, url).items():
            ET.SubElement(
                entry,
                f"{{{XHTML}}}link",
                {"rel": "alternate", "hreflang": i18n.LANGUAGES[lang].html, "href": f"{site_url}/{there}"},
            )
    tree.write(path, encoding="UTF-8", xml_declaration=True)
    with gzip.GzipFile(path.with_name(path.name + ".gz"), "wb", mtime=0) as packed:
        packed.write(path.read_bytes())


def front_matter(text: str) -> tuple[str, str]:
    """(the front matter's lines without its fences, the rest) of a Markdown page."""
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        end = text.index("\n---\n", 4)
        return text[4 : end + 1], text[end + 5 :]
    return "", text


def with_front_matter(text: str, lines: str) -> str:
    existing, rest = front_matter(text)
    return f"---\n{existing}{lines}---\n{rest}"


def alternates_lines(language: str, url: str) -> str:
    notes = i18n.front_matter_notes(language, url)["alternates"]
    return "alternates:\n" + "".join(f"  {lang}: {href}\n" for lang, href in sorted(notes.items()))


def page_url(relative: str) -> str:
    """A hand-written page's URL from its path under docs/ (about.md → about/, index.md → "")."""
    return "" if relative == "index.md" else relative.removesuffix(".md") + "/"


def copy_hand_written_english(docs: Path) -> None:
    """docs/en/<page> where it is written; else the Japanese page with the note that it is not translated yet,
    its scripts' base one folder further up (the tree is a folder below the site root)."""
    for relative in HAND_WRITTEN:
        source = paths.STATIC_DOCS / "en" / relative
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_file():
            text = source.read_text(encoding="utf-8")
        else:
            text = (paths.STATIC_DOCS / relative).read_text(encoding="utf-8")
            text = files_one_folder_up(text)
            text = with_front_matter(text, f"untranslated: {json.dumps(i18n.NOT_TRANSLATED)}\n")
        target.write_text(
            with_front_matter(text, alternates_lines("en", page_url(relative))), encoding="utf-8"
        )


def files_one_folder_up(text: str) -> str:
    """A Japanese page shown in the English tree: its scripts' base and its raw links to files (data/…, which
    every tree shares at the site root) go one folder further up; its links to pages stay in the tree."""
    text = re.sub(r'data-chiiki-base="([^"]*)"', r'data-chiiki-base="\1../"', text)

    def up(match: re.Match) -> str:
        attribute, target = match.group(1), match.group(2)
        return match.group(0) if urls.is_page(target) else f'{attribute}="../{target}'

    return re.sub(r'\b(href|src)="(\.\./[^"#?]*)', up, text)


def copy_easy_pages(docs: Path) -> None:
    """docs/easy/ with each 単語（よみ） made into ruby; a kanji left without a reading stops the build."""
    source_dir = paths.STATIC_DOCS / "easy"
    for source in sorted(source_dir.rglob("*.md")):
        relative = source.relative_to(source_dir).as_posix()
        text = source.read_text(encoding="utf-8")
        check_readings(source, text)
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        searchable = "pagefind: true\n" if relative != "search.md" else ""  # the easy tree's own search index
        text = with_front_matter(text, searchable + alternates_lines("easy", page_url(relative)))
        target.write_text(i18n.ruby(text), encoding="utf-8")
    for other in source_dir.rglob("*"):
        if other.is_file() and other.suffix != ".md":
            shutil.copyfile(other, docs / other.relative_to(source_dir))


def check_readings(source: Path, text: str) -> None:
    _, body = front_matter(text)
    offset = text[: len(text) - len(body)].count("\n")
    for number, line in enumerate(body.splitlines(), start=offset + 1):
        if unread := i18n.unread_kanji(line):
            raise EasyPageError(
                f"{paths.display(source)} {number}行目：漢字「{''.join(unread)}」に読みがありません。"
                f"「漢字（よみ）」の形で書いてください。 Line {number}: kanji without a reading."
            )


def link_japanese_hand_written(docs: Path) -> None:
    """The Japanese tree's hand-written pages get their counterparts too (the generated ones get them from
    render.py)."""
    for relative in HAND_WRITTEN:
        path = docs / relative
        text = path.read_text(encoding="utf-8")
        path.write_text(with_front_matter(text, alternates_lines("ja", page_url(relative))), encoding="utf-8")
