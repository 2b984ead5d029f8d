"""Every input and output path of the project. A leaf module: imports nothing from the project."""

import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATAPACKAGES = ROOT / "datapackages"
REFERENCE = DATAPACKAGES / "reference"
SCHEMAS = DATAPACKAGES / "schemas"
PLAN_METADATA_SCHEMA = SCHEMAS / "plan-metadata.schema.yaml"
BLOCK_PLANS = DATAPACKAGES / "blocks"  # kind A: blocks/<block_id>/<plan_id>/
PREFECTURE_PLANS = DATAPACKAGES / "prefectures"  # kinds B, C: prefectures/<code>-<name_en>/<plan_id>/
DESCRIPTOR_NAME = "datapackage.yaml"
# What a plan descriptor writes for a shared schema, relative to its own folder.
SCHEMA_REF_PREFIX = "../../../schemas/"

STATIC_DOCS = ROOT / "docs"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
TEMPLATES = Path(__file__).resolve().parent / "site" / "templates"

BUILD = ROOT / "build"
DEFAULT_SITE = BUILD / "site"


def prefecture_folder(code: str, name_en: str) -> str:
    """The folder of a prefecture's plans: prefectures/<code>-<english name in lower case>/ (13-tokyo)."""
    return f"{code}-{name_en.lower()}"


def plan_folder(
    root: Path, kind: str, plan_id: str, *, block: str = "", prefecture: str = "", name_en: str = ""
) -> Path:
    """Where a plan lives: A in blocks/<block_id>/<plan_id>/, B and C in prefectures/<code>-<name_en>/<plan_id>/."""
    if kind == "A":
        return root / BLOCK_PLANS.name / block / plan_id
    return root / PREFECTURE_PLANS.name / prefecture_folder(prefecture, name_en) / plan_id


def schema_path(resource_name: str) -> Path:
    return SCHEMAS / f"{resource_name}.schema.yaml"


@functools.lru_cache(maxsize=4096)  # called for every checked cell: resolve() once per file
def display(path: Path) -> str:
    """A path as contributors see it: relative to the repository when inside it."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
