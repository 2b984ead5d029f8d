"""chiiki serve: build, serve the site on localhost, and rebuild when the data or docs change.

A change to plan data takes the cheap path (rebuild.LiveSite.update: only what changed); anything else
(templates, hand-written docs, reference data, schemas, mkdocs.yml) a full build."""
import functools
import http.server
import threading
import time
from pathlib import Path

from build_scripts import paths
from build_scripts.rebuild import LiveSite

WATCHED = (paths.DATAPACKAGES, paths.STATIC_DOCS, paths.TEMPLATES, paths.MKDOCS_CONFIG)
PLAN_DATA = (paths.BLOCK_PLANS, paths.PREFECTURE_PLANS)


def snapshot() -> dict[Path, float]:
    files = [f for root in WATCHED for f in ([root] if root.is_file() else root.rglob("*")) if f.is_file()]
    return {f: f.stat().st_mtime for f in files}


def changed_files(before: dict[Path, float], after: dict[Path, float]) -> set[Path]:
    return {f for f in before.keys() | after.keys() if before.get(f) != after.get(f)}


def only_plan_data(changed: set[Path]) -> bool:
    return all(any(folder in f.parents for folder in PLAN_DATA) for f in changed)


def watch(live: LiveSite, interval: float = 1.0) -> None:
    seen = snapshot()
    while True:
        time.sleep(interval)
        now = snapshot()
        changed = changed_files(seen, now)
        if changed:
            seen = now
            print("変更を検出しました。再生成します… (rebuilding)")
            live.update(quiet=True) if only_plan_data(changed) else live.full(quiet=True)


def serve(out: Path = paths.DEFAULT_SITE, port: int = 8000) -> int:
    live = LiveSite(out)
    if live.full(quiet=False) != 0 and not live.out.exists():
        return 1
    threading.Thread(target=watch, args=(live,), daemon=True).start()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(live.out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"http://127.0.0.1:{port}/ で表示しています（Ctrl+C で終了）。Serving on http://127.0.0.1:{port}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
