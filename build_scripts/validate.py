"""Validate plan packages: load problems, descriptor rules, Table Schema rules, domain rules. Never mutates."""
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts import load, paths
from build_scripts.checks.cells import check_cells
from build_scripts.checks.descriptor import check_descriptor
from build_scripts.checks.table import check_foreign_keys, check_table
from build_scripts.model import Plan, Problem, Reference
from build_scripts.rules import ERROR


@dataclass
class Report:
    plans: list[Plan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.grade == ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors


def validate(plan_dirs: list[Path] | None = None, *, root: Path = paths.DATAPACKAGES,
             reference: Reference | None = None) -> Report:
    """Validate the given plan folders (default: all under root); repository-wide rules always see all."""
    reference = reference or load.load_reference()
    schemas = load.load_shared_schemas()
    metadata_schema = load.load_plan_metadata_schema()
    everything = load.discover(root)
    chosen = set(plan_dirs) if plan_dirs is not None else set(everything)
    report = Report()
    for directory in everything:
        plan, problems = load.read_plan(directory)
        if plan is not None:
            report.plans.append(plan)
        if directory in chosen:
            report.problems += problems + (validate_plan(plan, reference, schemas, metadata_schema) if plan else [])
    report.problems += check_unique_ids(report.plans, chosen)
    report.problems.sort(key=lambda p: (p.file, p.line or 0, p.row or 0, p.column or "", p.rule))
    return report


def validate_plan(plan: Plan, reference: Reference, schemas: dict, metadata_schema: dict) -> list[Problem]:
    problems = check_descriptor(plan, reference, metadata_schema)
    for name, table in plan.tables.items():
        problems += check_table(table, schemas[name])
    problems += check_foreign_keys(plan.tables, schemas)
    return problems + check_cells(plan, reference, schemas)


def all_ids(plan: Plan) -> list[str]:
    """A plan's id and its former ids: none of them may be used by another plan, ever."""
    former = plan.meta.get("former_ids")
    return [plan.id] + ([i for i in former if isinstance(i, str)] if isinstance(former, list) else [])


def check_unique_ids(plans: list[Plan], chosen: set[Path]) -> list[Problem]:
    counts = Counter(i for plan in plans for i in all_ids(plan))
    return [Problem("duplicate-plan-id", paths.display(plan.directory / paths.DESCRIPTOR_NAME),
                    f"「{i}」は {counts[i]} 回使われています（以前のIDを含む）。", value=i,
                    line=plan.lines.get(("plan", "id")))
            for plan in plans if plan.directory in chosen for i in all_ids(plan) if counts[i] > 1]
