"""chiiki serve: build, serve the site on localhost, and rebuild when the data or docs change.

A change to plan data takes the cheap path (rebuild.LiveSite.update: only what changed); anything else
(templates, hand-written docs, reference data, schemas, mkdocs.yml) a full build. Open pages reload
themselves after a rebuild: the server adds a small polling script to each page it sends (never to the
built files, which stay as `chiiki build` makes them)."""

import functools
import http.server
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from build_scripts import output, paths
from build_scripts.dev.rebuild import LiveSite

WATCHED = (paths.DATAPACKAGES, paths.STATIC_DOCS, paths.TEMPLATES, paths.MKDOCS_CONFIG)
PLAN_DATA = (paths.BLOCK_PLANS, paths.PREFECTURE_PLANS)


def only_plan_data(changed: set[Path]) -> bool:
    return all(any(folder in f.parents for folder in PLAN_DATA) for f in changed)


GENERATION_PATH = "/__chiiki_generation"
RELOAD_SCRIPT = (
    b"<script>(function(){var seen=null;setInterval(function(){fetch('"
    + GENERATION_PATH.encode()
    + b"',{cache:'no-store'}).then(function(r){return r.text();}).then(function(g){"
    b"if(seen!==null&&g!==seen){location.reload();}seen=g;}).catch(function(){});},1000);})();</script>"
)


class Generation:
    """How many builds have finished: the pages poll it and reload when it moves."""

    def __init__(self):
        self.value = 0

    def next(self) -> None:
        self.value += 1


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as it is, except that pages get the reload script before </body>."""

    generation: Generation

    def do_GET(self):
        if "\0" in unquote(self.path) or "\\" in unquote(self.path):
            return self.send_error(400, "Bad Request", "The address holds a character a path cannot have.")
        path = urlsplit(self.path).path
        if path == GENERATION_PATH:
            return self._send(str(self.generation.value).encode(), "text/plain; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if path.endswith("/") and (file / "index.html").is_file():
            file = file / "index.html"
        if file.name == "index.html" and file.is_file():
            page = file.read_bytes()
            head, found, tail = page.rpartition(b"</body>")
            return self._send(
                head + RELOAD_SCRIPT + found + tail if found else page, "text/html; charset=utf-8"
            )
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def live_handler(directory: Path, generation: Generation):
    handler = type("Handler", (LiveHandler,), {"generation": generation})
    return functools.partial(handler, directory=str(directory))


class Changes(FileSystemEventHandler):
    """The files that changed since the last rebuild, as the operating system reports them (watchdog: inotify on
    Linux), instead of reading the times of ~9,000 files every second."""

    def __init__(self, accept=None):
        self.accept = accept or watched
        self.paths: set[Path] = set()
        self.lock = threading.Lock()
        self.last = 0.0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        found = {Path(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
        found = {p for p in found if self.accept(p)}
        if found:
            with self.lock:
                self.paths |= found
                self.last = time.monotonic()

    def take(self, quiet: float) -> set[Path]:
        """The changes, once no new one came for `quiet` seconds (an editor saves in several steps)."""
        with self.lock:
            if not self.paths or time.monotonic() - self.last < quiet:
                return set()
            taken, self.paths = self.paths, set()
            return taken


def watched(path: Path) -> bool:
    return path == paths.MKDOCS_CONFIG or any(root in path.parents for root in WATCHED if root.is_dir())


def watch(live: LiveSite, generation: Generation, quiet: float = 0.3) -> None:
    changes, observer = Changes(), Observer()
    for root in WATCHED:
        observer.schedule(changes, str(root if root.is_dir() else root.parent), recursive=root.is_dir())
    observer.start()
    try:
        while True:
            time.sleep(0.1)
            if changed := changes.take(quiet):
                rebuild(live, changed, generation)
    finally:
        observer.stop()


def rebuild(live: LiveSite, changed: set[Path], generation: Generation) -> None:
    """One rebuild. A failure is reported and the server goes on with the site it has; the next change
    then gets a full build."""
    print("変更を検出しました。再生成します… (rebuilding)")
    try:
        status = live.update(quiet=True) if only_plan_data(changed) else live.full(quiet=True)
    except Exception as error:  # e.g. MkDocs refusing a page in strict mode
        live.built = False
        print(
            f"再生成に失敗しました。表示中のサイトはそのままです（次の変更で全体を生成します）。\n"
            f"The rebuild failed; the site being served is unchanged.\n{type(error).__name__}: {error}",
            file=sys.stderr,
        )
        return
    if status == 0:
        generation.next()


def serve(out: Path = paths.DEFAULT_SITE, port: int = 8000) -> int:
    if reason := output.refusal(out):
        print(reason, file=sys.stderr)
        return 2
    live = LiveSite(out)
    if live.full(quiet=False) != 0 and not live.out.exists():
        return 1
    generation = Generation()
    threading.Thread(target=watch, args=(live, generation), daemon=True).start()
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), live_handler(live.out, generation)) as server:
        print(
            f"http://127.0.0.1:{port}/ で表示しています（Ctrl+C で終了）。Serving on http://127.0.0.1:{port}/"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
