"""chiiki new-plan: a valid skeleton for a plan of a kind, with a comment on every field.

The skeleton is a `draft` (validated, never published) until the author sets `status: approved`.
Comments come from the contract (plan-metadata.schema.yaml), so they never drift from it.
"""

import re
from pathlib import Path

from build_scripts import labels, load, paths, values
from build_scripts.contribute import canonical
from build_scripts.load import yamlio
from build_scripts.model import PLAN_RESOURCES
from build_scripts.settings import build_date
from build_scripts.validate.checks.descriptor import KIND_ONLY

ID = re.compile(r"[a-z0-9][a-z0-9-]{2,79}")


class ScaffoldError(ValueError):
    """A usage problem, reported in Japanese."""


def resources_for(kind: str) -> list[str]:
    return [name for name in PLAN_RESOURCES if KIND_ONLY.get(name, kind) == kind]


def skeleton(kind: str, plan_id: str, *, block=None, prefecture=None, municipality=None) -> dict:
    area = {"block": block} if kind == "A" else {}
    if prefecture:
        area["prefectures"] = [prefecture]
    if municipality:
        area["municipalities"] = [municipality]
    plan = {
        "id": plan_id,
        "kind": kind,
        "title": f"（{labels.KINDS[kind]}の名称）",
        "status": "draft",
        "example": False,
        "author": "（策定した機関）",
        "area": area,
        "fields": [{"label": "（分野の名称）", "strategic_fields": []}],
        "period": {"start_fy": int(build_date()[:4]), "end_fy": int(build_date()[:4]) + 4},
        "updated_on": build_date(),
        "sources": [{"title": "（出典の資料名）", "publisher": "（発行機関）"}],
        "summary": "（概要）",
        "goal": "（目標：現状認識と目指す姿）",
        "pathway": "（道筋）",
        "policy_means": "（政策手段）",
    }
    plan |= (
        {"targets": "（売上目標・付加価値目標）", "support_system": "（伴走支援体制）"} if kind == "B" else {}
    )
    plan |= {"contact": "（相談窓口）"} if kind == "C" else {}
    resources = [
        {"name": n, "path": f"{n}.csv", "schema": f"{paths.SCHEMA_REF_PREFIX}{n}.schema.yaml"}
        for n in resources_for(kind)
    ]
    return canonical.canonical_descriptor({"plan": plan, "resources": resources})


def with_comments(text: str) -> str:
    """Put each field's title and description from the contract above its line."""
    properties = load.load_plan_metadata_schema()["properties"]
    out = [
        "# 計画のデータ。各項目の説明はデータ仕様（サイトの「データ仕様」→「計画メタデータ」）にもあります。",
        "# status: draft のあいだは公開されません。公表されたら approved にし、published_on を書きます。",
    ]
    for line in text.splitlines():
        match = re.match(r"^  ([a-z_]+):", line)
        if match and match.group(1) in properties:
            prop = properties[match.group(1)]
            out.append(f"  # {prop.get('title', '')}：{prop.get('description', '')}".rstrip("："))
        out.append(line)
    return "\n".join(out) + "\n"


def target_folder(descriptor: dict, root: Path) -> Path:
    plan, reference = descriptor["plan"], load.load_reference()
    if plan["kind"] == "A":
        return paths.plan_folder(root, "A", plan["id"], block=plan["area"]["block"])
    code = plan["area"]["prefectures"][0]
    return paths.plan_folder(
        root, plan["kind"], plan["id"], prefecture=code, name_en=reference.prefectures[code]["name_en"]
    )


def check_arguments(kind, plan_id, block, prefecture, municipality) -> None:
    reference = load.load_reference()
    if not ID.fullmatch(plan_id or ""):
        raise ScaffoldError("計画IDは英小文字・数字・ハイフンの3〜80文字です（例: b-tokyo-2027）。")
    if kind == "A" and block not in reference.blocks:
        raise ScaffoldError(f"A には --block が必要です（{', '.join(reference.blocks)}）。")
    if kind in ("B", "C") and prefecture not in reference.prefectures:
        raise ScaffoldError("B・C には --prefecture（2桁の都道府県コード、例: 13）が必要です。")
    if municipality and (municipality not in reference.municipalities or municipality[:2] != prefecture):
        raise ScaffoldError("--municipality はその都道府県の6桁の団体コードです（例: 131016）。")


def new_plan(
    kind: str,
    plan_id: str,
    *,
    block=None,
    prefecture=None,
    municipality=None,
    root: Path = paths.DATAPACKAGES,
) -> Path:
    check_arguments(kind, plan_id, block, prefecture, municipality)
    descriptor = skeleton(kind, plan_id, block=block, prefecture=prefecture, municipality=municipality)
    folder = target_folder(descriptor, root)
    if any(plan_id == d.name for d in load.discover(root)):
        raise ScaffoldError(f"計画ID「{plan_id}」はすでに使われています。")
    folder.mkdir(parents=True)
    (folder / paths.DESCRIPTOR_NAME).write_text(with_comments(yamlio.dump(descriptor)), encoding="utf-8")
    schemas = load.load_shared_schemas()
    for name in resources_for(kind):
        (folder / f"{name}.csv").write_text(
            values.csv_text([f["name"] for f in schemas[name]["fields"]], []), encoding="utf-8"
        )
    return folder
