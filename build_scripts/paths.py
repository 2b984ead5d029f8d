"""Every input and output path of the project. A leaf module: imports nothing from the project."""

import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATAPACKAGES = ROOT / "datapackages"
REFERENCE = DATAPACKAGES / "reference"
SCHEMAS = DATAPACKAGES / "schemas"
PLAN_METADATA_SCHEMA = SCHEMAS / "plan-metadata.schema.yaml"
PUBLISHED_SCHEMAS = (
    SCHEMAS / "published"
)  # the tables the site makes from the plans (plans, sources, summaries, links, editions …), one file each
BLOCK_PLANS = DATAPACKAGES / "blocks"  # kind A: blocks/<block_id>/<plan_id>/
PREFECTURE_PLANS = DATAPACKAGES / "prefectures"  # kinds B, C: prefectures/<code>-<name_en>/<plan_id>/
DESCRIPTOR_NAME = "datapackage.yaml"
# What a plan descriptor writes for a shared schema, relative to its own folder.
SCHEMA_REF_PREFIX = "../../../schemas/"

STATIC_DOCS = ROOT / "docs"
# Read in the repository, never published: the developers' pages in docs/ (the rest of docs/ is the site's).
DEVELOPER_DOCS = (
    "architecture.md",
    "commands.md",
    "contract.md",
    "decisions.md",
    "performance.md",
    "publishing.md",
)
# The other language trees' hand-written pages (docs/en/, docs/easy/): not part of the Japanese tree.
LANGUAGE_DOCS = ("en", "easy")
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
NODE_MODULES = ROOT / "node_modules"  # npm ci (make): package-lock.json pins what is there
PAGEFIND = NODE_MODULES / ".bin" / "pagefind"  # npm's runner: the extended (Japanese) binary of its platform
TEMPLATES = Path(__file__).resolve().parent / "site" / "templates"
CATALOGUES = Path(__file__).resolve().parent / "site" / "catalogues"  # strings by Japanese text: en.yaml …

BUILD = ROOT / "build"
DEFAULT_SITE = BUILD / "site"
CACHE = BUILD / "cache"  # what a build may keep for the next one (contribute/browser.py: the Excel templates)


def prefecture_folder(code: str, name_en: str) -> str:
    """The folder of a prefecture's plans: prefectures/<code>-<english name in lower case>/ (13-tokyo)."""
    return f"{code}-{name_en.lower()}"


class OutsideFolder(ValueError):
    """A value that would make a path leave the folder it must stay in (a `/`, a `..`, a link out)."""


# One folder or file name made from data (a plan id, a block id, a prefecture folder): letters, digits, `-`, `_`
# and inner dots only, so that it can never be `..`, hold a separator or start a hidden name.
_ONE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def one_name(value) -> str:
    """A value that becomes one component of a path, refused unless it can only name a child folder."""
    if not isinstance(value, str) or not _ONE_NAME.fullmatch(value) or ".." in value:
        raise OutsideFolder(f"「{value}」はフォルダ名に使えません（英数字・ハイフンだけ）。")
    return value


def confined(path: Path, root: Path) -> Path:
    """`path` itself, refused when it (after following links) lies outside `root`."""
    if not Path(path).resolve().is_relative_to(Path(root).resolve()):
        raise OutsideFolder(f"{path} は {root} の外を指します。")
    return path


def plan_folder(
    root: Path, kind: str, plan_id: str, *, block: str = "", prefecture: str = "", name_en: str = ""
) -> Path:
    """Where a plan lives: A in blocks/<block_id>/<plan_id>/, B and C in prefectures/<code>-<name_en>/<plan_id>/.
    Every component made from data is one plain name, and the folder lies inside `root` (OutsideFolder if not):
    a plan id of `../../docs` must never become a folder that an import replaces."""
    if kind == "A":
        folder = root / BLOCK_PLANS.name / one_name(block) / one_name(plan_id)
    else:
        folder = (
            root
            / PREFECTURE_PLANS.name
            / one_name(prefecture_folder(prefecture, name_en))
            / one_name(plan_id)
        )
    return confined(folder, root)


def schema_path(resource_name: str) -> Path:
    return SCHEMAS / f"{resource_name}.schema.yaml"


@functools.lru_cache(maxsize=4096)  # called for every checked cell: resolve() once per file
def display(path: Path) -> str:
    """A path as contributors see it: relative to the repository when inside it."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()


def not_published(folder: str, names: list[str]) -> set[str]:
    """For shutil.copytree of docs/: the developers' pages, which the site leaves out, and the other languages'
    pages (each tree is copied by itself)."""
    return set(DEVELOPER_DOCS + LANGUAGE_DOCS) & set(names) if Path(folder) == STATIC_DOCS else set()
