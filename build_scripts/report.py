"""Print a validation report for people (Japanese, English second line) or machines (JSON)."""
import json
from collections import Counter

from build_scripts.model import Problem
from build_scripts.rules import ERROR, RULES

GRADE_JA = {"error": "エラー", "warning": "警告"}


def location(problem: Problem) -> str:
    parts = [problem.file]
    if problem.line:
        parts.append(f"{problem.line}行目")
    if problem.row:
        parts.append(f"{problem.row}行目")
    if problem.column:
        parts.append(f"列 {problem.column}")
    return " ".join(parts)


def as_text(problems: list[Problem], plan_count: int) -> str:
    lines = []
    for problem in problems:
        rule = RULES[problem.rule]
        data = problem.as_dict()
        lines.append(f"{location(problem)}")
        lines.append(f"  {GRADE_JA[rule.grade]} [{rule.id}] {data['message']}")
        if problem.value is not None:
            lines.append(f"  値: {problem.value!r}")
        lines.append(f"  直し方: {rule.hint}")
        lines.append(f"  ({rule.grade}) {rule.title_en}")
    counts = Counter(p.grade for p in problems)
    lines.append(f"{plan_count} 件の計画を検査しました：エラー {counts[ERROR]} 件、警告 {counts['warning']} 件。")
    lines.append(f"Checked {plan_count} plans: {counts[ERROR]} errors, {counts['warning']} warnings.")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)
