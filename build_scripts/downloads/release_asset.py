"""What the deploy workflow attaches to a release's GitHub Release (tag data-<version>): the national package zip
under the release's name, and notes in Japanese saying what changed. Read from a built site, so the asset is the
very file the site publishes. A local release (uncommitted data, or data outside git) is never attached."""

import json
import shutil
from pathlib import Path

from build_scripts import labels, urls


def release_notes(record: dict) -> str:
    """Markdown for the GitHub Release: the version, what changed by table, and the changed rows."""
    lines = [f"地域未来戦略 計画データ、データ版 {record['version']}（{record['date']}）。", ""]
    lines += ["全国のデータパッケージ（記載例を除く）。変更点の一覧は releases.json にもあります。", ""]
    for change in record["changes"]:
        table = labels.table_words(change["table"])
        key = f" {change['key']}" if change["key"] else ""
        lines.append(f"- {labels.CHANGE_WORDS[change['change']]}：{table}{key}（{change['plan_id']}）")
    if not record["changes"]:
        lines.append("- 公開される計画の変更はありません（参照データ・仕様の変更）。")
    lines += [f"- ファイル：{name}" for name in record["files"]]
    return "\n".join(lines) + "\n"


def write_release_asset(site: Path, out: Path) -> dict | None:
    """Copy the site's national zip into `out` under the release's name with notes.md; the release's record,
    or None for a local release (nothing written)."""
    document = json.loads((site / urls.RELEASES).read_text(encoding="utf-8"))
    record = next(r for r in document["releases"] if r["version"] == document["current"])
    if record["local"]:
        return None
    out.mkdir(parents=True, exist_ok=True)
    package = site / urls.national_file(f"{urls.NATIONAL_PACKAGE}.zip")
    shutil.copyfile(package, out / urls.release_asset(record["version"]))
    (out / "notes.md").write_text(release_notes(record), encoding="utf-8")
    return record
