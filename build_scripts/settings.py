"""Settings read from the environment (a leaf module)."""

import datetime
import os

# The public address of the site, e.g. https://example.github.io/chiiki-mirai (no trailing slash).
# Used where a link must be absolute: the Atom feed, the DCAT catalogue, JSON-LD and citations.
# Empty: those links stay relative to the site root.
SITE_URL = os.environ.get("CHIIKI_SITE_URL", "").rstrip("/")

DATA_CONTRACT_VERSION = "1"

# The GitHub organisation whose teams own the folders in .github/CODEOWNERS.
GITHUB_ORG = os.environ.get("CHIIKI_GITHUB_ORG", "chiiki-mirai")

# The repository that holds the data, for the footer's 「誤りを報告」 (its issue form). GitHub Actions gives
# GITHUB_SERVER_URL and GITHUB_REPOSITORY; CHIIKI_REPOSITORY_URL overrides. Empty: the footer links to the
# about page's section on reporting instead.
REPOSITORY_URL = (
    os.environ.get("CHIIKI_REPOSITORY_URL")
    or (
        f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
        if os.environ.get("GITHUB_REPOSITORY")
        else ""
    )
).rstrip("/")
REPORT_TEMPLATE = "data-correction.md"  # .github/ISSUE_TEMPLATE/


def report_url() -> str:
    return f"{REPOSITORY_URL}/issues/new?template={REPORT_TEMPLATE}" if REPOSITORY_URL else ""


JAPAN = datetime.timezone(datetime.timedelta(hours=9), "JST")  # no daylight saving time


def build_date() -> str:
    """Today in Japan (the plans' deadlines and dates are Japan's: at 08:00 JST it is still yesterday in UTC);
    SOURCE_DATE_EPOCH, a moment, makes the build reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), JAPAN) if epoch else datetime.datetime.now(JAPAN)
    return moment.date().isoformat()
