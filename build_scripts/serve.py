"""chiiki serve: build, serve the site on localhost, and rebuild when the data or docs change."""
import functools
import http.server
import threading
import time
from pathlib import Path

from build_scripts import paths
from build_scripts.build import build

WATCHED = (paths.DATAPACKAGES, paths.STATIC_DOCS, paths.TEMPLATES, paths.MKDOCS_CONFIG)


def snapshot() -> dict[Path, float]:
    files = [f for root in WATCHED for f in ([root] if root.is_file() else root.rglob("*")) if f.is_file()]
    return {f: f.stat().st_mtime for f in files}


def watch(out: Path, interval: float = 1.0) -> None:
    seen = snapshot()
    while True:
        time.sleep(interval)
        now = snapshot()
        if now != seen:
            seen = now
            print("変更を検出しました。再生成します… (rebuilding)")
            build(out)


def serve(out: Path = paths.DEFAULT_SITE, port: int = 8000) -> int:
    if build(out) != 0 and not out.exists():
        return 1
    threading.Thread(target=watch, args=(out,), daemon=True).start()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"http://127.0.0.1:{port}/ で表示しています（Ctrl+C で終了）。Serving on http://127.0.0.1:{port}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
