"""chiiki build: validate → derive → (pages → MkDocs → search index) alongside (downloads, lookup, maps, charts),
then swap the site in.

The pages and the files they link to are independent once the data is derived, so the second
group is written by a forked process while this one renders pages and runs MkDocs (the machines
we build on have two cores). Those files never pass through MkDocs: they are moved into its
output afterwards. Nothing is written to the output folder unless every step succeeded: an
invalid repository or a failed step leaves the previous site untouched.
"""

import multiprocessing
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from build_scripts import load, output, paths, settings
from build_scripts.contribute import browser
from build_scripts.derive import Site, derive, releases
from build_scripts.derive.summaries import summaries
from build_scripts.downloads.by_prefecture import write_prefecture_companies
from build_scripts.downloads.feed import write_feeds
from build_scripts.downloads.lookup import company_records, write_lookup
from build_scripts.downloads.write import write_downloads
from build_scripts.site import finish
from build_scripts.site.charts import write_charts
from build_scripts.site.engines import run_engine
from build_scripts.site.maps import write_maps
from build_scripts.site.render import render_site
from build_scripts.site.search_index import index_search
from build_scripts.site.trees import build_other_trees, link_japanese_hand_written, link_sitemaps
from build_scripts.validate import report, validate


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


class Background:
    """A function run in a forked process: the derived data is shared copy-on-write, only the result is
    sent back. Where fork does not exist (Windows) the function simply runs here, first."""

    def __init__(self, function, *args):
        if "fork" not in multiprocessing.get_all_start_methods():
            self._value, self._process = ("ok", function(*args)), None
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=self._run, args=(send, function, args), daemon=True)
        self._process.start()
        send.close()

    @staticmethod
    def _run(send, function, args) -> None:
        try:
            send.send(("ok", function(*args)))
        except BaseException:
            send.send(("error", traceback.format_exc()))
        finally:
            send.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        """If this process failed first, stop the other one rather than let it write into a deleted folder."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()

    def result(self):
        if self._process is None:
            return self._value[1]
        try:
            status, value = self._receive.recv()
        except EOFError:
            status, value = (
                "error",
                f"the process ended without a result (exit code {self._process.exitcode})",
            )
        self._process.join()
        if status != "ok":
            raise RuntimeError(
                f"ダウンロード・地図の生成に失敗しました。Writing the downloads and maps failed:\n{value}"
            )
        return value


@dataclass(frozen=True)
class Derived:
    """What the pages and the files are made from."""

    site: Site
    companies: list[dict]  # one pass over the companies, for the lists and the lookup
    schemas: dict
    summaries: dict  # the national summary tables (summaries.py), for the pages and the files


NOTHING_BUILT = (
    "データにエラーがあるため、サイトを生成しませんでした（前回のサイトはそのままです）。\n"
    "The data has errors: nothing was built and the previous site is unchanged."
)


def validated(
    root: Path, stages: Stages, *, cache: dict | None = None, unchanged: str = NOTHING_BUILT
) -> Derived | None:
    """Validate and derive; on errors, print them and what was left unchanged, and return None."""
    result = validate(root=root, cache=cache)
    stages.done("validate")
    if not result.valid:
        print(report.as_text(result.problems, len(result.plans)), file=sys.stderr)
        print(unchanged, file=sys.stderr)
        return None
    history = releases.history_releases(root, result.plans)
    site = derive(result.plans, load.load_reference(), warnings_by_plan(result), result.editions, history)
    derived = Derived(site, company_records(site), load.load_shared_schemas(), summaries(site))
    stages.done("derive")
    return derived


def warnings_by_plan(result) -> dict[str, int]:
    """Validation warnings outstanding per plan id (the public data-quality page shows them)."""
    folders = {paths.display(plan.directory): plan.id for plan in result.plans}
    counts: dict[str, int] = {}
    for problem in result.problems:
        plan_id = folders.get(problem.file.rsplit("/", 1)[0])  # a plan's files sit in its folder
        if problem.grade == "warning" and plan_id:
            counts[plan_id] = counts.get(plan_id, 0) + 1
    return counts


def pages_and_files(
    derived: Derived,
    docs: Path,
    assets: Path,
    site_dir: Path,
    stages: Stages,
    *,
    quiet: bool,
    engine: str = "mkdocs",
    search: bool = True,
) -> tuple[set[Path], dict]:
    """Pages → MkDocs → Pagefind into site_dir here, while a forked process writes the files into assets (the
    caller moves them in). Returns the generated page sources and the files' report. Without `search` there is
    no search index (half of a small build's time): for a look at the pages, and for tests that never search."""
    with Background(
        write_assets, derived.site, derived.companies, derived.schemas, assets, None, derived.summaries
    ) as files:
        shutil.copytree(paths.STATIC_DOCS, docs, ignore=paths.not_published)
        link_japanese_hand_written(docs)
        finish.mark_static_pages(docs)
        generated = render_site(
            derived.site, docs, derived.schemas, derived.companies, summaries=derived.summaries
        )
        stages.done("pages")
        run_engine(engine, docs, site_dir, quiet=quiet, build_date=derived.site.build_date)
        stages.done(engine)
        finish.finish_pages(site_dir, docs)  # the same for any engine: fragments back, sanitised
        stages.done("finishing")
        generated |= build_other_trees(derived, docs.parent, site_dir, quiet=quiet, engine=engine)
        link_sitemaps(site_dir)
        stages.done("en and easy")
        if search:
            index_search(site_dir, derived.site.reference)  # the pages (and the reference's readings)
            stages.done("search index")
        written = files.result()
        stages.done("waiting for the files")
    return generated, written


def build(
    out: Path = paths.DEFAULT_SITE,
    *,
    root: Path = paths.DATAPACKAGES,
    quiet: bool = False,
    engine: str = "mkdocs",
    search: bool = True,
) -> int:
    """Validate, then build the site into out: 0 built, 1 invalid data (nothing written), 2 refused output.
    `search=False` leaves out the search index (the search page then finds nothing)."""
    started, stages = time.perf_counter(), Stages()
    out = Path(out).expanduser().resolve()
    if reason := output.refusal(out):
        print(reason, file=sys.stderr)
        return 2
    derived = validated(root, stages)
    if derived is None:
        return 1
    with (
        output.locked(out),
        tempfile.TemporaryDirectory(prefix=output.work_prefix(out), dir=out.parent) as work,
    ):
        made = assemble(derived, Path(work), stages, quiet=quiet, engine=engine, search=search)
        output.swap_in(made.site, out)
    if not quiet:
        print(
            f"{len(derived.site.plans)} 件の計画、{made.pages} ページ"
            f"、{made.written['files']} ファイルを {paths.display(out)} に生成しました"
            f"（{time.perf_counter() - started:.1f} 秒）。"
        )
        print(
            stages.line()
            + " | alongside: "
            + ", ".join(f"{name} {value:.1f}s" for name, value in made.written["seconds"].items())
        )
        for warning in (settings.relative_links_warning(), settings.report_warning()):
            if warning:
                print(warning, file=sys.stderr)
    return 0


@dataclass(frozen=True)
class Assembled:
    """A whole site in a work folder, marked as ours and ready to be swapped in."""

    site: Path  # work/site
    generated: set[Path]  # the page sources rendered, both trees' (chiiki serve's later updates compare them)
    assets: set[str]  # the files written beside the pages, by URL (chiiki serve replaces the changed ones)
    pages: int
    written: dict  # the forked writer's report: files, seconds by stage


def assemble(
    derived: Derived, work: Path, stages: Stages, *, quiet: bool, engine: str = "mkdocs", search: bool = True
) -> Assembled:
    """The one pipeline after validation, for chiiki build and chiiki serve's full build: pages → engine →
    finishing → search index beside the forked writer's files, moved into one site folder, sizes filled in, marked."""
    docs, assets, staged = work / "docs", work / "assets", work / "site"
    generated, written = pages_and_files(
        derived, docs, assets, staged, stages, quiet=quiet, engine=engine, search=search
    )
    files = relative_files(assets)
    move_into(assets, staged)
    finish.fill_in_sizes(staged, derived.site)
    output.mark(staged)
    return Assembled(staged, generated, files, sum(1 for _ in docs.rglob("*.md")), written)


def write_assets(
    site: Site,
    companies: list[dict],
    schemas: dict,
    assets: Path,
    plan_ids: set[str] | None,
    tables: dict,
) -> dict:
    """The files the pages link to and MkDocs need not see, into the assets folder: downloads, lookup shards,
    maps, charts, feeds, the check page's runtime. Given `plan_ids`, each plan's own files are written only for
    those plans (chiiki serve). `tables`: the summary tables (summaries.py), made once with the pages'."""
    stages = Stages()
    files = len(write_downloads(site, assets, schemas, plan_ids, tables))
    files += len(write_prefecture_companies(site, assets))
    stages.done("downloads")
    files += len(write_lookup(companies, assets, site))
    stages.done("lookup")
    copy_geodata(assets)
    files += len(write_maps(site, assets, plan_ids, tables["prefectures"].records))
    files += write_charts(site, assets, plan_ids)
    stages.done("maps and charts")
    files += write_feeds(site, assets, plan_ids)
    stages.done("feeds")
    files += browser.write_runtime(assets) + browser.write_templates(assets)
    stages.done("check page")
    return {"files": files, "seconds": stages.seconds}


def relative_files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def move_into(source: Path, target: Path) -> None:
    """Move every file of source into target by renaming; a folder in both is merged. A file in both would
    mean a generated file hiding a page: that is a bug, so it fails the build."""
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            move_into(entry, destination)
        elif destination.exists():
            raise FileExistsError(f"{destination} is both a page and a generated file")
        else:
            entry.rename(destination)


def copy_geodata(folder: Path) -> None:
    """The committed map layers, served once and fetched by every map."""
    target = folder / "data" / "geo"
    target.mkdir(parents=True, exist_ok=True)
    for path in (paths.REFERENCE / "geo").glob("*.geojson"):
        shutil.copyfile(path, target / path.name)
