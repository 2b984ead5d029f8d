"""The command line: chiiki validate | build | edition | serve | new-plan | … Thin: parses and delegates."""

import argparse
import sys
from pathlib import Path

from build_scripts import paths


def _validate(args) -> int:
    from build_scripts import load
    from build_scripts.load import history
    from build_scripts.validate import editions_rewritten, report, submission_problems, validate

    root = Path(args.root).resolve()
    extra = []  # problems of the change itself (with --changed-since): misplaced uploads, edited editions
    if args.changed_since:
        try:
            changes = history.changes_since(args.changed_since)  # one look at git for every use below
            args.paths = changed_targets(args.changed_since, changes)
            extra = submission_problems(changes, root) + editions_rewritten(changes, args.changed_since)
        except history.UnknownBase as error:
            return usage_error(args, str(error))
        if args.paths is None:
            args.paths = []  # the contract or code changed: validate everything
        elif not args.paths and not extra:
            print(
                f"{args.changed_since} からの変更に計画のフォルダはありません。検査する計画はありません。\n"
                "No plan folder changed: nothing to validate."
            )
            return 0
    missing = [t for t in args.paths if not Path(t).exists()]
    if missing:
        return usage_error(args, f"パスが見つかりません: {', '.join(missing)}\nNo such path.")
    refused = [reason for reason in (load.target_problem(Path(t), root) for t in args.paths) if reason]
    if refused:
        return usage_error(args, "\n".join(refused))
    plan_dirs = load.plan_dirs_for(args.paths, root) if args.paths else None
    result = validate(plan_dirs, root=root)
    result.problems = extra + result.problems
    checked = len(plan_dirs) if plan_dirs is not None else len(load.discover(root))
    formats = {
        "json": lambda: report.as_json(result.problems),
        "github": lambda: report.as_github(result.problems),
        "text": lambda: report.as_text(result.problems, checked),
    }
    print(formats[args.format]())
    if args.summary:
        names = [paths.display(d) for d in (plan_dirs if plan_dirs is not None else load.discover(root))]
        with open(args.summary, "a", encoding="utf-8") as handle:
            handle.write(report.as_summary(result.problems, names) + "\n")
    return 0 if result.valid else 1


def usage_error(args, message: str) -> int:
    """A usage error (exit 2): on standard error, and in the job summary too, so that a pull request says why."""
    from build_scripts.validate import report

    print(message, file=sys.stderr)
    if getattr(args, "summary", None):
        with open(args.summary, "a", encoding="utf-8") as handle:
            handle.write(report.usage_summary(message) + "\n")
    return 2


def changed_targets(base: str, changes: list[tuple[str, str]] | None = None) -> list[str] | None:
    """Plan folders touched since `base` (git, or the `changes` already read from it), or None when something
    shared changed."""
    from build_scripts.load import history

    targets = set()
    for _, name in changes if changes is not None else history.changes_since(base):
        parts = Path(name).parts
        if len(parts) >= 5 and parts[0] == "datapackages" and parts[1] in ("blocks", "prefectures"):
            folder = paths.ROOT.joinpath(*parts[:4])
            if folder.exists():
                targets.add(str(folder))
        elif parts[:1] in (("datapackages",), ("build_scripts",)) or name in ("pyproject.toml", "mkdocs.yml"):
            return None
    return sorted(targets)


def _convert_uploads(args) -> int:
    """The pull-request workflow's conversion of uploaded workbooks (attached to the run as an artifact)."""
    from build_scripts.contribute import uploads
    from build_scripts.load import history
    from build_scripts.validate import report

    try:
        names = uploads.uploaded_workbooks(history.changes_since(args.changed_since))
    except history.UnknownBase as error:
        return usage_error(args, str(error))
    results = uploads.convert_uploads(names, Path(args.root).resolve(), Path(args.out).resolve())
    for result in results:
        print(
            f"{result.upload}: " + (f"{result.folder}/ に変換しました" if result.folder else "変換できません")
        )
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as handle:
            handle.write(report.conversion_summary(results, args.artifact) + "\n")
    return 0 if all(result.folder for result in results) else 1


def _new_plan(args) -> int:
    from build_scripts.contribute import scaffold

    try:
        folder = scaffold.new_plan(
            args.kind,
            args.id,
            block=args.block,
            prefecture=args.prefecture,
            municipality=args.municipality,
            root=Path(args.root).resolve(),
        )
    except scaffold.ScaffoldError as error:
        print(f"{error}", file=sys.stderr)
        return 2
    print(
        f"作成しました: {paths.display(folder)}（status: draft。書き終えたら chiiki validate {paths.display(folder)}）"
    )
    return 0


def _export_xlsx(args) -> int:
    from build_scripts.contribute import intake

    folder = Path(args.plan).resolve()
    if not (folder / paths.DESCRIPTOR_NAME).is_file():
        print(f"計画のフォルダではありません: {args.plan}", file=sys.stderr)
        return 2
    if args.progress:  # the small workbook of the next progress report: the plan's id and KPIs filled in
        from build_scripts import load
        from build_scripts.contribute import reports

        out = Path(args.out or f"{folder.name}-progress.xlsx")
        out.write_bytes(reports.workbook_bytes(load.read_plan(folder)[0]))
        print(f"書き出しました: {out}")
        return 0
    out = Path(args.out or f"{folder.name}.xlsx")
    out.write_bytes(intake.export_plan(folder))
    print(f"書き出しました: {out}")
    return 0


def _xlsx_template(args) -> int:
    from build_scripts.contribute import intake, reports

    out = Path(args.out or f"template-{args.kind.lower()}.xlsx")
    out.write_bytes(reports.template_bytes() if args.kind == "progress" else intake.template_bytes(args.kind))
    print(f"テンプレートを書き出しました: {out}")
    return 0


def _import_xlsx(args) -> int:
    from build_scripts.contribute import intake
    from build_scripts.validate import report

    if not Path(args.file).is_file():
        print(f"ファイルが見つかりません: {args.file}", file=sys.stderr)
        return 2
    result = intake.import_workbook(Path(args.file), Path(args.root).resolve())
    for note in result.notes:
        print(f"変換: {note.sheet} {note.row}行目 列 {note.column}: {note.before!r} → {note.after!r}")
    if result.problems:
        print(report.as_text(result.problems, 1))
    if result.folder is None:
        print("エラーがあるため、何も書き込みませんでした。Nothing was written.")
        return 1
    for name in result.kept:
        print(f"そのまま残しました: {name}（ブックにないファイル。Kept as it was.）")
    print(f"取り込みました: {paths.display(result.folder)}")
    return 0


def _fmt(args) -> int:
    from build_scripts.contribute import canonical

    result = canonical.format_descriptors(Path(args.root).resolve())
    for path in result.changed:
        print(f"整形しました: {paths.display(path)}")
    for path, why in result.left:
        print(f"整形しませんでした: {paths.display(path)}：{why}", file=sys.stderr)
    print(
        f"{len(result.changed)} 件の datapackage.yaml を整形しました。Formatted {len(result.changed)} descriptors."
    )
    return 1 if result.left else 0


def _codeowners(args) -> int:
    from build_scripts.contribute import codeowners

    return codeowners.main(args.check)


def _changed_pages(args) -> int:
    from build_scripts.dev import preview

    text = preview.as_markdown(preview.changed_pages(Path(args.base_site), Path(args.site)))
    print(text)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    return 0


def _release_asset(args) -> int:
    """The deploy workflow's step: the asset and notes of the site's release, and its name for the next step."""
    from build_scripts.downloads.release_asset import write_release_asset

    record = write_release_asset(Path(args.site), Path(args.out))
    if record is None:
        print(
            "この版はコミットされていないデータの版です。GitHub Release は作りません。A local release: nothing to attach."
        )
    else:
        print(
            f"データ版 {record['version']}（{record['commit'][:7]}）の添付ファイルを {args.out} に書きました。"
        )
    if args.github_output:
        with open(args.github_output, "a", encoding="utf-8") as handle:
            handle.write(
                f"version={record['version']}\ncommit={record['commit']}\n" if record else "version=\n"
            )
    return 0


NO_EDITION = "データにエラーがあるため、版を作りませんでした。The data has errors: no edition was made."


def _edition(args) -> int:
    from build_scripts.build import Stages, validated
    from build_scripts.contribute import edition
    from build_scripts.settings import build_date

    root = Path(args.root).resolve()
    if reason := edition.edition_problem(args.id, root, build_date()):
        print(reason, file=sys.stderr)
        return 2
    derived = validated(root, Stages(), unchanged=NO_EDITION)  # the build's own validate → derive
    if derived is None:
        return 1
    site = derived.site
    folder = edition.write_edition(root, args.id, site, derived.summaries)
    print(
        f"{args.id} 版を作りました: {paths.display(folder)}（{len(site.real_plans)} 件の計画）。コミットしてください。"
        "版は一度コミットしたら変えません。"
    )
    return 0


def refused_settings() -> bool:
    """Say which environment settings were refused (they would reach every page): a build stops on them."""
    from build_scripts import settings

    for reason in settings.REFUSED:
        print(reason, file=sys.stderr)
    return bool(settings.REFUSED)


def _build(args) -> int:
    from build_scripts.build import build

    if refused_settings():
        return 2
    return build(Path(args.out), root=Path(args.root).resolve(), engine=args.engine, search=args.search)


def _serve(args) -> int:
    from build_scripts.dev.serve import serve

    if refused_settings():
        return 2
    return serve(Path(args.out), args.port)


def _make_geodata(args) -> int:
    from build_scripts.dev import geodata

    return geodata.main()


def _make_reference(args) -> int:
    from build_scripts.dev import reference

    return reference.main()


ROOT_HELP = "データパッケージのフォルダ（既定: datapackages）"


def parser() -> argparse.ArgumentParser:
    """The commands, by who uses them."""
    root = argparse.ArgumentParser(prog="chiiki", description="地域未来戦略 計画データの検証とサイト生成")
    commands = root.add_subparsers(dest="command", required=True)
    add_site_commands(commands)
    add_contributor_commands(commands)
    add_maintainer_commands(commands)
    return root


def command(commands, name: str, run, help: str, *, root: bool = False) -> argparse.ArgumentParser:
    """A sub-command that runs `run`; with `root`, the --root option every data command takes."""
    sub = commands.add_parser(name, help=help)
    if root:
        sub.add_argument("--root", default=str(paths.DATAPACKAGES), help=ROOT_HELP)
    sub.set_defaults(run=run)
    return sub


def add_site_commands(commands) -> None:
    """Validate, build and serve: what CI and everyone building the site run."""
    validate = command(commands, "validate", _validate, "データパッケージを検証する", root=True)
    validate.add_argument("paths", nargs="*", help="検証する計画のフォルダやファイル（省略時はすべて）")
    validate.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text＝人向け、json＝機械向け、github＝GitHub Actions の注釈",
    )
    validate.add_argument(
        "--summary", metavar="FILE", help="Markdown の集計を FILE に追記する（例: $GITHUB_STEP_SUMMARY）"
    )
    validate.add_argument(
        "--changed-since", metavar="REF", help="REF から変更された計画だけを検証する（git）"
    )
    build = command(commands, "build", _build, "検証してサイトとダウンロードを生成する", root=True)
    build.add_argument("--out", default=str(paths.DEFAULT_SITE), help="出力フォルダ（既定: build/site）")
    build.add_argument(
        "--engine",
        choices=["mkdocs", "zensical"],
        default="mkdocs",
        help="サイトエンジン（既定: mkdocs。zensical は pip install -e '.[zensical]' の後で）",
    )
    build.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="検索インデックスを作らない（ページを確かめるだけの速い生成。検索ページは何も見つけません）",
    )
    serve = command(commands, "serve", _serve, "生成して localhost で表示し、データの変更で再生成する")
    serve.add_argument("--out", default=str(paths.DEFAULT_SITE))
    serve.add_argument("--port", type=int, default=8000)


def add_contributor_commands(commands) -> None:
    """What prefecture and municipality staff use to write a plan."""
    new = command(commands, "new-plan", _new_plan, "新しい計画のひな形を作る", root=True)
    new.add_argument("--kind", choices=["A", "B", "C"], required=True)
    new.add_argument("--id", required=True, help="計画ID（英小文字・数字・ハイフン）")
    new.add_argument("--block", help="A: 地域ブロックID")
    new.add_argument("--prefecture", help="B・C: 都道府県コード（2桁）")
    new.add_argument("--municipality", help="C: 団体コード（6桁）")
    export = command(commands, "export-xlsx", _export_xlsx, "計画を Excel ファイルに書き出す")
    export.add_argument("plan", help="計画のフォルダ")
    export.add_argument("--out")
    export.add_argument(
        "--progress",
        action="store_true",
        help="進捗報告の提出用の小さなブック（計画ID と KPI を記入済み）にする",
    )
    template = command(
        commands, "xlsx-template", _xlsx_template, "計画の種類ごとの Excel テンプレートを書き出す"
    )
    template.add_argument(
        "--kind",
        choices=["A", "B", "C", "progress"],
        required=True,
        help="progress＝半期ごとの進捗報告のブック",
    )
    template.add_argument("--out")
    importer = command(
        commands, "import-xlsx", _import_xlsx, "記入した Excel ファイルを計画のデータに取り込む", root=True
    )
    importer.add_argument("file")
    command(commands, "fmt", _fmt, "datapackage.yaml を正規の書式（項目の順序）に整える", root=True)


def add_maintainer_commands(commands) -> None:
    """What maintainers run: editions, CODEOWNERS, the pull-request preview, the reference data."""
    edition = command(
        commands,
        "edition",
        _edition,
        "このサイトの投資マップの版を作る（datapackages/editions/<ID>/、コミットして公開）",
        root=True,
    )
    edition.add_argument("--id", required=True, help="版の ID（YYYY-MM、例: 2026-11）")
    convert = command(
        commands,
        "convert-uploads",
        _convert_uploads,
        "プルリクエストでアップロードされた Excel ブックを変換する（CI 用。添付ファイルにする）",
        root=True,
    )
    convert.add_argument("--changed-since", required=True, metavar="REF")
    convert.add_argument("--out", required=True, help="変換した計画のファイルを書くフォルダ")
    convert.add_argument("--summary", metavar="FILE")
    convert.add_argument("--artifact", default="converted-plans", help="添付ファイルの名前（集計に書く）")
    asset = command(
        commands,
        "release-asset",
        _release_asset,
        "ビルドしたサイトの版を GitHub Release に添付する形にする（公開用）",
    )
    asset.add_argument("--site", required=True, help="chiiki build の出力フォルダ")
    asset.add_argument("--out", required=True, help="添付ファイル（zip と notes.md）を書くフォルダ")
    asset.add_argument("--github-output", metavar="FILE", help="版とコミットを書く（$GITHUB_OUTPUT）")
    codeowners = command(commands, "codeowners", _codeowners, ".github/CODEOWNERS を参照データから生成する")
    codeowners.add_argument("--check", action="store_true", help="最新かどうかだけを確かめる（CI 用）")
    changed = command(
        commands, "changed-pages", _changed_pages, "2つのビルドを比べ、変わるページを一覧にする"
    )
    changed.add_argument("--base-site", required=True)
    changed.add_argument("--site", required=True)
    changed.add_argument("--summary", metavar="FILE")
    command(commands, "make-reference", _make_reference, "参照データ（都道府県・市区町村）を再生成する")
    command(commands, "make-geodata", _make_geodata, "地図の境界（GeoJSON）を japanmap から再生成する")


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    return args.run(args)
