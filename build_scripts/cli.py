"""The command line: chiiki validate | build | serve | make-reference. Thin: parses and delegates."""
import argparse
import sys
from pathlib import Path

from build_scripts import paths


def _validate(args) -> int:
    from build_scripts import load, report
    from build_scripts.validate import validate

    missing = [t for t in args.paths if not Path(t).exists()]
    if missing:
        print(f"パスが見つかりません: {', '.join(missing)}\nNo such path.", file=sys.stderr)
        return 2
    root = Path(args.root).resolve()
    plan_dirs = load.plan_dirs_for(args.paths, root) if args.paths else None
    result = validate(plan_dirs, root=root)
    checked = len(plan_dirs) if plan_dirs is not None else len(load.discover(root))
    formats = {"json": lambda: report.as_json(result.problems), "github": lambda: report.as_github(result.problems),
               "text": lambda: report.as_text(result.problems, checked)}
    print(formats[args.format]())
    if args.summary:
        names = [paths.display(d) for d in (plan_dirs if plan_dirs is not None else load.discover(root))]
        with open(args.summary, "a", encoding="utf-8") as handle:
            handle.write(report.as_summary(result.problems, names) + "\n")
    return 0 if result.valid else 1


def _build(args) -> int:
    from build_scripts.build import build

    return build(Path(args.out), root=Path(args.root).resolve())


def _serve(args) -> int:
    from build_scripts.serve import serve

    return serve(Path(args.out), args.port)


def _make_reference(args) -> int:
    from build_scripts import reference

    return reference.main()


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="chiiki", description="地域未来戦略 計画データの検証とサイト生成")
    commands = root.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="データパッケージを検証する")
    validate.add_argument("paths", nargs="*", help="検証する計画のフォルダやファイル（省略時はすべて）")
    validate.add_argument("--format", choices=["text", "json", "github"], default="text",
                          help="text＝人向け、json＝機械向け、github＝GitHub Actions の注釈")
    validate.add_argument("--summary", metavar="FILE", help="Markdown の集計を FILE に追記する（例: $GITHUB_STEP_SUMMARY）")
    validate.add_argument("--root", default=str(paths.DATAPACKAGES), help="データパッケージのフォルダ（既定: datapackages）")
    validate.set_defaults(run=_validate)
    build = commands.add_parser("build", help="検証してサイトとダウンロードを生成する")
    build.add_argument("--out", default=str(paths.DEFAULT_SITE), help="出力フォルダ（既定: build/site）")
    build.add_argument("--root", default=str(paths.DATAPACKAGES), help="データパッケージのフォルダ（既定: datapackages）")
    build.set_defaults(run=_build)
    serve = commands.add_parser("serve", help="生成して localhost で表示し、データの変更で再生成する")
    serve.add_argument("--out", default=str(paths.DEFAULT_SITE))
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)
    make_reference = commands.add_parser("make-reference", help="参照データ（都道府県・市区町村）を再生成する")
    make_reference.set_defaults(run=_make_reference)
    return root


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    return args.run(args)
