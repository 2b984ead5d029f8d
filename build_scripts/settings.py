"""Settings read from the environment (a leaf module)."""

import datetime
import os
import re

from build_scripts import paths

# An address that may reach a page's <head>, footer or feed: http(s), a host, a plain path. Nothing that could
# leave an attribute or start a script (quotes, <, >, spaces, `javascript:`).
_PUBLIC_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?")
REFUSED: list[str] = []  # settings given but refused, in Japanese and English (chiiki build stops on them)


def _public_url(name: str, value: str) -> str:
    value = value.rstrip("/")
    if value and not _PUBLIC_URL.fullmatch(value):
        REFUSED.append(
            f"{name}={value!r} は http:// または https:// で始まる、引用符や空白のないアドレスにしてください。\n"
            f"{name} must be a plain http(s) address."
        )
        return ""
    return value


# The public address of the site, e.g. https://example.github.io/chiiki-mirai (no trailing slash).
# Used where a link must be absolute: the Atom feed, the DCAT catalogue, JSON-LD and citations.
# Empty: those links stay relative to the site root.
SITE_URL = _public_url("CHIIKI_SITE_URL", os.environ.get("CHIIKI_SITE_URL", ""))

DATA_CONTRACT_VERSION = "1"


def relative_links_warning(site_url: str | None = None) -> str:
    """What a build without the site's address says: its catalogue, feeds, JSON-LD and citations are only for
    looking at locally (a feed reader or CKAN resolves a root-relative link against the wrong place). In GitHub
    Actions it is an annotation on the run."""
    if site_url if site_url is not None else SITE_URL:
        return ""
    text = (
        "注意：CHIIKI_SITE_URL が設定されていません。データカタログ（data.json）・フィード・JSON-LD・引用のリンクは"
        "サイトの先頭からの相対パスになり、サイトの外（フィードリーダー、CKAN）では解決できません。このビルドは手元の確認用です。"
        "公開するビルドでは設定してください。"
        " Warning: CHIIKI_SITE_URL is not set; the catalogue, feeds and JSON-LD carry relative links (local use only)."
    )
    return f"::warning title=CHIIKI_SITE_URL::{text}" if os.environ.get("GITHUB_ACTIONS") == "true" else text


# The GitHub organisation whose teams own the folders in .github/CODEOWNERS.
GITHUB_ORG = os.environ.get("CHIIKI_GITHUB_ORG", "chiiki-mirai")

# The repository that holds the data, for the footer's 「誤りを報告」 (its issue form). GitHub Actions gives
# GITHUB_SERVER_URL and GITHUB_REPOSITORY; CHIIKI_REPOSITORY_URL overrides. Empty: the footer links to the
# about page's section on reporting instead.
REPOSITORY_URL = _public_url(
    "CHIIKI_REPOSITORY_URL",
    os.environ.get("CHIIKI_REPOSITORY_URL")
    or (
        f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
        if os.environ.get("GITHUB_REPOSITORY")
        else ""
    ),
)
REPORT_TEMPLATE = "data-correction.md"  # .github/ISSUE_TEMPLATE/


def report_url() -> str:
    return f"{REPOSITORY_URL}/issues/new?template={REPORT_TEMPLATE}" if REPOSITORY_URL else ""


def contact() -> str:
    """The operator's contact for reports (mkdocs.yml extra.contact), when the repository is not known."""
    import yaml

    config = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))
    value = str((config.get("extra") or {}).get("contact") or "")
    if value and not CONTACT.fullmatch(value):
        raise ValueError(
            f"mkdocs.yml の extra.contact「{value}」は mailto: か https:// で始まるアドレスにしてください。"
            " extra.contact must be a mailto: or http(s) address."
        )
    return value


CONTACT = re.compile(r"(mailto:[^\s\"'<>]+@[^\s\"'<>]+|https?://[^\s\"'<>]+)")


def report_warning(repository_report: str | None = None, operator_contact: str | None = None) -> str:
    """What a build says when 「誤りを報告」 can lead nowhere: neither the repository nor a contact is known."""
    if (report_url() if repository_report is None else repository_report) or (
        contact() if operator_contact is None else operator_contact
    ):
        return ""
    text = (
        "注意：「誤りを報告」の行き先がありません。CHIIKI_REPOSITORY_URL（リポジトリの報告フォーム）か、mkdocs.yml の "
        "extra.contact（運営者の連絡先）を設定してください。"
        " Warning: no report route: set CHIIKI_REPOSITORY_URL or mkdocs.yml extra.contact."
    )
    return f"::warning title=report::{text}" if os.environ.get("GITHUB_ACTIONS") == "true" else text


JAPAN = datetime.timezone(datetime.timedelta(hours=9), "JST")  # no daylight saving time


def build_date() -> str:
    """Today in Japan (the plans' deadlines and dates are Japan's: at 08:00 JST it is still yesterday in UTC);
    SOURCE_DATE_EPOCH, a moment, makes the build reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), JAPAN) if epoch else datetime.datetime.now(JAPAN)
    return moment.date().isoformat()
