"""The 重点支援企業 lookup index: small static JSON shards, so the browser fetches only what a query needs.

- number/<NNN>.json  records keyed by 法人番号; NNN = the number's last three digits (uniform, unlike the
                     first ones, which encode the registry office)
- bigram/<NN>.json   bigram of the normalised name → ids of the companies whose name contains it, for the
                     bigrams at most COMMON companies share (ids ascending, as gaps: [3, 1, 7] is ids 3, 4, 11)
- common/<N>.json    the ids (as gaps) of one bigram that more than COMMON companies share; common.json names
                     these bigrams with their counts, so a query fetches one only when it has no rarer bigram
- records/<NN>.json  records by id (RECORDS_PER_SHARD a file), for name matches
- bulk.json          every 法人番号 with its name, place and plans in one file, for the bulk check (/lookup/bulk/),
                     which answers thousands of rows at once with a single request
A name query so fetches meta.json, common.json, one small shard per rare bigram (or one common list) and the records of the
first matches it shows: tens of KB at national scale, whatever the names. Normalisation must match
docs/javascripts/lookup.js exactly (a browser test compares them).
"""

import json
import unicodedata
from pathlib import Path

from build_scripts import labels, urls
from build_scripts.derive import Site, counted_prefecture, official_records
from build_scripts.derive.groups import plan_prefectures
from build_scripts.downloads.codes import code_names
from build_scripts.downloads.write import Written

BIGRAM_SHARDS = 1024
RECORDS_PER_SHARD = 10  # a name query shows up to 20 matches: small record files keep it to a few KB each
COMMON = 500  # a bigram shared by more companies gets its own file (see the module's docstring)
NUMBER_SUFFIX = 3  # number shards by the last three digits: 1,000 files of ~50 records at 50,000 companies
LEGAL_FORMS = [
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "(株)",
    "(有)",
    "(同)",
]
DROPPED = set(" \t\u3000・-‐－.,、。()「」『』[]")  # the long-vowel mark ー is part of names and stays


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    for form in LEGAL_FORMS:
        text = text.replace(form, "")
    text = "".join(c for c in text if c not in DROPPED).lower()
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def bigram_shard(bigram: str) -> int:
    value = 0
    for char in bigram:
        value = (value * 31 + ord(char)) % BIGRAM_SHARDS
    return value


def company_records(site: Site) -> list[dict]:
    """One record per 法人番号 with every published plan that lists it (examples flagged)."""
    places = code_names()["municipalities"]  # 「東京都 千代田区」: there are three 朝日町
    by_number: dict[str, dict] = {}
    for plan in site.plans:
        for row in plan.rows("companies"):
            record = by_number.setdefault(
                row["corporate_number"],
                {
                    "number": row["corporate_number"],
                    "name": row["name"],
                    "key": normalise_name(row["name"]),
                    "municipality": row["municipality_code"],
                    "industries": [],
                    "plans": [],
                    "prefectures": [],  # where the company is shown: counted_prefecture of each listing
                },
            )
            shown = counted_prefecture(plan, row["municipality_code"][:2])
            if shown and shown not in record["prefectures"]:
                record["prefectures"].append(shown)
            if row["industry"] and row["industry"] not in record["industries"]:
                record["industries"].append(row["industry"])
            record["plans"].append(
                {
                    "id": plan.id,
                    "title": plan.info.title,
                    "kind": plan.kind,
                    "status": plan.status,
                    "status_label": labels.STATUSES[plan.status],  # the site's one word for it
                    "example": plan.is_example,
                    "prefectures": plan_prefectures(plan),
                    "url": urls.plan(plan.id) + "#" + urls.company_anchor(row["corporate_number"]),
                    # what this list says of the company, so a hit shows it without opening the plan
                    "municipality": places.get(row["municipality_code"], row["municipality_code"]),
                    "industry": row["industry"],
                    "role": row["role"],
                }
            )
    records = sorted(by_number.values(), key=lambda r: r["number"])
    for index, record in enumerate(records):
        record["id"] = index
        record["example_any"] = any(plan["example"] for plan in record["plans"])
        record["official"] = official_records(record["number"], in_example=record["example_any"])
    return records


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def gaps(ids: list[int]) -> list[int]:
    """Ascending ids as the first id and the differences after it (shorter JSON for long lists)."""
    return [current - previous for previous, current in zip([0] + ids, ids)]


def name_index(records: list[dict]) -> tuple[dict[str, dict], dict[str, list]]:
    """The bigram shards and common lists as files, and meta.json's table of common bigrams: gram → [count, file]."""
    postings: dict[str, list[int]] = {}
    for record in records:  # ids ascend with the records, so every list is sorted
        for gram in sorted(bigrams(record["key"])):
            postings.setdefault(gram, []).append(record["id"])
    # every shard exists, empty or not, so a query never asks for a file that is not there
    files: dict[str, dict | list] = {f"bigram/{shard}.json": {} for shard in range(BIGRAM_SHARDS)}
    common: dict[str, list] = {}
    for gram, ids in sorted(postings.items()):
        if len(ids) > COMMON:
            common[gram] = [len(ids), len(common)]
            files[f"common/{common[gram][1]}.json"] = gaps(ids)
        else:
            files[f"bigram/{bigram_shard(gram)}.json"][gram] = gaps(ids)
    return files, common


def searched(site: Site) -> dict:
    """What every answer of the lookup says it searched: how many published lists (real plans with companies),
    how many fictional ones beside them, and the data's date (the release's day, the site's one data date)."""
    lists = [plan for plan in site.plans if plan.rows("companies")]
    return {
        "lists": sum(1 for plan in lists if not plan.is_example),
        "example_lists": sum(1 for plan in lists if plan.is_example),
        "as_of": site.release.date,
    }


def bulk_index(records: list[dict], site: Site) -> dict:
    """The bulk check's one file, by columns (a fifth smaller than a record per company: 520 KB gzip at 50,000
    companies): numbers, names, each company's place as an index into place_names (「東京都 千代田区」, the first
    listing's) and its plans as indices into plans (one index, or a list when several plans list it)."""
    plans: dict[str, int] = {}  # plan id → its index in table
    table: list[dict] = []
    places: dict[str, int] = {}
    listings, placed = [], []
    for record in records:
        indices = []
        for plan in record["plans"]:
            if plan["id"] not in plans:
                plans[plan["id"]] = len(table)
                table.append(_bulk_plan(plan))
            if plans[plan["id"]] not in indices:
                indices.append(plans[plan["id"]])
        listings.append(indices[0] if len(indices) == 1 else indices)
        placed.append(places.setdefault(record["plans"][0]["municipality"], len(places)))
    return {
        "numbers": [record["number"] for record in records],
        "names": [record["name"] for record in records],
        "places": placed,
        "place_names": list(places),
        "listings": listings,
        "plans": table,
    } | searched(site)


def _bulk_plan(plan: dict) -> dict:
    return {
        "id": plan["id"],
        "title": plan["title"],
        "kind": plan["kind"],
        "status": plan["status"],
        "status_label": plan["status_label"],
        "example": plan["example"],
        "url": urls.plan(plan["id"]),
    }


def write_lookup(records: list[dict], folder: Path, site: Site) -> list[Written]:
    files: dict[str, dict | list] = {}
    for record in records:
        public = {k: v for k, v in record.items() if k != "key"} | {"key": record["key"]}
        files.setdefault(f"number/{record['number'][-NUMBER_SUFFIX:]}.json", {})[record["number"]] = public
        files.setdefault(f"records/{record['id'] // RECORDS_PER_SHARD}.json", {})[str(record["id"])] = public
    names, common = name_index(records)
    files |= names
    files["common.json"] = common  # fetched by name queries only: a number query needs meta.json alone
    files["bulk.json"] = bulk_index(records, site)
    files["meta.json"] = {
        "companies": len(records),
        "bigram_shards": BIGRAM_SHARDS,
        "records_per_shard": RECORDS_PER_SHARD,
        "number_suffix": NUMBER_SUFFIX,
    } | searched(site)
    written = []
    for name, data in sorted(files.items()):
        path = folder / urls.LOOKUP / name
        path.parent.mkdir(parents=True, exist_ok=True)
        content = _json(data)
        path.write_bytes(content)
        written.append(Written(url=urls.LOOKUP + name, rows=len(data), size=len(content)))
    return written
