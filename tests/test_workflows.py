"""The workflows can't be turned against the repository: pinned actions, least privilege, no
dangerous triggers, and untrusted values only through env:."""

import re
from pathlib import Path

import pytest
import yaml

from build_scripts import paths

WORKFLOWS = sorted((paths.ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_action_is_pinned_by_full_commit_sha(path):
    used = [step["uses"] for step in steps(load(path)) if "uses" in step]
    assert used  # every workflow checks out the code at least
    assert [action for action in used if not PINNED.match(action)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_least_privilege(path):
    workflow = load(path)
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        assert isinstance(granted, dict), name
        writes = {("pages", "write"), ("id-token", "write")}
        if (path.name, name) == ("deploy.yml", "release"):
            writes.add(
                ("contents", "write")
            )  # the GitHub Release of a data release; it runs none of our code
        assert all(
            level in ("read", "none") or (scope, level) in writes for scope, level in granted.items()
        ), (
            name,
            granted,
        )


def test_the_job_that_writes_releases_runs_no_project_code():
    """contents: write is given to one job, which only downloads the built asset and calls gh."""
    job = load(paths.ROOT / ".github" / "workflows" / "deploy.yml")["jobs"]["release"]
    uses = [step.get("uses", "") for step in job["steps"]]
    scripts = " ".join(step.get("run", "") for step in job["steps"])
    assert [u.split("@")[0] for u in uses if u] == ["actions/download-artifact"]
    assert "gh release create" in scripts and "--target" in scripts
    assert not any(word in scripts for word in ("chiiki", "make", "pip", "python", "npm"))


def test_the_deploy_build_reads_the_whole_history():
    """A release is named by the commits that changed the data: a shallow clone would name it wrongly."""
    build = load(paths.ROOT / ".github" / "workflows" / "deploy.yml")["jobs"]["build"]
    checkout = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any("chiiki release-asset" in step.get("run", "") for step in build["steps"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_no_dangerous_triggers(path):
    triggers = load(path)["on"]
    assert set(triggers) <= {
        "pull_request",
        "push",
        "workflow_dispatch",
        "schedule",
    }  # schedule: main's own code
    assert "pull_request_target" not in triggers and "workflow_run" not in triggers


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_untrusted_values_reach_scripts_only_through_env(path):
    scripts = [step["run"] for step in steps(load(path)) if "run" in step]
    assert scripts
    assert [script for script in scripts if EXPRESSION.search(script)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_checkouts_do_not_keep_the_token(path):
    checkouts = [step for step in steps(load(path)) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)


def test_the_lint_catches_what_it_should(tmp_path):
    bad = {
        "on": {"pull_request_target": {}},
        "permissions": "write-all",
        "jobs": {
            "x": {
                "steps": [
                    {"uses": "actions/checkout@v4"},
                    {"run": "echo ${{ github.event.pull_request.title }}"},
                ]
            }
        },
    }
    assert not PINNED.match(bad["jobs"]["x"]["steps"][0]["uses"])
    assert EXPRESSION.search(bad["jobs"]["x"]["steps"][1]["run"])


def test_codeowners_is_up_to_date_with_the_reference_data():
    from build_scripts.contribute import codeowners

    assert codeowners.CODEOWNERS.read_text(encoding="utf-8") == codeowners.generate()
    text = codeowners.generate()
    assert text.count("/datapackages/prefectures/") == 47
    assert text.strip().splitlines()[-1] == "/.github/CODEOWNERS @chiiki-mirai/maintainers"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_job_has_a_timeout(path):
    jobs = load(path)["jobs"]
    assert jobs and all(0 < job.get("timeout-minutes", 0) <= 30 for job in jobs.values()), path.name


def test_the_site_is_rebuilt_every_day_with_japans_date():
    deploy = load(paths.ROOT / ".github" / "workflows" / "deploy.yml")
    [schedule] = deploy["on"]["schedule"]
    minute, hour, *every = schedule["cron"].split()
    assert every == ["*", "*", "*"] and (int(hour) + 9) % 24 == 0  # just after midnight in Japan
    build_steps = [step.get("run", "") for step in steps(deploy) if "chiiki build" in step.get("run", "")]
    assert build_steps and not any("SOURCE_DATE_EPOCH" in run for run in build_steps)  # not the last commit's


def test_the_build_date_is_japans(monkeypatch):
    from build_scripts.settings import build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795302000")  # 2026-11-21T23:00Z = 2026-11-22 08:00 in Japan
    assert build_date() == "2026-11-22"


def test_a_pull_request_converts_uploaded_workbooks_and_attaches_the_files():
    """The run converts what the official uploaded (chiiki convert-uploads, summarised) and attaches the result."""
    workflow = load(paths.ROOT / ".github" / "workflows" / "pull-request.yml")
    validate_steps = workflow["jobs"]["validate"]["steps"]
    [convert] = [step for step in validate_steps if "chiiki convert-uploads" in step.get("run", "")]
    assert (
        '--out "$RUNNER_TEMP/converted-plans"' in convert["run"] and "$GITHUB_STEP_SUMMARY" in convert["run"]
    )
    [attach] = [step for step in validate_steps if step.get("with", {}).get("name") == "converted-plans"]
    assert attach["uses"].startswith("actions/upload-artifact@") and attach["if"] == "always()"
    assert validate_steps.index(convert) < validate_steps.index(attach)
