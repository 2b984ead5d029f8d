"""One invalid fixture per rule: each asserts the rule, grade, file, row or line, column and the Japanese message."""

import ast
import pathlib
import shutil
import unicodedata

import pytest
from conftest import A_PLAN, B_PLAN, C_PLAN, edit_plan, read_rows, set_cell, write_rows

from build_scripts.validate import validate


def problems_of(repo):
    return [p.as_dict() for p in validate(root=repo).problems]


def test_the_fixture_repository_is_valid(repo):
    assert problems_of(repo) == []


def cell(plan, resource, row, column, value):
    def mutate(repo):
        set_cell(repo / plan / f"{resource}.csv", row, column, value)

    return mutate


def meta(plan, change):
    def mutate(repo):
        edit_plan(repo / plan, lambda d: change(d["plan"]))

    return mutate


def descriptor(plan, change):
    def mutate(repo):
        edit_plan(repo / plan, change)

    return mutate


def add_column(plan, resource, name, value):
    def mutate(repo):
        path = repo / plan / f"{resource}.csv"
        rows = read_rows(path)
        write_rows(path, [rows[0] + [name]] + [r + [value] for r in rows[1:]])

    return mutate


def recode(plan, resource, codec):
    def mutate(repo):
        path = repo / plan / f"{resource}.csv"
        path.write_bytes(
            path.read_text(encoding="utf-8").encode(codec, errors="replace")
        )  # as Excel saves 𠮷 in Shift_JIS: "?"

    return mutate


# (id, mutation, rule, file ending, row, column, words in the message)
CASES = [
    (
        "corporate-number",
        cell(B_PLAN, "companies", 2, "corporate_number", "7010401067252"),
        "corporate-number",
        "companies.csv",
        2,
        "corporate_number",
        "チェックディジット",
    ),
    (
        "municipality-check-digit",
        cell(B_PLAN, "companies", 3, "municipality_code", "131025"),
        "municipality-code",
        "companies.csv",
        3,
        "municipality_code",
        "チェックディジット",
    ),
    (
        "municipality-unknown",
        cell(B_PLAN, "companies", 3, "municipality_code", "139998"),
        "municipality-code",
        "companies.csv",
        3,
        "municipality_code",
        "市区町村一覧にありません",
    ),
    (
        "municipality-five-digits",
        cell(B_PLAN, "companies", 2, "municipality_code", "13101"),
        "pattern",
        "companies.csv",
        2,
        "municipality_code",
        "書式",
    ),
    (
        "full-width-digits",
        cell(B_PLAN, "investments", 2, "scale_oku_yen", "４５"),
        "type",
        "investments.csv",
        2,
        "scale_oku_yen",
        "半角数字",
    ),
    (
        "thousands-separator",
        cell(B_PLAN, "investments", 2, "scale_oku_yen", "12,345"),
        "type",
        "investments.csv",
        2,
        "scale_oku_yen",
        "コンマなし",
    ),
    (
        "slash-date",
        cell(B_PLAN, "progress", 2, "report_date", "2026/03/31"),
        "type",
        "progress.csv",
        2,
        "report_date",
        "YYYY-MM-DD",
    ),
    (
        "era-date",
        cell(B_PLAN, "progress", 2, "report_date", "令和8年3月31日"),
        "type",
        "progress.csv",
        2,
        "report_date",
        "YYYY-MM-DD",
    ),
    ("required", cell(B_PLAN, "companies", 4, "name", ""), "required", "companies.csv", 4, "name", "必須"),
    (
        "enum",
        cell(B_PLAN, "measures", 2, "state", "実施中"),
        "enum",
        "measures.csv",
        2,
        "state",
        "in_progress",
    ),
    (
        "range",
        cell(B_PLAN, "investments", 2, "start_fy", "1999"),
        "range",
        "investments.csv",
        2,
        "start_fy",
        "2000 以上",
    ),
    (
        "corporate-number-pattern",
        cell(B_PLAN, "companies", 3, "corporate_number", "1180-3010-18771"),
        "pattern",
        "companies.csv",
        3,
        "corporate_number",
        "書式",
    ),
    (
        "foreign-key",
        cell(B_PLAN, "progress", 3, "kpi_id", "missing"),
        "foreign-key",
        "progress.csv",
        3,
        "kpi_id",
        "kpis",
    ),
    (
        "formula-prefix",
        cell(B_PLAN, "companies", 2, "industry", '=HYPERLINK("http://x")'),
        "formula-prefix",
        "companies.csv",
        2,
        "industry",
        "数式",
    ),
    (
        "control-character",
        cell(B_PLAN, "companies", 2, "role", "中核\x07企業"),
        "control-character",
        "companies.csv",
        2,
        "role",
        "制御文字",
    ),
    (
        "extra-column",
        add_column(B_PLAN, "investments", "company_name", "秘密株式会社"),
        "extra-column",
        "investments.csv",
        1,
        "company_name",
        "スキーマにありません",
    ),
    (
        "strategic-field-in-row",
        cell(A_PLAN, "core_projects", 2, "field_numbers", "1;18"),
        "strategic-field",
        "core_projects.csv",
        2,
        "field_numbers",
        "18",
    ),
    (
        "prefecture-code",
        cell(A_PLAN, "core_projects", 2, "prefecture_code", "48"),
        "prefecture-code",
        "core_projects.csv",
        2,
        "prefecture_code",
        "都道府県コード",
    ),
    (
        "row-order",
        cell(B_PLAN, "investments", 2, "end_fy", "2025"),
        "date-order",
        "investments.csv",
        2,
        "end_fy",
        "後",
    ),
    ("cp932", recode(B_PLAN, "companies", "cp932"), "encoding", "companies.csv", 2, None, "Shift_JIS"),
    ("utf16", recode(B_PLAN, "companies", "utf-16"), "encoding", "companies.csv", None, None, "UTF-16"),
    (
        "url-scheme",
        meta(B_PLAN, lambda m: m["sources"][0].update(url="javascript:alert(1)")),
        "url-scheme",
        "datapackage.yaml",
        None,
        None,
        "http",
    ),
    (
        "unquoted-code",
        meta(B_PLAN, lambda m: m["area"].update(prefectures=[13])),
        "plan-metadata",
        "datapackage.yaml",
        None,
        None,
        "引用符",
    ),
    (
        "unknown-status",
        meta(B_PLAN, lambda m: m.update(status="published")),
        "plan-metadata",
        "datapackage.yaml",
        None,
        None,
        "draft / outline / approved / withdrawn",
    ),
    (
        "missing-sources",
        meta(B_PLAN, lambda m: m.pop("sources")),
        "plan-metadata",
        "datapackage.yaml",
        None,
        None,
        "sources",
    ),
    (
        "unknown-key",
        meta(B_PLAN, lambda m: m.update(secret="x")),
        "plan-metadata",
        "datapackage.yaml",
        None,
        None,
        "secret",
    ),
    (
        "impossible-date",
        meta(B_PLAN, lambda m: m.update(published_on="2026-02-30")),
        "date",
        "datapackage.yaml",
        None,
        None,
        "日付",
    ),
    (
        "dates-order",
        meta(B_PLAN, lambda m: m.update(updated_on="2026-01-01")),
        "date-order",
        "datapackage.yaml",
        None,
        None,
        "updated_on",
    ),
    (
        "period-order",
        meta(B_PLAN, lambda m: m.update(period={"start_fy": 2030, "end_fy": 2026})),
        "date-order",
        "datapackage.yaml",
        None,
        None,
        "period",
    ),
    (
        "approved-needs-published-on",
        meta(B_PLAN, lambda m: m.pop("published_on")),
        "status",
        "datapackage.yaml",
        None,
        None,
        "published_on",
    ),
    (
        "withdrawn-needs-date",
        meta("prefectures/13-tokyo/c-fixture-withdrawn", lambda m: m.pop("withdrawn_on")),
        "status",
        "datapackage.yaml",
        None,
        None,
        "withdrawn_on",
    ),
    (
        "block-id",
        meta(A_PLAN, lambda m: m["area"].update(block="kansai")),
        "block-id",
        "datapackage.yaml",
        None,
        None,
        "ブロック",
    ),
    (
        "prefecture-outside-block",
        meta(A_PLAN, lambda m: m["area"].update(prefectures=["40", "13"])),
        "area",
        "datapackage.yaml",
        None,
        None,
        "東京都",
    ),
    (
        "strategic-field",
        meta(B_PLAN, lambda m: m["fields"][0].update(strategic_fields=[0])),
        "plan-metadata",
        "datapackage.yaml",
        None,
        None,
        "minimum",
    ),
    (
        "example-label",
        meta(B_PLAN, lambda m: m.update(example=True)),
        "example-label",
        "datapackage.yaml",
        None,
        None,
        "記載例",
    ),
    (
        "requirement-key",
        meta(
            "prefectures/13-tokyo/c-fixture-chiyoda", lambda m: m.update(requirements={"localization": "x"})
        ),
        "requirement-key",
        "datapackage.yaml",
        None,
        None,
        "要件ID",
    ),
    (
        "folder-layout",
        meta(C_PLAN, lambda m: m.update(id="c-other-id")),
        "folder-layout",
        "datapackage.yaml",
        None,
        None,
        "フォルダ名",
    ),
    (
        "resource-kind",
        descriptor(
            C_PLAN,
            lambda d: d["resources"].append(
                {
                    "name": "companies",
                    "path": "companies.csv",
                    "schema": "../../../schemas/companies.schema.yaml",
                }
            ),
        ),
        "resource-kind",
        "datapackage.yaml",
        None,
        None,
        "B の計画だけ",
    ),
    (
        "schema-redefined",
        descriptor(C_PLAN, lambda d: d["resources"][0].update(schema={"fields": []})),
        "resource-declaration",
        "datapackage.yaml",
        None,
        None,
        "schema",
    ),
    (
        "unsafe-path",
        descriptor(C_PLAN, lambda d: d["resources"][0].update(path="/etc/passwd")),
        "resource-declaration",
        "datapackage.yaml",
        None,
        None,
        "path",
    ),
    (
        "descriptor-keys",
        descriptor(C_PLAN, lambda d: d.update(licenses=[])),
        "descriptor-keys",
        "datapackage.yaml",
        None,
        None,
        "plan: と resources:",
    ),
    (
        "formula-in-metadata",
        meta(B_PLAN, lambda m: m.update(goal="@SUM(A1)")),
        "formula-prefix",
        "datapackage.yaml",
        None,
        None,
        "数式",
    ),
    (
        "file-missing",
        lambda repo: (repo / B_PLAN / "measures.csv").unlink(),
        "file-missing",
        "measures.csv",
        None,
        None,
        "CSV",
    ),
    (
        "missing-column",
        lambda repo: write_rows(
            repo / B_PLAN / "measures.csv", [row[1:] for row in read_rows(repo / B_PLAN / "measures.csv")]
        ),
        "missing-column",
        "measures.csv",
        1,
        "measure_id",
        "列",
    ),
    (
        "duplicate-column",
        lambda repo: write_rows(
            repo / B_PLAN / "measures.csv",
            [row + row[-1:] for row in read_rows(repo / B_PLAN / "measures.csv")],
        ),
        "duplicate-column",
        "measures.csv",
        1,
        "state",
        "列",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_rule_reports_file_row_column_and_japanese_message(repo, case):
    _, mutate, rule, file_end, row, column, words = case
    mutate(repo)
    found = [p for p in problems_of(repo) if p["rule"] == rule and p["file"].endswith(file_end)]
    assert found, f"expected {rule} in {file_end}, got {problems_of(repo)}"
    problem = found[0]
    assert problem["row"] == row
    assert problem["column"] == column
    assert words in problem["message"] + problem["hint"]
    assert problem["grade"] == "error"
    assert problem["hint"] and problem["message_en"]
    if file_end == "datapackage.yaml":
        assert problem["line"] and problem["line"] > 0


def test_duplicate_primary_key_names_the_first_row(repo):
    set_cell(
        repo / B_PLAN / "companies.csv",
        3,
        "corporate_number",
        read_rows(repo / B_PLAN / "companies.csv")[1][0],
    )
    [problem] = [p for p in problems_of(repo) if p["rule"] == "unique-key"]
    assert (problem["row"], problem["column"]) == (3, "corporate_number")
    assert "2 行目と同じ" in problem["message"]


def test_duplicate_plan_id_across_folders(repo):
    copy = repo / "prefectures/13-tokyo/c-fixture-copy"
    shutil.copytree(repo / C_PLAN, copy)
    found = [p for p in problems_of(repo) if p["rule"] == "duplicate-plan-id"]
    assert len(found) == 2 and all("c-fixture-chiyoda" == p["value"] for p in found)


def test_undeclared_file_is_a_warning_not_an_error(repo):
    (repo / C_PLAN / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    report = validate(root=repo)
    assert report.valid
    assert [(p.rule, p.grade) for p in report.problems] == [("undeclared-file", "warning")]


def test_municipality_in_another_prefecture_is_a_warning(repo):
    set_cell(repo / B_PLAN / "companies.csv", 2, "municipality_code", "271004")
    report = validate(root=repo)
    assert report.valid
    [problem] = report.problems
    assert (problem.rule, problem.grade, problem.row) == ("area-mismatch", "warning", 2)
    assert "大阪府" in problem.detail


def test_utf8_with_bom_is_accepted(repo):
    path = repo / B_PLAN / "companies.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_of(repo) == []


def test_yaml_syntax_error_names_the_line(repo):
    path = repo / C_PLAN / "datapackage.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "resources: [\n", encoding="utf-8")
    [problem] = problems_of(repo)
    assert problem["rule"] == "yaml-syntax" and problem["line"]


def test_draft_plans_are_validated_too(repo):
    set_cell(repo / "prefectures/27-osaka/c-fixture-draft/measures.csv", 2, "state", "bad")
    assert [p["rule"] for p in problems_of(repo)] == ["enum"]


def test_validating_one_plan_reports_only_its_problems(repo):
    set_cell(repo / B_PLAN / "companies.csv", 2, "corporate_number", "7010401067252")
    set_cell(repo / A_PLAN / "core_projects.csv", 2, "prefecture_code", "48")
    only_b = validate([repo / B_PLAN], root=repo)
    assert {p.rule for p in only_b.problems} == {"corporate-number"}


def test_kpi_without_progress_for_a_year_is_a_warning(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830000000")  # 2027-12-28
    report = validate(root=repo)
    assert report.valid
    stale = [(p.file.split("/")[-2], p.row, p.value) for p in report.problems if p.rule == "kpi-stale"]
    assert stale == [
        ("b-fixture-tokyo", 2, "sales"),
        ("b-fixture-tokyo", 3, "jobs"),
        ("c-fixture-chiyoda", 2, "sales"),
    ]


def test_company_in_two_plans_is_a_warning_on_both(repo):
    number = read_rows(repo / B_PLAN / "companies.csv")[1][0]
    set_cell(repo / "prefectures/20-nagano/b-fixture-example/companies.csv", 2, "corporate_number", number)
    report = validate(root=repo)
    assert report.valid
    found = sorted((p.value, p.detail) for p in report.problems if p.rule == "company-in-two-plans")
    assert found == [(number, "ほかの計画：b-fixture-example"), (number, "ほかの計画：b-fixture-tokyo")]


def test_a_period_over_five_years_is_a_warning(repo):
    edit_plan(repo / B_PLAN, lambda d: d["plan"]["period"].update(start_fy=2026, end_fy=2035))
    [problem] = [p for p in problems_of(repo) if p["rule"] == "period-length"]
    assert problem["grade"] == "warning" and problem["file"].endswith("datapackage.yaml") and problem["line"]


def rule_assertions(source: str) -> set[str]:
    """The strings of a test module's tests that speak of rules, and of the tables their parametrize reads."""
    tree, found, tables = ast.parse(source), set(), set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.FunctionDef)
            and node.name.startswith("test_")
            and "rule" in (ast.get_source_segment(source, node) or "")
        ):
            found |= {
                c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
            tables |= {n.id for d in node.decorator_list for n in ast.walk(d) if isinstance(n, ast.Name)}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in tables for t in node.targets
        ):
            found |= {
                c.value
                for c in ast.walk(node.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
    return found


def test_every_rule_has_a_failing_fixture():
    """Every rule id is asserted by a test that speaks of rules (a rule nobody triggers is a claim nobody checks),
    read from the tests' own source."""
    from build_scripts.rules import RULES

    asserted = set().union(
        *(
            rule_assertions(path.read_text(encoding="utf-8"))
            for path in pathlib.Path(__file__).parent.glob("test_*.py")
        )
    )
    assert len(asserted) > len(RULES)
    assert sorted(set(RULES) - asserted) == []


DATES = [
    (
        lambda plan: plan.update(published_on="9999-12-31", updated_on="9999-12-31"),
        ["published_on", "updated_on"],
    ),
    (
        lambda plan: plan.update(updated_on="2026-11-23"),
        ["updated_on"],
    ),  # the day after the pinned build date
    (lambda plan: plan["sources"][0].update(date="2026-02-31"), ["date"]),
    (lambda plan: plan["sources"][0].update(date="2027-02-29"), ["date"]),
]


@pytest.mark.parametrize("change,keys", DATES, ids=["far-future", "tomorrow", "feb-31", "not-a-leap-year"])
def test_dates_that_do_not_exist_or_have_not_come_are_errors(repo, change, keys):
    edit_plan(repo / B_PLAN, lambda d: change(d["plan"]))
    text = (repo / B_PLAN / "datapackage.yaml").read_text(encoding="utf-8").splitlines()
    found = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert [p.rule for p in found] == ["date"] * len(keys)
    assert [text[p.line - 1].strip().split(":")[0].lstrip("- ") for p in found] == keys


def test_a_source_dated_by_month_is_fine(repo):
    edit_plan(repo / B_PLAN, lambda d: d["plan"]["sources"][0].update(date="2026-02"))
    assert validate(root=repo).valid


def test_a_plan_id_that_names_a_download_is_refused(repo):
    folder = repo / "prefectures" / "13-tokyo" / "datapackage"
    (repo / B_PLAN).rename(folder)
    edit_plan(folder, lambda d: d["plan"].update(id="datapackage"))
    found = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert [(p.rule, p.value) for p in found] == [("plan-metadata", "datapackage")]
    assert "datapackage.json" in found[0].detail


PLACEHOLDERS = [
    (lambda d: d["plan"].update(author="（策定した機関）"), "datapackage.yaml", "author"),
    (lambda d: d["plan"].update(summary="（架空）架空の記載例の概要です。"), "datapackage.yaml", "summary"),
    (
        lambda d: d["plan"]["sources"][0].update(title="本サイト作成の架空の記載例"),
        "datapackage.yaml",
        "title",
    ),
]


@pytest.mark.parametrize(
    "change,file,key", PLACEHOLDERS, ids=["template-placeholder", "example-text", "example-source"]
)
def test_a_placeholder_or_example_text_in_a_real_plan_is_an_error(repo, change, file, key):
    edit_plan(repo / B_PLAN, change)
    lines = (repo / B_PLAN / file).read_text(encoding="utf-8").splitlines()
    found = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert [p.rule for p in found] == ["placeholder"]
    assert lines[found[0].line - 1].strip().lstrip("- ").startswith(f"{key}:")


def test_an_example_company_copied_into_a_real_plan_is_an_error_and_a_draft_may_hold_placeholders(repo):
    set_cell(repo / B_PLAN / "companies.csv", 2, "name", "架空精密株式会社（記載例）")
    [problem] = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert (problem.rule, problem.row, problem.column) == ("placeholder", 2, "name")
    edit_plan(repo / B_PLAN, lambda d: d["plan"].update(status="draft", author="（策定した機関）"))
    assert not [p for p in validate(root=repo).problems if p.rule == "placeholder"]


REPORT_DATES = [
    ("progress.csv", "report_date", "2062-03-31", "date"),  # a year typo: not yet come
    ("revisions.csv", "revised_on", "2027-07-01", "date"),
]


@pytest.mark.parametrize("file,column,value,rule", REPORT_DATES, ids=["future-report", "future-revision"])
def test_a_report_or_revision_that_has_not_happened_is_an_error(repo, file, column, value, rule):
    set_cell(repo / B_PLAN / file, 2, column, value)
    found = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert [(p.rule, p.file.rsplit("/", 1)[1], p.row, p.column) for p in found] == [(rule, file, 2, column)]


def test_a_prefectures_plan_under_another_block_is_an_error(repo):
    edit_plan(repo / B_PLAN, lambda d: d["plan"]["area"].update(block="chubu"))  # 東京都 is in 関東
    [problem] = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert problem.rule == "area" and "ブロックに属しません" in problem.detail


def without_companies(repo):
    (repo / B_PLAN / "companies.csv").unlink()
    edit_plan(
        repo / B_PLAN, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "companies"])
    )


def header_only_companies(repo):
    path = repo / B_PLAN / "companies.csv"
    write_rows(path, read_rows(path)[:1])


@pytest.mark.parametrize("change", [without_companies, header_only_companies], ids=["no-file", "no-rows"])
def test_an_approved_b_plan_without_its_list_of_companies_is_an_error(repo, change):
    """A deleted sheet or file would otherwise publish a B plan as having selected no company (rule
    missing-table); an outline may come before its list."""
    change(repo)
    found = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert [(p.rule, p.file.rsplit("/", 1)[1]) for p in found] == [("missing-table", "datapackage.yaml")]
    edit_plan(repo / B_PLAN, lambda d: d["plan"].update(status="outline"))
    assert not [p for p in validate(root=repo).problems if p.rule == "missing-table"]


def test_a_schema_error_does_not_hide_the_other_rules(repo):
    """Everything wrong is told in one round: a source date of the wrong form (a schema rule, plan-metadata) and
    a placeholder author (the rule placeholder) are both reported, the date once."""
    edit_plan(
        repo / B_PLAN,
        lambda d: (
            d["plan"]["sources"][0].update(date="令和8年4月1日"),
            d["plan"].update(author="（策定した機関）"),
        ),
    )
    found = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert sorted((p.rule, p.key) for p in found) == [
        ("placeholder", "plan.author"),
        ("plan-metadata", "plan.sources.0.date"),
    ]
    [date] = [p for p in found if p.rule == "plan-metadata"]
    assert "和暦を西暦に直すと「2026-04-01」です" in date.detail


def test_an_investment_large_enough_to_be_a_unit_slip_is_a_warning_that_says_the_unit(repo):
    """4500 typed in 百万円 was published as 4,500 億円: the rule magnitude warns and says what 百万円 would give."""
    set_cell(repo / B_PLAN / "investments.csv", 2, "scale_oku_yen", "4500")
    [problem] = validate(root=repo).problems
    assert (problem.rule, problem.grade, problem.row, problem.column) == (
        "magnitude",
        "warning",
        2,
        "scale_oku_yen",
    )
    assert "単位は億円" in problem.detail and "45 億円" in problem.detail


@pytest.mark.parametrize(
    "column,text,word",
    [
        ("description", "株式会社架空精密の新工場", "株式会社"),
        ("description", "（株）による増設", "（株）"),
        ("industry_area", "Example Co., Ltd. 向け部品", "Co., Ltd"),
    ],
    ids=["legal-form", "abbreviated", "english"],
)
def test_a_company_named_in_an_investment_is_an_error_as_the_state_keeps_them_private(
    repo, column, text, word
):
    """The rule non-public: investments are published without their companies."""
    set_cell(repo / B_PLAN / "investments.csv", 2, column, text)
    [problem] = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert (problem.rule, problem.row, problem.column) == ("non-public", 2, column)
    assert f"「{unicodedata.normalize('NFKC', word)}」" in problem.detail


def test_a_listed_company_named_in_an_investment_is_an_error_too(repo):
    name = read_rows(repo / B_PLAN / "companies.csv")[1][1]
    set_cell(repo / B_PLAN / "investments.csv", 2, "description", f"{name}の工場増設")
    [problem] = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert problem.rule == "non-public" and problem.column == "description"


def report_before_publication(repo):
    set_cell(repo / B_PLAN / "progress.csv", 2, "report_date", "2026-06-30")


def report_before_baseline(repo):
    set_cell(repo / B_PLAN / "kpis.csv", 2, "baseline_date", "2026-08-31")  # the report of row 2: 2026-07-31


@pytest.mark.parametrize(
    "change,words",
    [
        (report_before_publication, "公表日（2026-07-01）より前"),
        (report_before_baseline, "基準時点（2026-08-31）より前"),
    ],
    ids=["before-publication", "before-baseline"],
)
def test_a_progress_report_before_the_plan_or_its_baseline_is_a_warning(repo, change, words):
    """公表 → 進捗報告: a report before either is most often a year typo (rule report-before-plan)."""
    change(repo)
    [problem] = validate(root=repo).problems
    assert (problem.rule, problem.grade, problem.row, problem.column) == (
        "report-before-plan",
        "warning",
        2,
        "report_date",
    )
    assert words in problem.detail


@pytest.mark.parametrize(
    "ward,city",
    [("141011", "141003（横浜市）"), ("141313", "141305（川崎市）"), ("271284", "271004（大阪市）")],
)
def test_a_ward_of_a_designated_city_says_to_write_the_city(repo, ward, city):
    """Rule municipality-code: 横浜市鶴見区 is no municipality of the list; its city is."""
    set_cell(repo / B_PLAN / "companies.csv", 2, "municipality_code", ward)
    edit_plan(repo / B_PLAN, lambda d: d["plan"]["area"].update(prefectures=["13"]))
    found = [p for p in validate(root=repo).problems if p.rule == "municipality-code"]
    assert [(p.row, p.column) for p in found] == [(2, "municipality_code")]
    assert f"市のコード {city}" in found[0].detail


def test_an_unknown_code_of_no_ward_is_only_not_listed(repo):
    set_cell(
        repo / B_PLAN / "companies.csv", 2, "municipality_code", "131245"
    )  # after 江戸川区 131237: no ward
    [problem] = [p for p in validate(root=repo).problems if p.rule == "municipality-code"]
    assert problem.detail == "この団体コードは市区町村一覧にありません。"


def test_an_unclosed_quote_is_a_japanese_message_with_its_row(repo):
    """Rule csv-syntax: the csv module's `unexpected end of data` named no row and no cause."""
    path = repo / B_PLAN / "measures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ',"', 1)  # a quote opened in the second line's second cell, never closed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = [p for p in validate(root=repo).problems if p.rule == "csv-syntax"]
    assert (problem.row, problem.line) == (2, 2)
    assert "2 行目のセルで始まる引用符" in problem.detail and "閉じられていません" in problem.detail


def test_trailing_empty_columns_from_excel_are_told_once_and_never_as_a_duplicate(repo):
    path = repo / B_PLAN / "measures.csv"
    rows = read_rows(path)
    write_rows(path, [row + ["", ""] for row in rows])  # Excel's `,,` at the end of every line
    found = [p for p in validate(root=repo).problems if p.grade == "error"]
    assert [p.rule for p in found] == ["extra-column"]
    assert "末尾に見出しのない列が 2 列あります" in found[0].detail and found[0].column == "J"
    assert "同じ列名" not in found[0].as_dict()["message"]
