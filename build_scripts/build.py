"""chiiki build: validate → derive → write downloads → render pages → MkDocs, then swap the site in.

Nothing is written to the output folder unless every step succeeded: an invalid repository
or a failed MkDocs build leaves the previous site untouched.
"""
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

from build_scripts import load, paths, report
from build_scripts.derive import derive
from build_scripts.lookup import company_records, write_lookup
from build_scripts.charts import write_charts
from build_scripts.maps import write_maps
from build_scripts.render import render_site
from build_scripts.validate import validate
from build_scripts.write import write_downloads


class Stages:
    """Seconds spent in each stage, printed after a build (the benchmark reads them)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self._last
        self._last = now

    def line(self) -> str:
        return "stages: " + ", ".join(f"{name} {value:.1f}s" for name, value in self.seconds.items())


def build(out: Path = paths.DEFAULT_SITE, *, root: Path = paths.DATAPACKAGES, quiet: bool = False) -> int:
    started, stages = time.perf_counter(), Stages()
    result = validate(root=root)
    stages.done("validate")
    if not result.valid:
        print(report.as_text(result.problems, len(result.plans)), file=sys.stderr)
        print("データにエラーがあるため、サイトを生成しませんでした（前回のサイトはそのままです）。\n"
              "The data has errors: nothing was built and the previous site is unchanged.", file=sys.stderr)
        return 1
    reference = load.load_reference()
    schemas = load.load_shared_schemas()
    site = derive(result.plans, reference)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".chiiki-build-", dir=out.parent) as work:
        docs, staged = Path(work) / "docs", Path(work) / "site"
        shutil.copytree(paths.STATIC_DOCS, docs)
        downloads = write_downloads(site, docs, schemas)
        stages.done("downloads")
        companies = company_records(site)         # one pass over the companies, for the lists and the lookup
        pages = render_site(site, docs, schemas, downloads, companies)
        stages.done("pages")
        downloads += write_lookup(companies, docs)
        stages.done("lookup")
        copy_geodata(docs)
        write_maps(site, docs)
        write_charts(site, docs)
        stages.done("maps")
        run_mkdocs(docs, staged, quiet=quiet)
        stages.done("mkdocs")
        index_search(staged)
        stages.done("search index")
        swap_in(staged, out)
    if not quiet:
        print(f"{len(site.plans)} 件の計画、{pages} ページ、{len(downloads)} ファイルを {paths.display(out)} に生成しました"
              f"（{time.perf_counter() - started:.1f} 秒）。")
        print(stages.line())
    return 0


def copy_geodata(docs: Path) -> None:
    """The committed map layers, served once and fetched by every map."""
    target = docs / "data" / "geo"
    target.mkdir(parents=True, exist_ok=True)
    for path in (paths.REFERENCE / "geo").glob("*.geojson"):
        shutil.copyfile(path, target / path.name)


def run_mkdocs(docs: Path, site_dir: Path, *, quiet: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING if quiet else logging.INFO)
    config = load_config(config_file=str(paths.MKDOCS_CONFIG), docs_dir=str(docs), site_dir=str(site_dir), strict=True)
    mkdocs_build(config)


def swap_in(staged: Path, out: Path) -> None:
    """Replace out with staged in two renames, so a reader never sees a half-written site."""
    old = out.with_name(out.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staged.rename(out)
    if old.exists():
        shutil.rmtree(old)


def index_search(site_dir: Path) -> None:
    """Pagefind (extended, for Japanese) indexes the built pages into site/pagefind/."""
    import subprocess

    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"], check=True)
