"""The site engines and the search index, run on the rendered pages: MkDocs Material (today) or Zensical (its
successor, `pip install -e '.[zensical]'`), then Pagefind. The same pages and the same finishing for either
engine (finish.py); what an engine needs besides mkdocs.yml comes from engine_extra."""

import logging
import os
import sys
from pathlib import Path

from build_scripts import labels, paths, settings
from build_scripts.site import compiled

ENGINES = ("mkdocs", "zensical")


def run_engine(engine: str, docs: Path, site_dir: Path, *, quiet: bool, build_date: str) -> None:
    """The site engine: MkDocs (Material), or Zensical, Material's successor (`pip install -e '.[zensical]'`)."""
    if engine == "zensical":
        run_zensical(docs, site_dir, quiet=quiet, build_date=build_date)
    else:
        run_mkdocs(docs, site_dir, quiet=quiet, build_date=build_date)


def engine_extra(build_date: str) -> dict:
    """What the theme's footer and pages need besides mkdocs.yml's own `extra:`."""
    return {
        "build_date": build_date,
        "report_url": settings.report_url(),
        "contact": settings.contact(),
        "licence": labels.LICENCE,
        "licence_note": labels.LICENCE_NOTE,
        "static_dates": static_page_dates(),
    }


def run_zensical(docs: Path, site_dir: Path, *, quiet: bool, build_date: str) -> None:
    """Zensical reads mkdocs.yml but takes no values from Python, and wants the folders beside its
    configuration: a copy of the configuration is written next to docs with the folders and `extra:` filled in."""
    import subprocess

    import yaml

    config = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"], config["site_dir"] = docs.name, os.path.relpath(site_dir, docs.parent)
    config["theme"]["custom_dir"] = str(paths.ROOT / config["theme"]["custom_dir"])
    config["extra"] = config.get("extra", {}) | engine_extra(build_date)
    if settings.SITE_URL:
        config["site_url"] = settings.SITE_URL + "/"
    written = docs.parent / "zensical.yml"
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


def run_mkdocs(docs: Path, site_dir: Path, *, quiet: bool, build_date: str, dirty: bool = False) -> None:
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
        site_url=settings.SITE_URL + "/" if settings.SITE_URL else None,
    )
    config.extra.update(engine_extra(build_date))
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


def _not_the_dirty_build_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")
