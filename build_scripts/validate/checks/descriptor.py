"""Rules on a plan's datapackage.yaml: the declared resources and the `plan:` metadata."""

import datetime
import os
import re
from urllib.parse import urlsplit

import jsonschema

from build_scripts import labels, paths, urls
from build_scripts.load import yamlio
from build_scripts.model import PLAN_RESOURCES, Plan, Problem, Reference
from build_scripts.settings import build_date
from build_scripts.validate.checks.cells import character_problems, not_listed
from build_scripts.validate.checks.table import pattern_in_words
from build_scripts.validate.suggest import suggest_date

RESOURCE_KEYS = {"name", "path", "schema"}
KIND_ONLY = {"companies": "B", "investments": "B", "core_projects": "A"}


def _at(plan: Plan, *path) -> dict:
    return {
        "file": paths.display(plan.directory / paths.DESCRIPTOR_NAME),
        "line": yamlio.nearest_line(plan.lines, tuple(path)),
        "key": ".".join(map(str, path)) or None,
    }


def check_descriptor(plan: Plan, reference: Reference, metadata_schema: dict) -> list[Problem]:
    problems = [
        Problem("descriptor-keys", detail=f"「{key}」", **_at(plan, key))
        for key in plan.descriptor
        if key not in ("plan", "resources")
    ]
    problems += check_resources(plan)
    metadata_problems, unsound = check_metadata_schema(plan, metadata_schema)
    problems += metadata_problems
    if "plan" in unsound:
        return problems
    # Everything wrong is told in one round: the rules below run on the well-formed part of the metadata (the
    # top-level items without a schema error), each only when the items it reads are there.
    sound = Plan(
        plan.directory,
        {**plan.descriptor, "plan": {k: v for k, v in plan.meta.items() if k not in unsound}},
        plan.lines,
        plan.tables,
    )
    for rule, reads in DOMAIN_RULES:
        if reads <= sound.meta.keys():
            problems += rule(sound, reference)
    return problems


def check_resources(plan: Plan) -> list[Problem]:
    resources = plan.descriptor.get("resources", [])
    if not isinstance(resources, list):
        return [
            Problem(
                "resource-declaration", detail="resources: はリストで書きます。", **_at(plan, "resources")
            )
        ]
    problems, seen = [], set()
    for index, resource in enumerate(resources):
        at = _at(plan, "resources", index)
        name = resource.get("name") if isinstance(resource, dict) else None
        if name not in PLAN_RESOURCES:
            problems.append(
                Problem(
                    "resource-declaration",
                    detail=f"name「{name}」は {', '.join(PLAN_RESOURCES)} のどれかです。",
                    **at,
                )
            )
            continue
        problems += resource_declaration(plan, resource, at)
        if name in seen:
            problems.append(Problem("resource-declaration", detail=f"{name} が2回宣言されています。", **at))
        seen.add(name)
        if name in KIND_ONLY and plan.kind in labels.KINDS and plan.kind != KIND_ONLY[name]:
            problems.append(
                Problem(
                    "resource-kind",
                    detail=f"{name} は {KIND_ONLY[name]} の計画だけが持てます（この計画は {plan.kind}）。",
                    **at,
                )
            )
    return problems + undeclared_files(plan, resources)


def resource_declaration(plan: Plan, resource: dict, at: dict) -> list[Problem]:
    """One declared table: only the shared keys, and its path and schema as the contract writes them."""
    name = resource["name"]
    expected = {"name": name, "path": f"{name}.csv", "schema": f"{paths.SCHEMA_REF_PREFIX}{name}.schema.yaml"}
    problems = [
        Problem(
            "resource-declaration",
            detail=f"項目「{key}」は書けません（スキーマは共有のものだけを使います）。",
            **at,
        )
        for key in sorted(set(resource) - RESOURCE_KEYS)
    ]
    problems += [
        Problem(
            "resource-declaration",
            detail=f"{key}: は {value} と書きます。",
            value=str(resource.get(key)),
            **at,
        )
        for key, value in expected.items()
        if resource.get(key) != value
    ]
    return problems


def undeclared_files(plan: Plan, resources: list) -> list[Problem]:
    declared = {f"{r.get('name')}.csv" for r in resources if isinstance(r, dict)} | {paths.DESCRIPTOR_NAME}
    shown = paths.display(plan.directory)  # once: 100,000 stray files must not mean 100,000 path resolutions
    return [
        Problem("undeclared-file", f"{shown}/{name}", name)
        for name in sorted(name for name in os.listdir(plan.directory) if name not in declared)
    ]


def _integer(checker, instance) -> bool:
    """JSON Schema counts 2026.0 as an integer; the contract does not (a year or a field number is written whole)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


STRICT_VALIDATOR = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _integer),
)


def check_metadata_schema(plan: Plan, schema: dict) -> tuple[list[Problem], set[str]]:
    """The schema's problems, and the top-level items of `plan:` they concern (missing or ill-formed); "plan"
    when `plan:` itself is missing or no mapping."""
    if "plan" not in plan.descriptor:
        return [Problem("plan-metadata", detail="plan: がありません。", **_at(plan))], {"plan"}
    validator = STRICT_VALIDATOR(schema)
    problems, unsound = [], set()
    for error in sorted(
        validator.iter_errors(plan.descriptor["plan"]), key=lambda e: list(map(str, e.absolute_path))
    ):
        where = ".".join(str(part) for part in error.absolute_path) or "plan"
        if error.absolute_path:
            unsound.add(str(error.absolute_path[0]))
        elif error.validator == "required" and isinstance(error.instance, dict):
            unsound |= {name for name in error.validator_value if name not in error.instance}
        else:
            unsound.add("plan")
        problems.append(
            Problem(
                "plan-metadata",
                detail=f"{where}: {_explain(error)}",
                value=None if isinstance(error.instance, (dict, list)) else str(error.instance),
                **_at(plan, "plan", *error.absolute_path),
            )
        )
    return problems, unsound


def _explain(error: jsonschema.ValidationError) -> str:
    v = error.validator
    if v == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"必須の項目 {', '.join(missing)} がありません。"
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"規約にない項目 {', '.join(extra)} があります。"
    if v == "type":
        wanted = {
            "string": "文字列（コードは '01' のように引用符で囲む）",
            "integer": "整数",
            "boolean": "true / false",
            "array": "リスト",
            "object": "マッピング",
        }.get(error.validator_value, error.validator_value)
        return f"{wanted}で書きます。"
    if v == "enum":
        return f"{' / '.join(map(str, error.validator_value))} のどれかです。"
    if v == "pattern":
        fix = suggest_date(error.instance) if isinstance(error.instance, str) else None
        advice = f"{fix[1]}直すと「{fix[0]}」です。" if fix else ""  # 令和8年4月1日 → 2026-04-01
        return f"{pattern_in_words(error.validator_value, error.schema)}で書きます。{advice}"
    if v in ("minimum", "maximum", "minLength", "maxLength", "minItems"):
        return f"{v} {error.validator_value} を満たしません。"
    if v == "uniqueItems":
        return "同じ値が重複しています。"
    return error.message


def check_layout(plan: Plan, reference: Reference) -> list[Problem]:
    meta, folder = plan.meta, plan.directory
    parent, group = folder.parent.name, folder.parent.parent
    problems = []
    for index, plan_id in enumerate([meta["id"], *meta.get("former_ids", [])]):
        if not isinstance(plan_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,79}", plan_id):
            where = ("plan", "id") if index == 0 else ("plan", "former_ids", index - 1)
            problems.append(
                Problem(
                    "plan-metadata",
                    detail="計画IDは英小文字・数字・ハイフンだけで書きます（改行や空白も不可）。",
                    value=repr(plan_id),
                    **_at(plan, *where),
                )
            )
    if meta["id"] in urls.RESERVED_PLAN_IDS:
        problems.append(
            Problem(
                "plan-metadata",
                detail=f"計画ID「{meta['id']}」は、計画のダウンロードのファイル名（{meta['id']}.json）と重なるため使えません。",
                value=meta["id"],
                **_at(plan, "plan", "id"),
            )
        )
    if folder.name != meta["id"]:
        problems.append(
            Problem(
                "folder-layout",
                detail=f"フォルダ名「{folder.name}」と計画ID「{meta['id']}」が違います。",
                **_at(plan, "plan", "id"),
            )
        )
    area = meta["area"]
    if meta["kind"] == "A":
        ok = group.name == "blocks" and parent == area.get("block")
    else:
        code = parent.split("-")[0]
        ok = (
            group.name == "prefectures"
            and code in reference.prefectures
            and code in (area.get("prefectures") or [])
            and parent == paths.prefecture_folder(code, reference.prefectures[code]["name_en"])
        )
    if not ok:
        problems.append(
            Problem(
                "folder-layout", detail=f"いまの場所：{paths.display(folder)}", **_at(plan, "plan", "area")
            )
        )
    return problems


def check_area(plan: Plan, reference: Reference) -> list[Problem]:
    return area_codes(plan, reference) + area_municipalities(plan, reference) + area_for_the_kind(plan)


def area_codes(plan: Plan, reference: Reference) -> list[Problem]:
    """The block and the prefectures exist, and the prefectures are the block's."""
    area, problems = plan.meta["area"], []
    block = area.get("block")
    if block is not None and block not in reference.blocks:
        problems.append(Problem("block-id", value=block, **_at(plan, "plan", "area", "block")))
    for index, code in enumerate(area.get("prefectures") or []):
        if code not in reference.prefectures:
            problems.append(
                Problem("prefecture-code", value=code, **_at(plan, "plan", "area", "prefectures", index))
            )
        elif block in reference.blocks and code not in reference.prefectures_of_block(block):
            # A: the block's prefectures; B, C: a block written at all must be the prefecture's own (else the plan
            # would be shown under another block)
            problems.append(
                Problem(
                    "area",
                    detail=f"{reference.prefectures[code]['name']} は {block} ブロックに属しません。",
                    value=code,
                    **_at(plan, "plan", "area", "prefectures", index),
                )
            )
    return problems


def area_municipalities(plan: Plan, reference: Reference) -> list[Problem]:
    """The municipalities exist and lie in the plan's prefectures."""
    area, problems = plan.meta["area"], []
    for index, code in enumerate(area.get("municipalities") or []):
        if code not in reference.municipalities:
            problems.append(
                Problem(
                    "municipality-code",
                    detail=not_listed(code, reference) if isinstance(code, str) else "",
                    value=code,
                    **_at(plan, "plan", "area", "municipalities", index),
                )
            )
        elif code[:2] not in (area.get("prefectures") or []):
            problems.append(
                Problem(
                    "area",
                    detail="市区町村の都道府県を prefectures にも書きます。",
                    value=code,
                    **_at(plan, "plan", "area", "municipalities", index),
                )
            )
    return problems


def area_for_the_kind(plan: Plan) -> list[Problem]:
    """A needs a block; B and C need exactly one prefecture."""
    area, kind, problems = plan.meta["area"], plan.meta["kind"], []
    if kind == "A" and not area.get("block"):
        problems.append(
            Problem("area", detail="A の計画には block が必要です。", **_at(plan, "plan", "area", "block"))
        )
    if kind in ("B", "C") and not area.get("prefectures"):
        problems.append(
            Problem(
                "area",
                detail=f"{kind} の計画には prefectures が必要です。",
                **_at(plan, "plan", "area", "prefectures"),
            )
        )
    if kind in ("B", "C") and len(area.get("prefectures") or []) > 1:
        # One prefecture, the folder's: its team reviews the plan (CODEOWNERS), and no other prefecture's pages
        # can be changed by a pull request that only that team approved.
        problems.append(
            Problem(
                "area",
                detail=f"{kind} の計画の対象は1つの都道府県（フォルダの都道府県）です。",
                value=", ".join(area["prefectures"]),
                **_at(plan, "plan", "area", "prefectures"),
            )
        )
    return problems


def check_fields(plan: Plan, reference: Reference) -> list[Problem]:
    return [
        Problem(
            "strategic-field", value=str(number), **_at(plan, "plan", "fields", index, "strategic_fields")
        )
        for index, item in enumerate(plan.meta["fields"])
        for number in item["strategic_fields"]
        if number not in reference.fields
    ]


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return "invalid"


def check_source_dates(plan: Plan) -> list[Problem]:
    """A source's date (YYYY-MM-DD or YYYY-MM, the form the schema checks) must be a day that exists: 2026-02-31
    has the right shape and no such day."""
    sources = plan.meta.get("sources")
    problems = []
    for position, source in enumerate(sources if isinstance(sources, list) else []):
        date = source.get("date") if isinstance(source, dict) else None
        if isinstance(date, str) and len(date) == 10 and _date(date) == "invalid":
            problems.append(Problem("date", value=date, **_at(plan, "plan", "sources", position, "date")))
    return problems


def check_dates(plan: Plan, reference: Reference) -> list[Problem]:
    meta, problems = plan.meta, []
    dates = {key: _date(meta.get(key)) for key in ("published_on", "updated_on", "withdrawn_on")}
    today = datetime.date.fromisoformat(build_date())
    for key, value in dates.items():
        if value == "invalid":
            problems.append(Problem("date", value=meta[key], **_at(plan, "plan", key)))
        elif value and value > today:  # what has happened to a plan cannot be dated after today
            problems.append(
                Problem(
                    "date",
                    detail=f"今日（{today}）より後の日付です。",
                    value=meta[key],
                    **_at(plan, "plan", key),
                )
            )
    problems += check_source_dates(plan)
    valid = {k: v for k, v in dates.items() if v and v != "invalid"}
    for first, last in (("published_on", "updated_on"), ("published_on", "withdrawn_on")):
        if first in valid and last in valid and valid[first] > valid[last]:
            problems.append(
                Problem(
                    "date-order",
                    detail=f"{first} が {last} より後です。",
                    value=meta[last],
                    **_at(plan, "plan", last),
                )
            )
    period = meta.get("period")
    if period and period["start_fy"] > period["end_fy"]:
        problems.append(
            Problem(
                "date-order",
                detail="period の start_fy が end_fy より後です。",
                **_at(plan, "plan", "period"),
            )
        )
    elif period and period["end_fy"] - period["start_fy"] + 1 > 5:
        problems.append(
            Problem(
                "period-length",
                detail=f"{period['start_fy']}〜{period['end_fy']}年度",
                **_at(plan, "plan", "period"),
            )
        )
    return problems


def check_status(plan: Plan, reference: Reference) -> list[Problem]:
    meta, needed = plan.meta, []
    if meta["status"] == "approved":
        needed = [key for key in ("published_on", "period") if key not in meta]
    if meta["status"] == "withdrawn":
        needed = [key for key in ("withdrawn_on",) if key not in meta]
    return [
        Problem(
            "status",
            detail=f"status: {meta['status']} には {key} が必要です。",
            **_at(plan, "plan", "status"),
        )
        for key in needed
    ]


def check_sources(plan: Plan, reference: Reference) -> list[Problem]:
    problems = []
    for index, source in enumerate(plan.meta["sources"]):
        url = source.get("url")
        if url is None:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in ' "<>\\`'):
            problems.append(Problem("url-scheme", value=url, **_at(plan, "plan", "sources", index, "url")))
    return problems


def check_example_title(plan: Plan, reference: Reference) -> list[Problem]:
    labelled = "記載例" in plan.meta["title"]
    if plan.is_example != labelled:
        return [
            Problem(
                "example-label",
                detail="計画名と example: が一致しません。",
                value=plan.meta["title"],
                **_at(plan, "plan", "title"),
            )
        ]
    return []


def check_requirements(plan: Plan, reference: Reference) -> list[Problem]:
    allowed = labels.REQUIREMENTS[plan.meta["kind"]]
    return [
        Problem(
            "requirement-key",
            detail=f"{plan.meta['kind']} の要件ID：{', '.join(allowed)}",
            value=key,
            **_at(plan, "plan", "requirements", key),
        )
        for key in plan.meta.get("requirements", {})
        if key not in allowed
    ]


def check_text_values(plan: Plan, reference: Reference) -> list[Problem]:
    """Text in the metadata reaches spreadsheet cells, feeds and pages: the same character rules as for cells."""
    problems = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif isinstance(value, str):
            problems.extend(
                Problem(rule, detail=detail, value=value[:200], **_at(plan, *path))
                for rule, detail in character_problems(value, newlines=True)
            )

    walk(plan.meta, ("plan",))
    return problems


_PLACEHOLDER = re.compile(
    r"（[^（）]*）"
)  # the templates' 「（概要）」「（策定した機関）」: the whole value in brackets


def check_placeholders(plan: Plan, reference: Reference) -> list[Problem]:
    """A plan that is neither a draft nor an example still holding a template's placeholder, or the text of a
    fictional example copied into it (架空): it would be published as a real plan."""
    if plan.is_example or plan.status == "draft":
        return []
    problems = []
    for path, value in _texts(plan.meta, ("plan",)):
        if _PLACEHOLDER.fullmatch(value.strip()):
            detail = f"「{value}」はテンプレートの記入例です。計画の実際の内容を書きます。"
        elif "架空" in value:
            detail = f"「{value[:40]}」は架空の記載例の文です。実際の計画の内容に置き換えます。"
        else:
            continue
        problems.append(Problem("placeholder", detail=detail, value=value[:200], **_at(plan, *path)))
    return problems


def _texts(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))


def check_required_tables(plan: Plan, reference: Reference) -> list[Problem]:
    """An approved B plan publishes its list of 重点支援企業 (the plan's point: these companies are prioritised in
    subsidy reviews); without it, a deleted sheet or file would publish the plan as having selected no one."""
    if plan.kind != "B" or plan.status != "approved" or plan.rows("companies"):
        return []
    detail = (
        "承認された B の計画に重点支援企業が1社もありません。"
        if "companies" in plan.tables
        else "承認された B の計画に重点支援企業一覧（companies.csv）がありません。"
    )
    return [Problem("missing-table", detail=detail, **_at(plan, "resources"))]


# The rules on the metadata, each with the top-level items of `plan:` it reads (it runs when they are well-formed).
DOMAIN_RULES = (
    (check_layout, {"id", "kind", "area"}),
    (check_area, {"kind", "area"}),
    (check_fields, {"fields"}),
    (check_dates, set()),
    (check_status, {"status"}),
    (check_sources, {"sources"}),
    (check_example_title, {"title"}),
    (check_placeholders, set()),
    (check_requirements, {"kind"}),
    (check_required_tables, {"kind", "status"}),
    (check_text_values, set()),
)
