"""Print a validation report for people (Japanese, English second line) or machines (JSON)."""

import json
import re
from collections import Counter, defaultdict

from build_scripts import settings, urls
from build_scripts.model import Problem
from build_scripts.rules import ERROR, RULES, WARNING

GRADE_JA = {"error": "エラー", "warning": "警告"}


def location(problem: Problem) -> str:
    parts = [problem.file]
    if problem.row:  # a CSV row, numbered as in a spreadsheet
        parts.append(f"{problem.row}行目")
    elif problem.line:  # a line of datapackage.yaml
        parts.append(f"{problem.line}行目")
    if problem.column:
        parts.append(f"列 {problem.column}" + (f"（セル {problem.cell}）" if problem.cell else ""))
    return " ".join(parts)


_INERT = {code: f"\\x{code:02x}" for code in [*range(32), 127]} | {10: "\\n", 13: "\\r", 9: "\\t"}


def inert(text: str) -> str:
    """Text from the data on one log line: no newline or control character can start a line of its own (a CSV
    header could otherwise print `::error` lines into a CI log)."""
    return text.translate(_INERT)


def as_text(problems: list[Problem], plan_count: int) -> str:
    lines = []
    for problem in problems:
        rule = RULES[problem.rule]
        data = problem.as_dict()
        lines.append(inert(location(problem)))
        lines.append(f"  {GRADE_JA[rule.grade]} [{rule.id}] {inert(data['message'])}")
        if problem.value is not None:
            lines.append(f"  値: {problem.value!r}")
        lines.append(f"  直し方: {data['hint']}")
        lines.append(f"  ヘルプ: {help_url(rule.id)}")
        lines.append(f"  ({rule.grade}) {rule.title_en}")
    counts = Counter(p.grade for p in problems)
    lines.append(
        f"{plan_count} 件の計画を検査しました：エラー {counts[ERROR]} 件、警告 {counts['warning']} 件。"
    )
    lines.append(f"Checked {plan_count} plans: {counts[ERROR]} errors, {counts['warning']} warnings.")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    return json.dumps(
        [p.as_dict() | {"help": help_url(p.rule)} for p in problems], ensure_ascii=False, indent=2
    )


def help_url(rule_id: str) -> str:
    return urls.absolute(urls.rule(rule_id), settings.SITE_URL)


def _escape_data(text: str) -> str:
    """GitHub workflow-command data: % CR LF are escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


ANNOTATIONS_SHOWN = 10  # GitHub shows at most 10 annotations of each kind per step


def as_github(problems: list[Problem]) -> str:
    """One workflow command per problem: GitHub shows it on the file and line of the pull request. When there
    are more than GitHub shows, the first one says how many there are and where all of them are listed."""
    lines = []
    errors = sum(1 for p in problems if p.grade == ERROR)
    if len(problems) > ANNOTATIONS_SHOWN:
        count = f"問題は {len(problems)} 件（エラー {errors} 件）あります。GitHub の注釈は最初の {ANNOTATIONS_SHOWN} 件だけです。"
        where = "すべての問題は、この検査の「Summary」（ジョブの概要）に表で載っています。"
        level = "error" if errors else "warning"
        lines.append(f"::{level} title={_escape_property('問題の数')}::{_escape_data(count + where)}")
    for problem in problems:
        data, rule = problem.as_dict(), RULES[problem.rule]
        level = "error" if rule.grade == ERROR else "warning"
        properties = [f"file={_escape_property(problem.file)}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_escape_property(f'[{rule.id}] {rule.title}')}")
        where = f"{problem.row}行目 " if problem.row else ""
        where += f"列 {problem.column} " if problem.column else ""
        value = f"値: {problem.value!r}\n" if problem.value is not None else ""
        message = (
            f"{where}{data['message']}\n{value}直し方: {data['hint']}\nヘル"
            f"プ: {help_url(rule.id)}\n({rule.grade}) {rule.title_en}"
        )
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(message)}")
    return "\n".join(lines)


_MARKUP = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character: Markdown's and HTML's syntax


def _cell(text) -> str:
    """A value inside a Markdown table of the job summary, shown as the text it is: every ASCII punctuation
    character as a character reference (no link, image, autolink, emphasis, HTML or pipe can form), every line
    break (CR too) as a space."""
    text = re.sub(r"[\r\n\u2028\u2029]", " ", "" if text is None else str(text))
    return _MARKUP.sub(lambda match: f"&#{ord(match.group())};", text)


def _table(problems: list[Problem]) -> list[str]:
    rows = ["| ファイル | 行 | 列 | 値 | 内容 |", "|---|---|---|---|---|"]
    for p in problems:
        rows.append(
            (
                f"| {_cell(p.file)} | {_cell(p.row or p.line or '')} |"
                f" {_cell(p.column or '')} | {_cell(p.value)} | {_cell(p.detail)} |"
            )
        )
    return rows


def as_summary(problems: list[Problem], plan_names: list[str], first: int = 5) -> str:
    """The job summary in Japanese: grouped by rule, with a count, the first examples and all rows."""
    counts = Counter(p.grade for p in problems)
    verdict = "✅ エラーはありません" if not counts[ERROR] else f"❌ エラー {counts[ERROR]} 件"
    lines = [
        f"## データ検証の結果：{verdict}（警告 {counts[WARNING]} 件）",
        "",
        f"検査した計画（{len(plan_names)} 件）：" + ("、".join(_cell(n) for n in plan_names) or "なし"),
        "",
        "検査した内容：UTF-8 と CSV の書式、共有スキーマの列・型・必須・書式・値の範囲、キーの重複と参照、"
        "法人番号と団体コードのチェックディジット、参照データ（都道府県・ブロック・17分野・市区町村）、"
        "計画メタデータの規約、日付の前後、状態ごとの必須項目、URL、数式として実行される値、記載例の表示、"
        "リポジトリ全体での計画IDの重複。",
        "",
    ]
    groups: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        groups[problem.rule].append(problem)
    for rule_id, found in sorted(groups.items(), key=lambda item: (RULES[item[0]].grade != ERROR, item[0])):
        rule = RULES[rule_id]
        grade = "エラー" if rule.grade == ERROR else "警告"
        lines += [
            f"### {grade}：{rule.title}（{len(found)} 件） `{rule.id}`",
            "",
            f"直し方：{rule.hint} [ヘルプ]({help_url(rule.id)})",
            "",
        ]
        lines += _table(found[:first]) + [""]
        if len(found) > first:
            lines += (
                [f"<details><summary>全 {len(found)} 件を表示</summary>", ""]
                + _table(found)
                + ["", "</details>", ""]
            )
    return "\n".join(lines)


def conversion_summary(results, artifact: str) -> str:
    """The job summary of the workflow's own conversion of uploaded workbooks: for each, the folder its files
    belong in (they are attached to the run as `artifact`), or its problems, by sheet, row and column."""
    lines = ["## Excel ブックの変換", ""]
    if not results:
        return "\n".join(lines + ["変換するブック（.xlsx）はありません。", ""])
    for result in results:
        if result.folder:
            lines += [
                f"### ✅ {_cell(result.upload)} を変換しました",
                "",
                f"このジョブの添付ファイル（Artifacts）「{_cell(artifact)}」の中の {_cell(result.folder)}/ に、"
                f"計画のファイル（{_cell('、'.join(result.files))}）があります。"
                f"それをリポジトリの {_cell(result.folder)}/ にアップロードし、ブックはプルリクエストから削除してください。",
                "",
            ]
        else:
            errors = sum(1 for p in result.problems if p.grade == ERROR)
            lines += [
                f"### ❌ {_cell(result.upload)} は変換できません（エラー {errors} 件）",
                "",
                "ブックを直してから、もう一度アップロードしてください"
                "（検査と変換のページ /contribute/check/ でも同じ検査ができます）。",
                "",
                *_table(result.problems),
                "",
            ]
    return "\n".join(lines)


def usage_summary(message: str) -> str:
    """The job summary of a run that could not check anything (exit 2): the reason, as text."""
    lines = [f"> {_cell(line)}" for line in message.splitlines()]
    return "\n".join(["## データ検証の結果：⚠️ 検証できませんでした", "", *lines, ""])
