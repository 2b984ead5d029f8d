"""The site engines and the search index, run on the rendered pages: MkDocs Material (today) or Zensical (its
successor, `pip install -e '.[zensical]'`), then Pagefind. The same pages and the same finishing for either
engine (finish.py); what an engine needs besides mkdocs.yml comes from engine_extra."""

import logging
import os
import sys
from pathlib import Path

import yaml

from build_scripts import labels, paths, settings, urls
from build_scripts.site import compiled, i18n

ENGINES = ("mkdocs", "zensical")


def run_engine(
    engine: str, docs: Path, site_dir: Path, *, quiet: bool, build_date: str, language: str = "ja"
) -> None:
    """The site engine: MkDocs (Material), or Zensical, Material's successor (`pip install -e '.[zensical]'`),
    on one language tree (i18n.LANGUAGES: each tree is a site of its own, as Material recommends)."""
    if engine == "zensical":
        run_zensical(docs, site_dir, quiet=quiet, build_date=build_date, language=language)
    else:
        run_mkdocs(docs, site_dir, quiet=quiet, build_date=build_date, language=language)


def mkdocs_yml() -> dict:
    return yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))


# The easy tree's navigation (its pages are hand-written: docs/easy/).
EASY_NAV = [
    {"はじめに": "index.md"},
    {"みっつの けいかく": "plans.md"},
    {"けいかくの ページの みかた": "read-a-plan.md"},
    {"かいしゃを しらべる": "lookup.md"},
    {"ほうこくの きげん": "reporting.md"},
]


# The easy tree's own words in the theme, in kana (the theme's text gets no ruby).
EASY_UI = {
    "updated": "この ページを さいごに なおした ひ",
    "search_label": "この サイトの なかを さがす",
    "search_placeholder": "さがす ことば",
    "search_button": "さがす",
}


def language_config(language: str) -> dict:
    """What a language tree's engine run changes in mkdocs.yml: the theme's language, the site's name, the
    navigation, the switch to the other trees (extra.alternate, which Zensical reads too), and where the site's
    own styles and scripts are (at the root, shared by every tree)."""
    config, t = mkdocs_yml(), i18n.Translator(language)
    here = urls.LANGUAGE_ROOTS[language]
    root = urls.relative(here, urls.HOME) if here else ""
    extra = config.get("extra", {}) | {
        "site_root": root,
        "pages_root": root if language == "easy" else "",  # the easy tree has a few pages; the others, all
        "language": language,
        "html_lang": i18n.LANGUAGES[language].html,
        "alternate": [
            {"name": lang.name, "link": urls.relative(here, urls.LANGUAGE_ROOTS[code]), "lang": lang.html}
            for code, lang in i18n.LANGUAGES.items()
        ],
        "ui": {key: t(text) for key, text in config["extra"]["ui"].items()}
        | (EASY_UI if language == "easy" else {}),
    }
    if language == "ja":
        return {"extra": extra}
    theme = config["theme"] | {"language": i18n.LANGUAGES[language].engine}
    theme["custom_dir"] = str(paths.ROOT / config["theme"]["custom_dir"])
    return {
        "site_name": t(config["site_name"]) if language == "en" else "やさしい にほんごの ページ",
        "site_description": t(config["site_description"]),
        "theme": theme,
        "nav": translated_nav(config["nav"], t) if language == "en" else EASY_NAV,
        "extra": extra | {key: t(config["extra"][key]) for key in ("operator", "purpose")},
        "extra_css": [root + path for path in config["extra_css"]],
        "extra_javascript": [root + path for path in config["extra_javascript"]],
        "markdown_extensions": config["markdown_extensions"],
    }


def translated_nav(nav, t: i18n.Translator):
    """mkdocs.yml's navigation with each title from the catalogue (the pages are the same in every tree)."""
    if isinstance(nav, list):
        return [translated_nav(item, t) for item in nav]
    if isinstance(nav, dict):
        return {t(title): translated_nav(value, t) for title, value in nav.items()}
    return nav


def engine_extra(build_date: str, language: str = "ja") -> dict:
    """What the theme's footer and pages need besides mkdocs.yml's own `extra:`."""
    return {
        "build_date": build_date,
        "report_url": settings.report_url(),
        "contact": settings.contact(),
        "licence": labels.LICENCE,
        "licence_note": labels.LICENCE_NOTE,
        "static_dates": tree_page_dates(static_page_dates(), language),
    }


def run_zensical(docs: Path, site_dir: Path, *, quiet: bool, build_date: str, language: str = "ja") -> None:
    """Zensical reads mkdocs.yml but takes no values from Python, and wants the folders beside its
    configuration: a copy of the configuration is written next to docs with the folders and `extra:` filled in."""
    import subprocess

    config = mkdocs_yml()
    config |= language_config(language)
    config["docs_dir"], config["site_dir"] = docs.name, os.path.relpath(site_dir, docs.parent)
    config["theme"]["custom_dir"] = str(paths.ROOT / config["theme"]["custom_dir"])
    config["extra"] = config.get("extra", {}) | engine_extra(build_date, language)
    if settings.SITE_URL:
        config["site_url"] = f"{settings.SITE_URL}/{urls.LANGUAGE_ROOTS[language]}"
    written = docs.parent / f"zensical-{language}.yml"
    written.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", str(written)],
        cwd=docs.parent,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not (site_dir / "index.html").is_file():
        print(
            f"サイトの生成（Zensical）に失敗しました。Zensical failed:\n{result.stdout}{result.stderr}",
            file=sys.stderr,
        )
        raise RuntimeError("Zensical failed")
    if not quiet:
        print(result.stdout.strip())


def run_mkdocs(
    docs: Path, site_dir: Path, *, quiet: bool, build_date: str, dirty: bool = False, language: str = "ja"
) -> None:
    """MkDocs, strict. `dirty` (chiiki serve) rebuilds only pages whose Markdown is newer than their HTML:
    our navigation is hand-made, so the other pages stay right, and MkDocs' warning about that is dropped
    (any other warning still fails the build)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    if not logger.handlers:  # run from Python, MkDocs has no handler: its warnings (strict) would be lost
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
    logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_build_warning)
    config = load_config(
        config_file=str(paths.MKDOCS_CONFIG),
        docs_dir=str(docs),
        site_dir=str(site_dir),
        strict=True,
        site_url=f"{settings.SITE_URL}/{urls.LANGUAGE_ROOTS[language]}" if settings.SITE_URL else None,
        **language_config(language),
    )
    config.extra.update(engine_extra(build_date, language))
    config.plugins["chiiki-compiled-templates"] = compiled.MkDocsPlugin()  # a speed-up only
    try:
        mkdocs_build(config, dirty=dirty)
    except Exception as error:  # MkDocs' Abort (strict mode) is also a SystemExit: say what happened
        print(
            f"サイトの生成（MkDocs）に失敗しました：上の警告を直してください。MkDocs failed: {error}",
            file=sys.stderr,
        )
        raise


def static_page_dates() -> dict[str, str]:
    """The last commit date of each hand-written page (docs/, by its path there), from git: the theme shows it as
    the page's last change. Empty outside a git checkout (the pages then show only the data date in the footer).
    Read for every build (one git call), so chiiki serve sees a commit made while it runs."""
    import subprocess

    try:
        log = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", paths.STATIC_DOCS.name],
            cwd=paths.ROOT,
            capture_output=True,
            check=True,
            text=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    for commit in log.split("\0")[1:]:  # newest first: the first date seen for a file is its last change
        date, *names = commit.strip().splitlines()
        for name in filter(None, names):
            dates.setdefault(name.removeprefix(paths.STATIC_DOCS.name + "/"), date)
    return dates


def tree_page_dates(dates: dict[str, str], language: str) -> dict[str, str]:
    """The hand-written pages' dates by their path in a language tree: a page under docs/easy/ is the easy
    tree's page of that name; the English tree's pages are under docs/en/, or are the Japanese pages it shows
    while they are untranslated."""
    if language == "ja":
        return {name: date for name, date in dates.items() if not name.startswith(("en/", "easy/"))}
    own = {
        name.removeprefix(f"{language}/"): d for name, d in dates.items() if name.startswith(f"{language}/")
    }
    return (tree_page_dates(dates, "ja") if language == "en" else {}) | own


def _not_the_dirty_build_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")
