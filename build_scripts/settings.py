"""Settings read from the environment (a leaf module)."""
import os

# The public address of the site, e.g. https://example.github.io/chiiki-mirai (no trailing slash).
# Used where a link must be absolute: the Atom feed, the DCAT catalogue, JSON-LD and citations.
# Empty: those links stay relative to the site root.
SITE_URL = os.environ.get("CHIIKI_SITE_URL", "").rstrip("/")

DATA_CONTRACT_VERSION = "1"

# The GitHub organisation whose teams own the folders in .github/CODEOWNERS.
GITHUB_ORG = os.environ.get("CHIIKI_GITHUB_ORG", "chiiki-mirai")
