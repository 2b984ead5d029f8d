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
from build_scripts.validate import all_ids
from build_scripts.validate.checks.descriptor import KIND_ONLY

ID = re.compile(r"[a-z0-9][a-z0-9-]{2,79}")
ID_RULE = "英小文字・数字・ハイフンの3〜80文字です（例: b-tokyo-2027）。"


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


class Misplaced(ValueError):
    """A plan whose kind, id or area cannot name its folder: the rule it breaks and why, in Japanese."""

    def __init__(self, rule: str, detail: str, value=None, key: str | None = None):
        super().__init__(detail)
        self.rule, self.detail, self.value = rule, detail, None if value is None else str(value)
        self.key = key  # the item of the descriptor at fault (plan.id)


def target_folder(descriptor: dict, root: Path) -> Path:
    """The plan's folder under `root`, from its kind, id and area. Each value is checked against its rule before
    any path is made from it, and the folder must lie inside `root` (Misplaced if not)."""
    plan = descriptor.get("plan") if isinstance(descriptor, dict) else None
    plan = plan if isinstance(plan, dict) else {}
    kind, plan_id = plan.get("kind"), plan.get("id")
    area = plan.get("area") if isinstance(plan.get("area"), dict) else {}
    if kind not in labels.KINDS:
        raise Misplaced("plan-metadata", "計画の種類（kind）は A・B・C のどれかです。", kind, "plan.kind")
    if not isinstance(plan_id, str) or not ID.fullmatch(plan_id):
        written = "がありません。計画IDは" if plan_id is None else f"「{plan_id}」は"
        raise Misplaced("plan-metadata", f"計画ID（id）{written}{ID_RULE}", plan_id, "plan.id")
    try:
        return _folder_of(kind, plan_id, area, root)
    except paths.OutsideFolder as error:
        raise Misplaced("folder-layout", str(error), plan_id, "plan.id") from None


def _folder_of(kind: str, plan_id: str, area: dict, root: Path) -> Path:
    reference = load.load_reference()
    if kind == "A":
        block = area.get("block")
        if not isinstance(block, str) or block not in reference.blocks:
            raise Misplaced(
                "block-id",
                f"ブロック（area.block）「{block}」は {', '.join(reference.blocks)} のどれかです。",
                block,
                "plan.area.block",
            )
        return paths.plan_folder(root, "A", plan_id, block=block)
    codes = area.get("prefectures")
    code = codes[0] if isinstance(codes, list) and codes else None
    if not isinstance(code, str) or code not in reference.prefectures:
        raise Misplaced(
            "prefecture-code",
            f"都道府県（area.prefectures）の最初の値「{code}」は2桁の都道府県コードです（例: 13）。",
            code,
            "plan.area.prefectures",
        )
    return paths.plan_folder(
        root, kind, plan_id, prefecture=code, name_en=reference.prefectures[code]["name_en"]
    )


def check_arguments(kind, plan_id, block, prefecture, municipality) -> None:
    reference = load.load_reference()
    if not ID.fullmatch(plan_id or ""):
        raise ScaffoldError(f"計画IDは{ID_RULE}")
    if kind == "A" and block not in reference.blocks:
        raise ScaffoldError(f"A には --block が必要です（{', '.join(reference.blocks)}）。")
    if kind in ("B", "C") and prefecture not in reference.prefectures:
        raise ScaffoldError("B・C には --prefecture（2桁の都道府県コード、例: 13）が必要です。")
    if municipality and (municipality not in reference.municipalities or municipality[:2] != prefecture):
        raise ScaffoldError("--municipality はその都道府県の6桁の団体コードです（例: 131016）。")


def id_holder(plan_id: str, root: Path) -> Path | None:
    """The plan folder whose id or former id is `plan_id` (a former id is never given to another plan)."""
    for folder in load.discover(root):
        plan, _ = load.read_plan(folder)
        if folder.name == plan_id or (plan and plan_id in all_ids(plan)):
            return folder
    return None


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
    try:
        folder = target_folder(descriptor, root)
    except Misplaced as error:
        raise ScaffoldError(error.detail) from None
    if holder := id_holder(plan_id, root):
        raise ScaffoldError(
            f"計画ID「{plan_id}」はすでに使われています（{paths.display(holder)}。以前のIDを含む）。"
        )
    if folder.exists() or folder.is_symlink():
        raise ScaffoldError(
            f"{paths.display(folder)} はすでにあります。中身を確かめ、空なら消してからやり直してください。"
        )
    folder.mkdir(parents=True)
    (folder / paths.DESCRIPTOR_NAME).write_text(with_comments(yamlio.dump(descriptor)), encoding="utf-8")
    schemas = load.load_shared_schemas()
    for name in resources_for(kind):
        (folder / f"{name}.csv").write_text(
            values.csv_text([f["name"] for f in schemas[name]["fields"]], []), encoding="utf-8"
        )
    return folder
