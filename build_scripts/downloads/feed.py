"""History of the published plans, from the data: publication, revisions, progress reports, withdrawal.

Examples (記載例) are fictional and make no history: they are left out of the changelog and the feed.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from build_scripts import labels, settings, urls
from build_scripts.derive import Site
from build_scripts.model import Edition, Plan

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
XML_DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"


@dataclass(frozen=True)
class Event:
    date: str
    plan: Plan | None  # None for a new edition of the investment map
    kind: str  # published | revised | progress | withdrawn | listed | edition
    detail: str
    edition: Edition | None = None

    @property
    def label(self) -> str:
        return {
            "published": "公表",
            "revised": "改訂",
            "progress": "進捗報告",
            "withdrawn": "廃止",
            "listed": "掲載",
            "edition": "地図の新しい版",
        }[self.kind]

    @property
    def subject(self) -> str:
        """What the event is about: the plan's title, or the edition's."""
        return self.plan.info.title if self.plan else f"投資マップ {self.edition.title}"

    @property
    def page(self) -> str:
        return urls.plan(self.plan.id) if self.plan else urls.edition(self.edition.id)

    @property
    def id(self) -> str:
        about = self.plan.id if self.plan else f"editions/{self.edition.id}"
        return f"tag:chiiki-mirai-data,2026:{about}/{self.kind}/{self.date}"


def plan_events(plan: Plan) -> list[Event]:
    info, events = plan.info, []
    if info.published_on:
        events.append(Event(info.published_on, plan, "published", f"{labels.KINDS[plan.kind]}を公表"))
    for row in plan.rows("revisions"):
        events.append(Event(row["revised_on"], plan, "revised", f"{row['version']}：{row['summary']}"))
    report_dates = sorted({row["report_date"] for row in plan.rows("progress")})
    for date in report_dates:
        count = sum(1 for row in plan.rows("progress") if row["report_date"] == date)
        events.append(Event(date, plan, "progress", f"KPI {count} 件の実績"))
    if info.withdrawn_on:
        events.append(Event(info.withdrawn_on, plan, "withdrawn", info.withdrawal_note))
    if not events:
        events.append(Event(info.updated_on, plan, "listed", labels.STATUSES[plan.status]))
    return events


def edition_event(edition: Edition) -> Event:
    return Event(
        edition.date, None, "edition", f"{len(edition.tables['plans'])} 件の計画の状況を固定した版", edition
    )


def newest_first(events) -> list[Event]:
    return sorted(events, key=lambda e: (e.date, e.page, e.kind), reverse=True)


def changes(site: Site) -> list[Event]:
    """Every real plan's events and every edition of the investment map, newest first."""
    return newest_first(
        [event for plan in site.real_plans for event in plan_events(plan)]
        + [edition_event(edition) for edition in site.editions]
    )


def atom_feed(site: Site, limit: int = 100) -> bytes:
    """The national feed: every real plan's events."""
    return atom(
        changes(site)[:limit],
        title="地域未来戦略 計画データ：更新情報",
        feed_id="feed",
        page=urls.CHANGES,
        self_url=urls.FEED,
        empty_date=site.build_date,
    )


def entity_feeds(site: Site, plan_ids: set[str] | None = None) -> dict[str, bytes]:
    """A feed per real plan (only those in plan_ids, when given), per prefecture, block and strategic field: the
    same events as the national feed, of the plans that entity's page lists (examples make no history)."""
    feeds = {}
    for plan in site.plans_among(plan_ids):
        if not plan.is_example:
            feeds[urls.plan_feed(plan.id)] = atom(
                newest_first(plan_events(plan)),
                title=f"{plan.info.title}：更新情報",
                feed_id=urls.plan_feed(plan.id),
                page=urls.plan(plan.id),
                self_url=urls.plan_feed(plan.id),
                empty_date=site.build_date,
            )
    for group in (group for groups in site.groups.values() for group in groups if group.feed):
        events = newest_first(event for plan in group.real_plans for event in plan_events(plan))
        feeds[group.feed] = atom(
            events[:100],
            title=group.feed_title,
            feed_id=group.feed,
            page=group.page,
            self_url=group.feed,
            empty_date=site.build_date,
        )
    return feeds


def atom(
    events: list[Event], *, title: str, feed_id: str, page: str, self_url: str, empty_date: str
) -> bytes:
    ET.register_namespace("", ATOM)
    to_root = "../" * self_url.count("/")
    attributes = {f"{{{XML}}}lang": "ja"}
    if not settings.SITE_URL:  # root-relative links resolve against the site root, wherever the feed is read
        attributes[f"{{{XML}}}base"] = to_root or "./"
    feed = ET.Element(f"{{{ATOM}}}feed", attributes)
    _text(feed, "title", title)
    _text(feed, "id", f"tag:chiiki-mirai-data,2026:{feed_id}")
    _text(feed, "updated", _timestamp(events[0].date if events else empty_date))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": urls.absolute(page, settings.SITE_URL)}
    )
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "self", "href": urls.absolute(self_url, settings.SITE_URL)}
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "地域未来戦略 計画データ")
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", event.id)
        _text(entry, "title", f"{event.label}：{event.subject}")
        _text(entry, "updated", _timestamp(event.date))
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "href": urls.absolute(event.page, settings.SITE_URL)},
        )
        _text(entry, "summary", event.detail)
    ET.indent(feed)
    # A browser that opens the feed shows it as a page in Japanese (feed.xsl): what a feed is, how to subscribe,
    # the entries. A reader ignores the instruction.
    stylesheet = f'<?xml-stylesheet type="text/xsl" href="{to_root}{urls.FEED_STYLESHEET}"?>\n'.encode()
    return XML_DECLARATION + stylesheet + ET.tostring(feed, encoding="utf-8") + b"\n"


def _text(parent, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def write_feeds(site: Site, folder: Path, plan_ids: set[str] | None = None) -> int:
    """Write the entity feeds (a plan's own feed only for `plan_ids` when given); returns how many."""
    feeds = entity_feeds(site, plan_ids)
    for url, data in feeds.items():
        path = folder / url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return len(feeds)
