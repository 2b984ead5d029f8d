"""Small KPI charts as static SVG files (shown with <img>, so they can never run script): the baseline,
the target and every reported actual, on a time axis. The KPI table beside them has the same numbers."""

import datetime
import html
from pathlib import Path

from build_scripts import urls
from build_scripts.derive import Site
from build_scripts.model import kpi_reports

WIDTH, HEIGHT, PAD = 240, 90, 24


def _day(value: str) -> int:
    return datetime.date.fromisoformat(value).toordinal()


def actual_line(line: list[tuple[float, float]]) -> list[str]:
    """The baseline and the reported values: a line through them (two or more) and a dot on each."""
    parts = []
    if len(line) > 1:
        parts.append(
            '<polyline fill="none" stroke="#D55E00" stroke-width="2" points="'
            + " ".join(f"{x},{y}" for x, y in line)
            + '"/>'
        )
    return parts + [f'<circle cx="{x}" cy="{y}" r="3" fill="#D55E00"/>' for x, y in line]


def kpi_svg(kpi: dict, reports: list[dict]) -> str:
    points = [(r["report_date"], float(r["value"])) for r in reports]
    start = kpi.get("baseline_date") or (points[0][0] if points else kpi["target_date"])
    days = [_day(start), _day(kpi["target_date"])] + [_day(d) for d, _ in points]
    values = [float(kpi["target_value"])] + [v for _, v in points]
    if kpi.get("baseline_value"):
        values.append(float(kpi["baseline_value"]))
    low_day, high_day = min(days), max(days) or 1
    low, high = min(values + [0.0]), max(values)
    span_day, span = max(high_day - low_day, 1), max(high - low, 1e-9)

    def xy(day: str, value: float) -> tuple[float, float]:
        x = PAD + (WIDTH - 2 * PAD) * (_day(day) - low_day) / span_day
        y = HEIGHT - PAD + -(HEIGHT - 2 * PAD) * (value - low) / span
        return round(x, 1), round(y, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img"><title>{html.escape(kpi["name"])}</title>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#999"/>',
    ]
    tx, ty = xy(kpi["target_date"], float(kpi["target_value"]))
    parts.append(
        f'<line x1="{PAD}" y1="{ty}" x2="{WIDTH - PAD}" y2="{ty}" stroke="#0072B2" stroke-dasharray="4 3"/>'
    )
    parts.append(
        (
            f'<text x="{WIDTH - PAD}" y="{ty - 4}" font-size="10" text-anchor='
            f'"end" fill="#0072B2">目標 {html.escape(kpi["target_value"])}</text>'
        )
    )
    line = []
    if kpi.get("baseline_value") and kpi.get("baseline_date"):
        line.append(xy(kpi["baseline_date"], float(kpi["baseline_value"])))
    parts += actual_line(line + [xy(d, v) for d, v in points])
    parts.append(f'<circle cx="{tx}" cy="{ty}" r="3.5" fill="#0072B2"/>')
    parts.append(f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="10" fill="#555">{html.escape(start)}</text>')
    parts.append(
        (
            f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="10" text-an'
            f'chor="end" fill="#555">{html.escape(kpi["target_date"])}</text>'
        )
    )
    return "".join(parts) + "</svg>\n"


def write_charts(site: Site, folder: Path, plan_ids: set[str] | None = None) -> int:
    count = 0
    for plan in site.plans_among(plan_ids):
        for kpi in plan.rows("kpis"):
            reports = kpi_reports(plan, kpi["kpi_id"])
            path = folder / urls.kpi_chart(plan.id, kpi["kpi_id"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(kpi_svg(kpi, reports), encoding="utf-8")
            count += 1
    return count
