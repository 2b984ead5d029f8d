"""chiiki serve's rebuilds: after a plan changed, only what changed is validated, rendered and rebuilt.

A live site keeps, between rebuilds, each plan folder's validation (by the fingerprint of its files),
the generated Markdown (`<out>/../.chiiki-serve/docs`) and the built site. An update:

  validate (only changed folders; the repository-wide rules see all) → derive → render every page, writing
  only the pages whose text changed → MkDocs dirty build (only those pages) → the pages are live;
  meanwhile downloads, lookup, maps and charts are written by a forked process, and then only the files
  that changed replace theirs in the site → Pagefind indexes again, into a new folder swapped in.

Anything that is not plan data (reference data, schemas, templates, hand-written docs, mkdocs.yml), or a
page that disappears, means a full build: the cheap path is taken only where it gives the same site.
`chiiki build` never uses this; the test suite checks that an update equals a clean build.
"""
import os
import shutil
import sys
import time
from pathlib import Path

from build_scripts import load, paths, report, urls
from build_scripts.build import (Background, Stages, index_search, move_into, run_mkdocs, swap_in, write_assets)
from build_scripts.derive import derive
from build_scripts.lookup import company_records
from build_scripts.render import render_site
from build_scripts.validate import validate


class LiveSite:
    def __init__(self, out: Path, root: Path = paths.DATAPACKAGES):
        self.out, self.root = Path(out).resolve(), Path(root).resolve()
        self.work = self.out.with_name(".chiiki-serve")
        self.docs = self.work / "docs"
        self.validations: dict = {}
        self.generated: set[Path] = set()
        self.assets: set[str] = set()        # the files write_assets put in the site (URLs)
        self.plans: dict[str, object] = {}   # the Plan objects the site shows: an unchanged plan is the same object
        self.built = False
        self.last_stages: dict[str, float] = {}

    def full(self, *, quiet: bool = True) -> int:
        """A clean build, keeping what later updates need."""
        started, stages = time.perf_counter(), Stages()
        self.validations.clear()
        derived = self._validated()
        if derived is None:
            return 1
        stages.done("validate and derive")
        shutil.rmtree(self.work, ignore_errors=True)
        assets, staged = self.work / "assets", self.work / "site"
        with Background(write_assets, *derived, assets) as files:
            shutil.copytree(paths.STATIC_DOCS, self.docs)
            self.generated = render_site(derived[0], self.docs, derived[2], derived[1])
            run_mkdocs(self.docs, staged, quiet=quiet)
            index_search(staged)
            stages.done("pages, MkDocs and search index")
            files.result()
        self.assets = relative_files(assets)
        self.plans = {plan.id: plan for plan in derived[0].plans}
        move_into(assets, staged)
        swap_in(staged, self.out)
        shutil.rmtree(assets, ignore_errors=True)
        self.built = True
        self._report(started, stages, "サイト全体を生成しました（full build）")
        return 0

    def update(self, *, quiet: bool = True) -> int:
        """Rebuild after plan data changed; falls back to a full build where the cheap path would differ."""
        if not self.built:
            return self.full(quiet=quiet)
        started, stages = time.perf_counter(), Stages()
        derived = self._validated()
        if derived is None:
            return 1
        stages.done("validate and derive")
        assets = self.work / "assets"
        shutil.rmtree(assets, ignore_errors=True)
        changed = {plan.id for plan in derived[0].plans if self.plans.get(plan.id) is not plan}
        with Background(write_assets, *derived, assets, changed) as files:
            generated = render_site(derived[0], self.docs, derived[2], derived[1], changed)
            stages.done("pages")
            if self.generated - generated:       # a page went away: MkDocs' dirty build would leave it behind
                files.result()
                return self.full(quiet=quiet)
            self.generated = generated
            run_mkdocs(self.docs, self.out, quiet=quiet, dirty=True)
            stages.done("MkDocs (changed pages): live")
            reindex(self.out, self.work / "pagefind")
            stages.done("search index")
            files.result()
        self.assets = replace_changed(assets, self.out, self.assets, changed)
        self.plans = {plan.id: plan for plan in derived[0].plans}
        stages.done("files that changed")
        self._report(started, stages, "変更のあった部分を更新しました（update）")
        return 0

    def _validated(self):
        result = validate(root=self.root, cache=self.validations)
        if not result.valid:
            print(report.as_text(result.problems, len(result.plans)), file=sys.stderr)
            print("データにエラーがあるため、サイトを更新しませんでした（表示中のサイトはそのままです）。\n"
                  "The data has errors: the site being served is unchanged.", file=sys.stderr)
            return None
        site = derive(result.plans, load.load_reference())
        return site, company_records(site), load.load_shared_schemas()

    def _report(self, started: float, stages: Stages, what: str) -> None:
        self.last_stages = stages.seconds
        print(f"{what}：{time.perf_counter() - started:.1f} 秒。" + stages.line().removeprefix("stages:"))


def relative_files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def replace_changed(new: Path, site: Path, previous: set[str], rewritten_plans: set[str]) -> set[str]:
    """Put each file of `new` into the site unless the site already has the same bytes, and delete the files
    that are gone: shared files not written again, and the files of rewritten plans they no longer have.
    The other plans' own files were not written again and stay. Each file is replaced by a rename."""
    written = relative_files(new)
    for name in sorted(written):
        target, source = site / name, new / name
        if not target.is_file() or target.stat().st_size != source.stat().st_size or \
                target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    kept = {name for name in previous - written if urls.plan_of_file(name) not in rewritten_plans | {None}}
    for name in previous - written - kept:
        (site / name).unlink(missing_ok=True)
    shutil.rmtree(new, ignore_errors=True)
    return written | kept


def reindex(site: Path, scratch: Path) -> None:
    """Pagefind into a new folder, then swapped for the old index."""
    shutil.rmtree(scratch, ignore_errors=True)
    index_search(site, output=scratch)
    old = site / "pagefind"
    retired = scratch.with_name("pagefind.old")
    shutil.rmtree(retired, ignore_errors=True)
    if old.exists():
        old.rename(retired)
    scratch.rename(old)
    shutil.rmtree(retired, ignore_errors=True)
