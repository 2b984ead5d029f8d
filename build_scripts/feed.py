"""History of the published plans, from the data: publication, revisions, progress reports, withdrawal.

Examples (記載例) are fictional and make no history: they are left out of the changelog and the feed.
"""
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from build_scripts import labels, settings, urls
from build_scripts.derive import Site
from build_scripts.model import Plan

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Event:
    date: str
    plan: Plan
    kind: str        # published | revised | progress | withdrawn | listed
    detail: str

    @property
    def label(self) -> str:
        return {"published": "公表", "revised": "改訂", "progress": "進捗報告", "withdrawn": "廃止", "listed": "掲載"}[self.kind]

    @property
    def id(self) -> str:
        return f"tag:chiiki-mirai-data,2026:{self.plan.id}/{self.kind}/{self.date}"


def plan_events(plan: Plan) -> list[Event]:
    meta, events = plan.meta, []
    if meta.get("published_on"):
        events.append(Event(meta["published_on"], plan, "published", f"{labels.KINDS[plan.kind]}を公表"))
    for row in plan.rows("revisions"):
        events.append(Event(row["revised_on"], plan, "revised", f"{row['version']}：{row['summary']}"))
    report_dates = sorted({row["report_date"] for row in plan.rows("progress")})
    for date in report_dates:
        count = sum(1 for row in plan.rows("progress") if row["report_date"] == date)
        events.append(Event(date, plan, "progress", f"KPI {count} 件の実績"))
    if meta.get("withdrawn_on"):
        events.append(Event(meta["withdrawn_on"], plan, "withdrawn", meta.get("withdrawal_note", "")))
    if not events:
        events.append(Event(meta["updated_on"], plan, "listed", labels.STATUSES[plan.status]))
    return events


def changes(site: Site) -> list[Event]:
    events = [event for plan in site.real_plans for event in plan_events(plan)]
    return sorted(events, key=lambda e: (e.date, e.plan.id, e.kind), reverse=True)


def atom_feed(site: Site, limit: int = 100) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ja"})
    events = changes(site)[:limit]
    _text(feed, "title", "地域未来戦略 計画データ：更新情報")
    _text(feed, "id", "tag:chiiki-mirai-data,2026:feed")
    _text(feed, "updated", _timestamp(events[0].date if events else site.build_date))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": urls.absolute(urls.CHANGES, settings.SITE_URL)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": urls.absolute(urls.FEED, settings.SITE_URL)})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "地域未来戦略 計画データ")
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", event.id)
        _text(entry, "title", f"{event.label}：{event.plan.meta['title']}")
        _text(entry, "updated", _timestamp(event.date))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": urls.absolute(urls.plan(event.plan.id), settings.SITE_URL)})
        _text(entry, "summary", event.detail)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"
