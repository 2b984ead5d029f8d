"""The site's languages (issue 27): Japanese, English (/en/) and やさしい日本語 (/easy/), each a tree of its own pages
rendered by the same generator and built by its own engine run.

Strings live in catalogues keyed by the Japanese source text (build_scripts/site/catalogues/en.yaml). A string
missing from the catalogue is shown in Japanese and the page says its translation is in progress, so a new
Japanese string never breaks a build. The plan kinds, the 17 strategic fields and the strategy's own terms have
no official English names: the catalogue's `terms` are this site's own translation, always shown with the
Japanese beside them and marked (TERM_MARK)."""

import functools
import re
from dataclasses import dataclass

import yaml

from build_scripts import paths, urls


@dataclass(frozen=True)
class Language:
    code: str  # the tree's name: urls.LANGUAGE_ROOTS
    html: str  # <html lang>, and Pagefind's index
    name: str  # in the language switch, in its own language
    engine: str  # the theme's language (its own strings: "Skip to content" …)
    locale: str  # og:locale


LANGUAGES = {
    "ja": Language("ja", "ja", "日本語", "ja", "ja_JP"),
    "en": Language("en", "en", "English", "en", "en_US"),
    "easy": Language("easy", "ja-Hira", "やさしい にほんご", "ja", "ja_JP"),
}
# The trees whose pages are rendered from the data; the easy tree is hand-written only (docs/easy/).
TERM_MARK = "*"
TERM_NOTE = (
    "* This site's own, unofficial translation: no official English names of the plan kinds, the 17 strategic "
    "fields or the strategy's terms have been published. The Japanese beside it is the official name."
)
IN_PROGRESS = "Translation in progress: parts of this page are still shown in Japanese."
NOT_TRANSLATED = "This page has not been translated yet: it is shown in Japanese."
CONTENT_IN_JAPANESE = (
    "The content of this plan is in Japanese, as its government source published it. "
    "It is not machine-translated here."
)


@functools.cache
def catalogue(language: str) -> dict:
    """{"strings": {Japanese: text}, "terms": {Japanese: text}} of a language (empty for Japanese itself)."""
    path = paths.CATALOGUES / f"{language}.yaml"
    if language == "ja" or not path.is_file():
        return {"strings": {}, "terms": {}}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"strings": data.get("strings") or {}, "terms": data.get("terms") or {}}


class Translator:
    """One language's strings for one page at a time: what was missing and whether a term was used are
    recorded, for the page's notes (reset before each page)."""

    def __init__(self, language: str = "ja"):
        self.language = language
        entries = catalogue(language)
        self.strings, self.terms = entries["strings"], entries["terms"]
        self.missing: set[str] = set()
        self.terms_used = False

    @property
    def translating(self) -> bool:
        return self.language == "en"

    def reset(self) -> None:
        self.missing, self.terms_used = set(), False

    def __call__(self, text: str, **values) -> str:
        """`text` in this language, its {name} placeholders filled in; in Japanese where there is no entry."""
        if self.translating:
            found = self.strings.get(text)
            if found is None:
                self.missing.add(text)
            else:
                text = found
        return text.format(**values) if values else text

    def term(self, japanese: str) -> str:
        """A name with no official English: 「Strategic Industry Cluster Plan* (戦略産業クラスター計画)」."""
        if not self.translating:
            return japanese
        english = self.terms.get(japanese)
        if english is None:
            self.missing.add(japanese)
            return japanese
        self.terms_used = True
        return f"{english}{TERM_MARK} ({japanese})"

    def page_notes(self) -> dict:
        """The front matter a page gets from what its rendering used (shown by the theme, main.html)."""
        notes = {}
        if self.missing:
            notes["untranslated"] = IN_PROGRESS
        if self.terms_used:
            notes["unofficial_terms"] = TERM_NOTE
        return notes


# ---- counterparts: the language switch and hreflang ----

# The easy tree's pages (docs/easy/), each with the page of the other trees it stands for (None: none).
EASY_PAGES = {
    urls.HOME: urls.HOME,
    "plans/": "kinds/a/",
    "read-a-plan/": None,
    "lookup/": "lookup/",
    "reporting/": "progress/",
    "search/": "search/",
}


def counterparts(language: str, url: str) -> dict[str, str]:
    """The same page in every tree that has it, by language, as the site's URLs: the Japanese and English trees
    have every page; the easy tree its own few."""
    if language == "easy":
        other = EASY_PAGES.get(url)
        found = {"easy": url} | ({"ja": other, "en": other} if other is not None else {})
    else:
        found = {"ja": url, "en": url}
        found |= {"easy": easy for easy, other in EASY_PAGES.items() if other == url}
    return {lang: urls.in_language(lang, found[lang]) for lang in LANGUAGES if lang in found}


def front_matter_notes(language: str, url: str) -> dict:
    """A page's `alternates` front matter: its counterparts as links from it (main.html writes hreflang links
    and the language switch from them)."""
    here = urls.in_language(language, url)
    return {
        "alternates": {
            LANGUAGES[lang].html: urls.relative(here, there)
            for lang, there in counterparts(language, url).items()
            if lang != language
        }
    }


# ---- やさしい日本語: readings written as the guideline's 単語（よみ） ----

_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ"
_READING = re.compile(rf"([{_KANJI}]+)（([ぁ-ゖー]+)）")
_ANY_KANJI = re.compile(rf"[{_KANJI}]")


def ruby(text: str) -> str:
    """「計画（けいかく）」 → <ruby>計画<rp>（</rp><rt>けいかく</rt><rp>）</rp></ruby>: without CSS (and in a
    screen reader that ignores ruby) the text reads as the parenthesis form the guideline also accepts. The
    readings are kept out of the search index (Pagefind would otherwise split the word's bigrams)."""
    return _READING.sub(
        r"<ruby>\1<rp data-pagefind-ignore>（</rp><rt data-pagefind-ignore>\2</rt>"
        r"<rp data-pagefind-ignore>）</rp></ruby>",
        text,
    )


def unread_kanji(line: str) -> list[str]:
    """The kanji of a line of an easy page that carry no reading (code, links' addresses and HTML left aside)."""
    text = re.sub(r"`[^`]*`|\]\([^)]*\)|<[^>]*>", "", line)
    return _ANY_KANJI.findall(_READING.sub("", text))
