"""chiiki serve's rebuilds: after a plan changed, only what changed is validated, rendered and rebuilt.

A live site keeps, between rebuilds, each plan folder's validation (by the fingerprint of its files),
the generated Markdown (`<out>/../.chiiki-serve/docs`) and the built site. An update:

  validate (only changed folders; the repository-wide rules see all) → derive → render every page, writing
  only the pages whose text changed, in Japanese and in English → MkDocs dirty build of each tree (only those
  pages) → the pages are live (the easy tree is hand-written: plan data never changes it);
  meanwhile downloads, lookup, maps and charts are written by a forked process, and then only the files
  that changed replace theirs in the site; Pagefind indexes again, into a new folder swapped in.

Anything that is not plan data (reference data, schemas, templates, hand-written docs, mkdocs.yml, the
catalogues), a page that disappears, or another build date, means a full build: the cheap path is taken
only where it gives the same site. `chiiki build` never uses this; the test suite checks that an update
equals a clean build.
"""

import os
import shutil
import time
from pathlib import Path

from build_scripts import output, paths, urls
from build_scripts.build import (
    Background,
    Stages,
    assemble,
    relative_files,
    validated,
    write_assets,
)
from build_scripts.output import swap_in
from build_scripts.site import finish
from build_scripts.site.engines import run_mkdocs
from build_scripts.site.render import render_site
from build_scripts.site.search_index import index_search
from build_scripts.site.trees import english_docs, link_sitemaps, render_english, tree_folder

SERVED_UNCHANGED = (
    "データにエラーがあるため、サイトを更新しませんでした（表示中のサイトはそのままです）。\n"
    "The data has errors: the site being served is unchanged."
)


class LiveSite:
    def __init__(self, out: Path, root: Path = paths.DATAPACKAGES, *, search: bool = True):
        self.out, self.root = Path(out).resolve(), Path(root).resolve()
        self.search = search  # False: no search index (build(search=False)), for tests that never search
        self.work = self.out.with_name(".chiiki-serve")
        self.docs = self.work / "docs"
        self.validations: dict = {}
        self.generated: set[Path] = set()
        self.assets: set[str] = set()  # the files write_assets put in the site (URLs)
        self.plans: dict[
            str, object
        ] = {}  # the Plan objects the site shows: an unchanged plan is the same object
        self.built = False
        self.build_date = ""  # the full build's: a page shows it, so another day means a full build
        self.last_stages: dict[str, float] = {}

    def full(self, *, quiet: bool = True) -> int:
        """A clean build, keeping what later updates need."""
        started, stages = time.perf_counter(), Stages()
        self.validations.clear()
        derived = validated(self.root, stages, cache=self.validations, unchanged=SERVED_UNCHANGED)
        if derived is None:
            return 1
        shutil.rmtree(self.work, ignore_errors=True)
        made = assemble(derived, self.work, stages, quiet=quiet, search=self.search)
        self.generated, self.assets = made.generated, made.assets
        self.plans = {plan.id: plan for plan in derived.site.plans}
        self.build_date = derived.site.build_date
        with output.locked(self.out):
            swap_in(made.site, self.out)
        self.built = True
        self._report(started, stages, "サイト全体を生成しました（full build）")
        return 0

    def update(self, *, quiet: bool = True) -> int:
        """Rebuild after plan data changed; falls back to a full build where the cheap path would differ."""
        if not self.built:
            return self.full(quiet=quiet)
        started, stages = time.perf_counter(), Stages()
        derived = validated(self.root, stages, cache=self.validations, unchanged=SERVED_UNCHANGED)
        if derived is None:
            return 1
        if derived.site.build_date != self.build_date:  # a new day: every page shows the date
            return self.full(quiet=quiet)
        assets = self.work / "assets"
        shutil.rmtree(assets, ignore_errors=True)
        changed = {plan.id for plan in derived.site.plans if self.plans.get(plan.id) is not plan}
        with Background(
            write_assets, derived.site, derived.companies, derived.schemas, assets, changed, derived.summaries
        ) as files:
            generated = render_site(
                derived.site,
                self.docs,
                derived.schemas,
                derived.companies,
                changed,
                summaries=derived.summaries,
            ) | render_english(derived, english_docs(self.work), changed)
            stages.done("pages")
            if self.generated - generated:  # a page went away: MkDocs' dirty build would leave it behind
                files.result()
                return self.full(quiet=quiet)
            self.generated = generated
            run_mkdocs(self.docs, self.out, quiet=quiet, build_date=derived.site.build_date, dirty=True)
            finish.finish_pages(
                self.out, self.docs, served=True
            )  # only the pages MkDocs wrote again carry markers
            stages.done("MkDocs (changed pages): live")
            self._update_english_tree(derived)
            stages.done("en")
            if self.search:
                index_search(self.out, derived.site.reference, output=self.work / "pagefind")
                swap_in(self.work / "pagefind", self.out / "pagefind")
                stages.done("search index")
            files.result()
        self.assets = replace_changed(assets, self.out, self.assets, changed)
        finish.fill_in_sizes(self.out, derived.site)
        self.plans = {plan.id: plan for plan in derived.site.plans}
        stages.done("files that changed")
        self._report(started, stages, "変更のあった部分を更新しました（update）")
        return 0

    def _update_english_tree(self, derived) -> None:
        """The English tree's dirty build, as the Japanese one's (its pages were rendered with them). The easy
        tree is hand-written: plan data never changes it."""
        english, target = english_docs(self.work), tree_folder(self.out, "en")
        run_mkdocs(english, target, quiet=True, build_date=derived.site.build_date, dirty=True, language="en")
        finish.finish_pages(target, english, served=True, language="en")
        link_sitemaps(self.out)

    def _report(self, started: float, stages: Stages, what: str) -> None:
        self.last_stages = stages.seconds
        print(f"{what}：{time.perf_counter() - started:.1f} 秒。" + stages.line().removeprefix("stages:"))


def replace_changed(new: Path, site: Path, previous: set[str], rewritten_plans: set[str]) -> set[str]:
    """Put each file of `new` into the site unless the site already has the same bytes, and delete the files
    that are gone: shared files not written again, and the files of rewritten plans they no longer have.
    The other plans' own files were not written again and stay. Each file is replaced by a rename."""
    written = relative_files(new)
    for name in sorted(written):
        target, source = site / name, new / name
        if (
            not target.is_file()
            or target.stat().st_size != source.stat().st_size
            or target.read_bytes() != source.read_bytes()
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    kept = {name for name in previous - written if urls.plan_of_file(name) not in rewritten_plans | {None}}
    for name in previous - written - kept:
        (site / name).unlink(missing_ok=True)
    shutil.rmtree(new, ignore_errors=True)
    return written | kept
