import json

from conftest import B_PLAN, set_cell

from build_scripts.cli import main


def test_validate_exit_codes_and_text_output(capsys):
    assert main(["validate"]) == 0
    assert "エラー 0 件" in capsys.readouterr().out
    assert main(["validate", "no/such/path"]) == 2
    assert main(["no-such-command"]) == 2


def test_validate_json_lists_the_same_errors(repo, capsys):
    set_cell(repo / B_PLAN / "companies.csv", 2, "corporate_number", "7010401067252")
    assert main(["validate", "--root", str(repo), "--format", "json", str(repo / B_PLAN)]) == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert (
        problem["rule"] == "corporate-number"
        and problem["row"] == 2
        and problem["column"] == "corporate_number"
    )
    assert problem["message"].startswith("法人番号のチェックディジット")
    assert main(["validate", "--root", str(repo), str(repo / B_PLAN)]) == 1
    text = capsys.readouterr().out
    assert "companies.csv 2行目 列 corporate_number" in text and "直し方:" in text and "エラー 1 件" in text


def test_build_from_cli_refuses_invalid_data(repo, tmp_path, capsys):
    set_cell(repo / B_PLAN / "companies.csv", 2, "municipality_code", "131025")
    assert main(["build", "--root", str(repo), "--out", str(tmp_path / "site")]) == 1
    assert not (tmp_path / "site").exists()
    assert "municipality-code" in capsys.readouterr().err
