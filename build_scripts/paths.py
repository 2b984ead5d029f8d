"""Every input and output path of the project. A leaf module: imports nothing from the project."""
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATAPACKAGES = ROOT / "datapackages"
REFERENCE = DATAPACKAGES / "reference"
SCHEMAS = DATAPACKAGES / "schemas"
PLAN_METADATA_SCHEMA = SCHEMAS / "plan-metadata.schema.yaml"
BLOCK_PLANS = DATAPACKAGES / "blocks"          # kind A: blocks/<block_id>/<plan_id>/
PREFECTURE_PLANS = DATAPACKAGES / "prefectures"  # kinds B, C: prefectures/<code>-<name_en>/<plan_id>/
DESCRIPTOR_NAME = "datapackage.yaml"
# What a plan descriptor writes for a shared schema, relative to its own folder.
SCHEMA_REF_PREFIX = "../../../schemas/"

STATIC_DOCS = ROOT / "docs"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
TEMPLATES = Path(__file__).resolve().parent / "templates"

BUILD = ROOT / "build"
DEFAULT_SITE = BUILD / "site"


def schema_path(resource_name: str) -> Path:
    return SCHEMAS / f"{resource_name}.schema.yaml"


@functools.lru_cache(maxsize=4096)   # called for every checked cell: resolve() once per file
def display(path: Path) -> str:
    """A path as contributors see it: relative to the repository when inside it."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
