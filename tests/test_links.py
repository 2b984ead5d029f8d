"""LinkChecker on the built site: no broken internal link (pages, downloads, maps, vendored files)."""

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path


def test_linkchecker_finds_no_broken_internal_link(fixture_url):
    linkchecker = shutil.which("linkchecker") or str(Path(sys.executable).parent / "linkchecker")
    url = fixture_url
    result = subprocess.run(
        [
            linkchecker,
            "--no-status",
            "--no-warnings",
            "-o",
            "csv",
            "-f",
            str(Path(__file__).parent / "linkcheckerrc"),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    rows = [
        row
        for row in csv.reader(io.StringIO(result.stdout), delimiter=";")
        if row and not row[0].startswith("#")
    ]
    broken = [(row[7], row[1], row[3]) for row in rows[1:] if row[6] == "False"]
    assert broken == []
    assert result.returncode == 0, result.stderr[-2000:]
