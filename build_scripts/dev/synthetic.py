"""A synthetic, fictional country of plans for benchmarks (never committed, never published).

Deterministic by seed. Every plan says it is synthetic in its title, is flagged `example: true`
unless --as-real is given (only for measuring national downloads in a temporary folder), and
every company name contains 架空. Codes are valid (check digits, reference municipalities).
Drafts carry the marker value SYNTHETIC-DRAFT-MARKER, which must appear in no output.
"""

import argparse
import random
from pathlib import Path

from build_scripts import load, paths, values
from build_scripts.codes import with_corporate_check_digit
from build_scripts.contribute import canonical
from build_scripts.load import yamlio

DRAFT_MARKER = "SYNTHETIC-DRAFT-MARKER"
WORDS = [
    "精密",
    "電機",
    "光学",
    "金型",
    "計測",
    "化成",
    "工機",
    "電子",
    "機械",
    "技研",
    "製作所",
    "産業",
    "食品",
    "醸造",
    "木材",
    "繊維",
    "物流",
    "造船",
    "航空",
    "宇宙",
    "半導体",
    "電池",
    "素材",
    "農産",
    "水産",
    "観光",
    "デバイス",
    "ソフト",
]
INDUSTRIES = [
    "精密加工",
    "電子部品製造",
    "半導体製造装置部品",
    "食品製造",
    "木材加工",
    "造船・舶用工業",
    "航空機部品",
    "化学",
    "ソフトウェア",
    "観光",
]
RESOURCES_C = ["伝統的工芸品", "地酒", "農産物加工", "水産加工", "観光資源", "木工品", "陶磁器", "和紙"]
ROLES = ["中核企業", "コネクター企業", "ハブ企業", "サプライヤー"]
STATES = ["planned", "in_progress", "done", "revised"]


csv_text = values.csv_text


class Country:
    def __init__(self, root: Path, seed: int, as_real: bool):
        self.root, self.random, self.as_real = root, random.Random(seed), as_real
        self.reference, self.schemas = load.load_reference(), load.load_shared_schemas()
        self.next_company = 0
        self.by_prefecture = {}
        for code, row in self.reference.municipalities.items():
            self.by_prefecture.setdefault(row["prefecture_code"], []).append(code)

    def write_plan(self, meta: dict, tables: dict[str, list[list[str]]]) -> None:
        code = (meta["area"].get("prefectures") or [""])[0]
        folder = paths.plan_folder(
            self.root,
            meta["kind"],
            meta["id"],
            block=meta["area"].get("block", ""),
            prefecture=code,
            name_en=self.reference.prefectures[code]["name_en"] if code else "",
        )
        folder.mkdir(parents=True)
        resources = []
        for name, rows in tables.items():
            header = [f["name"] for f in self.schemas[name]["fields"]]
            (folder / f"{name}.csv").write_text(self.marked(csv_text(header, rows)), encoding="utf-8")
            resources.append(
                {"name": name, "path": f"{name}.csv", "schema": f"../../../schemas/{name}.schema.yaml"}
            )
        descriptor = canonical.canonical_descriptor({"plan": meta, "resources": resources})
        (folder / "datapackage.yaml").write_text(self.marked(yamlio.dump(descriptor)), encoding="utf-8")

    def marked(self, text: str) -> str:
        """Synthetic plans posing as real ones (benchmarks of the real-data path) say 合成 where examples say 架空:
        架空 in a plan that is not an example is refused as copied example text (rule placeholder)."""
        return text.replace("架空", "合成") if self.as_real else text

    def meta(self, plan_id, kind, title, area, status) -> dict:
        r, as_real = self.random, self.as_real
        meta = {
            "id": plan_id,
            "kind": kind,
            "title": f"【合成データ】{title}" + ("" if as_real else "（記載例）"),
            "status": status,
            "example": not self.as_real,
            "author": "合成データ生成器（架空）",
            "area": area,
            "fields": [
                {
                    "label": r.choice(INDUSTRIES),
                    "strategic_fields": sorted(r.sample(range(1, 18), r.randint(0, 2))),
                }
            ],
            "period": {"start_fy": 2026, "end_fy": 2030},
            "updated_on": "2026-11-01",
            "sources": [{"title": "合成データ（ベンチマーク用の架空のデータ。政府資料ではありません）"}],
            "summary": (
                f"ベンチマーク用の架空の計画です。{r.choice(WORDS)}と{r.choice(WORDS)}の"
                f"集積を生かした{r.choice(INDUSTRIES)}の振興。"
            ),
            "goal": "（架空）域外販売額の拡大。",
            "pathway": "（架空）設備投資と人材育成。",
            "policy_means": "（架空）用地確保と販路開拓。",
        }
        if status in ("approved", "withdrawn"):
            meta["published_on"] = "2026-03-01"  # before the first report (2026-03-31): 公表 → 進捗報告
        if status == "withdrawn":
            meta["withdrawn_on"] = "2026-10-01"
        if status == "draft":
            meta["summary"] += DRAFT_MARKER
        return meta

    def company_rows(self, prefecture: str, count: int) -> list[list[str]]:
        rows = []
        for _ in range(count):
            self.next_company += 1
            number = with_corporate_check_digit(
                f"99999{self.next_company:07d}"
            )  # the fictional base (codes.py)
            name = f"合成{self.random.choice(WORDS)}{self.random.choice(WORDS)}株式会社（架空{self.next_company}）"
            rows.append(
                [
                    number,
                    name,
                    self.random.choice(self.by_prefecture[prefecture]),
                    self.random.choice(INDUSTRIES),
                    self.random.choice(ROLES),
                    "candidate_list",
                ]
            )
        return rows

    def common_tables(self, kpis: int, reports: int, marker: str = "") -> dict[str, list[list[str]]]:
        r = self.random
        kpi_rows = [
            [
                f"kpi-{i}",
                f"指標{i}{marker}",
                "売上目標",
                "億円",
                str(r.randint(50, 500)),
                "2025-03-31",
                str(r.randint(600, 1500)),
                "2031-03-31",
                "",
            ]
            for i in range(1, kpis + 1)
        ]
        progress = [
            [
                f"kpi-{i}",
                f"{2026 + (n - 1) // 2}-{'03-31' if n % 2 else '09-30'}",  # 2026-03-31, 2026-09-30, 2027-03-31…
                str(r.randint(50, 900)),
                "",
            ]
            for i in range(1, kpis + 1)
            for n in range(1, reports + 1)
        ]
        measures = [
            [
                f"m-{i}",
                f"施策{i}{marker}",
                "（架空）意義",
                "（架空）中身",
                "2027-03-31",
                "産業振興課（架空）",
                "推進協議会（架空）",
                "（架空）進め方",
                r.choice(STATES),
            ]
            for i in range(1, 4)
        ]
        return {
            "measures": measures,
            "kpis": kpi_rows,
            "progress": progress,
            "revisions": [["2026-03-01", "第1版", "策定（架空）"]],
        }

    def status(self) -> str:
        roll = self.random.random()
        return "draft" if roll < 0.05 else "withdrawn" if roll < 0.08 else "approved"

    def generate(self, companies_per_b: int, c_plans: int) -> None:
        """A plan per block, per prefecture and c_plans municipal ones, in this order (the seed's sequence)."""
        self.block_plans()
        self.prefecture_plans(companies_per_b)
        self.municipal_plans(c_plans)

    def block_plans(self) -> None:
        for block in self.reference.blocks:
            meta = self.meta(
                f"a-synthetic-{block}",
                "A",
                f"{self.reference.blocks[block]['name']}ブロック 戦略産業クラスター計画",
                {"block": block, "prefectures": self.reference.prefectures_of_block(block)},
                "outline",
            )
            meta.pop("period")
            prefecture = self.reference.prefectures_of_block(block)[0]
            projects = [
                [
                    f"p-{i}",
                    f"投資案件{i}（架空）",
                    "（架空）",
                    str(self.random.randint(1, 17)),
                    prefecture,
                    self.random.choice(self.by_prefecture[prefecture]),
                    str(self.random.randint(10, 3000)),
                    "2026",
                    "2030",
                ]
                for i in range(1, 6)
            ]
            self.write_plan(meta, {"core_projects": projects})

    def prefecture_plans(self, companies_per_b: int) -> None:
        for code, row in self.reference.prefectures.items():
            status = self.status()
            marker = DRAFT_MARKER if status == "draft" else ""
            meta = self.meta(
                f"b-synthetic-{code}",
                "B",
                f"{row['name']} 地域産業クラスター計画",
                {"prefectures": [code]},
                status,
            )
            investments = [
                [
                    f"inv-{i}",
                    self.random.choice(INDUSTRIES),
                    self.random.choice(self.by_prefecture[code]),
                    str(self.random.randint(5, 300)),
                    "2026",
                    "2029",
                    "（架空）設備投資",
                ]
                for i in range(1, 11)
            ]
            self.write_plan(
                meta,
                {"companies": self.company_rows(code, companies_per_b), "investments": investments}
                | self.common_tables(5, 2, marker),
            )

    def municipal_plans(self, c_plans: int) -> None:
        municipalities = sorted(self.reference.municipalities)
        for index in range(c_plans):
            code = municipalities[index % len(municipalities)]
            status = self.status()
            marker = DRAFT_MARKER if status == "draft" else ""
            muni = self.reference.municipalities[code]
            meta = self.meta(
                f"c-synthetic-{index:04d}",
                "C",
                f"{muni['name']} 地場産業成長プラン（{self.random.choice(RESOURCES_C)}）",
                {"prefectures": [code[:2]], "municipalities": [code]},
                status,
            )
            meta["contact"] = f"{muni['name']} 産業振興課（架空）"
            self.write_plan(meta, self.common_tables(2, 2, marker))


def generate(
    root: Path, *, seed: int = 1, companies_per_b: int = 1064, c_plans: int = 1800, as_real: bool = False
) -> Path:
    """Write a synthetic datapackages/ tree under root (47 B plans × companies_per_b ≈ 50,000 companies)."""
    Country(root, seed, as_real).generate(companies_per_b, c_plans)
    return root


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, help="folder to create (a datapackages/ tree)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--companies-per-b", type=int, default=1064)
    parser.add_argument("--c-plans", type=int, default=1800)
    parser.add_argument("--as-real", action="store_true", help="example: false (temporary folders only)")
    args = parser.parse_args(argv)
    generate(
        Path(args.out),
        seed=args.seed,
        companies_per_b=args.companies_per_b,
        c_plans=args.c_plans,
        as_real=args.as_real,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
