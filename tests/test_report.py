"""The report formats: GitHub annotations parse back into file/line/message; the job summary groups by rule."""

import re

from conftest import B_PLAN, set_cell

from build_scripts.model import Problem
from build_scripts.validate import report, validate

ANNOTATION = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    return (
        text.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def parse(line: str) -> dict:
    match = ANNOTATION.match(line)
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    return {
        "level": match[1],
        **{k: unescape(v) for k, v in props.items()},
        "message": unescape(match["message"]),
    }


def test_github_annotations_parse_back_to_file_line_and_message(repo):
    set_cell(repo / B_PLAN / "companies.csv", 3, "corporate_number", "7010401067252")
    set_cell(repo / B_PLAN / "companies.csv", 2, "municipality_code", "271004")  # a warning
    lines = report.as_github(validate(root=repo).problems).splitlines()
    parsed = sorted((parse(line) for line in lines), key=lambda a: a["level"])
    assert [a["level"] for a in parsed] == ["error", "warning"]
    error = parsed[0]
    assert error["file"].endswith("b-fixture-tokyo/companies.csv") and error["line"] == "3"
    assert error["title"] == "[corporate-number] 法人番号のチェックディジットが正しくありません"
    assert "3行目 列 corporate_number" in error["message"] and "直し方:" in error["message"]
    assert "ヘルプ: rules/corporate-number/" in error["message"]


def test_annotation_escapes_what_would_end_the_command():
    problem = Problem("required", "a,b:c.csv", "x\ny%", row=2, line=2, column="name", value="::error::")
    [line] = report.as_github([problem]).splitlines()
    annotation = parse(line)
    assert annotation["file"] == "a,b:c.csv"
    assert "x\ny%" in annotation["message"]


def test_physical_line_follows_multi_line_cells(repo):
    path = repo / B_PLAN / "measures.csv"
    text = path.read_text(encoding="utf-8").replace("意義", '"意義の\n2行目"', 1)
    path.write_text(text + "m-02,施策2,,,,,,,bad\n", encoding="utf-8")
    [problem] = validate(root=repo).problems
    assert (problem.row, problem.line) == (3, 4)


def test_summary_groups_by_rule_with_counts_examples_and_all_rows():
    problems = [
        Problem("required", "f.csv", "name は必須です。", row=n, column="name", value="")
        for n in range(2, 10)
    ]
    problems.append(Problem("whitespace", "g.csv", "", row=2, column="role", value=" <b>|x "))
    summary = report.as_summary(problems, ["plan-a"])
    assert summary.startswith("## データ検証の結果：❌ エラー 8 件（警告 1 件）")
    assert "### エラー：必須の値が空です（8 件） `required`" in summary
    assert "<details><summary>全 8 件を表示</summary>" in summary
    assert summary.index("必須の値が空です") < summary.index("値の前後に空白があります")
    assert "&#60;b&#62;&#124;x" in summary and "<b>" not in summary.replace("<details>", "")


HOSTILE_TEXT = [
    "[押してください](https://evil.example/)",
    "![](https://evil.example/pixel.png)",
    "**太字** _斜体_ ~~消す~~",
    "<img src=x onerror=alert(1)>",
    "https://evil.example/ と www.evil.example",
    "a\rb|c\nd",
    "# 見出し",
]


def test_contributed_text_in_the_summary_is_shown_as_text_never_as_markup():
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    problems = [
        Problem("whitespace", "g.csv", text, row=2, column="role", value=text) for text in HOSTILE_TEXT
    ]
    summary = report.as_summary(problems, ["plan-a"], first=len(problems))
    page = BeautifulSoup(MarkdownIt("commonmark").enable("table").render(summary), "html.parser")
    rows = page.select("table")[0].select("tbody tr")
    assert len(rows) == len(HOSTILE_TEXT)  # a CR or a pipe did not break the table
    for row, text in zip(rows, HOSTILE_TEXT):
        assert not row.select("a, img, strong, em, s, del, h1, script")
        cells = [cell.get_text() for cell in row.select("td")]
        assert cells[3] == cells[4] == text.replace("\r", " ").replace("\n", " ")
    table = "".join(line for line in summary.splitlines() if line.startswith("|"))
    assert "https://" not in table and "www.evil" not in table  # nothing for GitHub's autolinks to find


def test_green_summary_says_what_was_checked():
    summary = report.as_summary([], ["plan-a", "plan-b"])
    assert (
        "✅ エラーはありません" in summary
        and "検査した計画（2 件）" in summary
        and "チェックディジット" in summary
    )


def test_more_problems_than_github_shows_are_counted_in_the_first_annotation():
    problems = [
        Problem("required", "f.csv", "name は必須です。", row=n, column="name", value="")
        for n in range(2, 30)
    ]
    lines = report.as_github(problems).splitlines()
    assert len(lines) == 29
    assert lines[0].startswith("::error title=問題の数::問題は 28 件（エラー 28 件）")
    assert "Summary" in lines[0]
    assert len(report.as_github(problems[:10]).splitlines()) == 10  # up to ten: no count line
