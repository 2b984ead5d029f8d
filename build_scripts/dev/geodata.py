"""Regenerate the committed map layers from the `japanmap` package (Apache-2.0), which ships them.

    chiiki make-geodata      (needs: pip install --no-deps japanmap numpy)

- datapackages/reference/geo/prefectures.geojson: one polygon per prefecture (its main island only:
  japanmap leaves out 佐渡, 淡路, 隠岐…), coordinates rounded to 0.001° (about 100 m).
- datapackages/reference/geo/blocks.geojson: each block's outline, built from the boundary arcs
  that do not separate two prefectures of the same block (福井 is in two blocks).
"""

import json

from build_scripts import paths
from build_scripts.load import load_reference

GEO = paths.REFERENCE / "geo"
PRECISION = 3


def _point(qp, index) -> list[float]:
    lon, lat = qp[index][0]
    return [round(lon, PRECISION), round(lat, PRECISION)]


def _dedupe(points: list[list[float]]) -> list[list[float]]:
    out = []
    for point in points:
        if not out or out[-1] != point:
            out.append(point)
    return out


def prefecture_features(qp, qo, reference) -> list[dict]:
    features = []
    for k, arcs in enumerate(qo):
        code = f"{k + 1:02d}"
        ring = _dedupe([_point(qp, i) for _, indices in arcs for i in indices])
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": reference.prefectures[code]["name"]},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return features


def block_features(qp, qo, reference) -> list[dict]:
    features = []
    for block_id, block in reference.blocks.items():
        members = {int(code) for code in reference.prefectures_of_block(block_id)}
        lines = [
            _dedupe([_point(qp, i) for i in indices])
            for k in sorted(members)
            for neighbour, indices in qo[k - 1]
            if neighbour not in members
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"block_id": block_id, "name": block["name"]},
                "geometry": {
                    "type": "MultiLineString",
                    "coordinates": [line for line in lines if len(line) > 1],
                },
            }
        )
    return features


def _write(name: str, features: list[dict]) -> None:
    GEO.mkdir(exist_ok=True)
    collection = {"type": "FeatureCollection", "features": features}
    (GEO / name).write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def main() -> int:
    import japanmap

    qp, qo = japanmap.get_data()
    reference = load_reference()
    _write("prefectures.geojson", prefecture_features(qp, qo, reference))
    _write("blocks.geojson", block_features(qp, qo, reference))
    return 0
