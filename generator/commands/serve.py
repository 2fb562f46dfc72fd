"""framework serve: the working draft at http://127.0.0.1:PORT/, rebuilt as content changes.

The draft is rendered into a persistent page tree (build/serve/). A watcher re-renders it when a
content file changes, rewriting only files whose bytes changed; the engine's live-reload server
watches that tree, rebuilds and reloads the browser. Content problems print here and leave the
tree, and so the browser, at the last good build.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

from generator.engine import serve_tree
from generator.errors import FrameworkError
from generator.site import draft_tree

NAME = "serve"
HELP = "check and serve the working draft at http://127.0.0.1:PORT/ with live reload"
HOST = "127.0.0.1"
WATCHED = ("policies", "principles", "checklists", "releases", "docs", "mkdocs.yml")
TREE = Path("build") / "serve"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns on every dirty rebuild; serve chose dirty rebuilds knowingly."""
    return "'dirty' build" not in record.getMessage()


def _say(line: str) -> None:
    print(f"serve: {line}", file=sys.stderr, flush=True)


def _render(root: Path, dest: Path, site_url: str) -> bool:
    try:
        changed = draft_tree(root, dest, site_url=site_url)
    except FrameworkError as exc:
        for problem in exc.problems:
            _say(problem.format())
        _say(f"{len(exc.problems)} problem(s); the browser keeps the last good build")
        return False
    if changed:
        _say(f"re-rendered {len(changed)} page file(s)")
    return True


def _watch(root: Path, dest: Path, site_url: str) -> None:
    """Re-render on every content change, in a background thread (watchdog's)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    pending = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory:
                pending.set()

    def loop() -> None:
        while True:
            pending.wait()
            pending.clear()
            threading.Event().wait(0.05)  # let an editor finish writing the file
            pending.clear()
            _render(root, dest, site_url)

    observer = Observer()
    for name in WATCHED:
        path = root / name
        if path.is_dir():
            observer.schedule(Handler(), str(path), recursive=True)
        elif path.is_file():
            observer.schedule(Handler(), str(root), recursive=False)
    observer.daemon = True
    observer.start()
    threading.Thread(target=loop, daemon=True).start()


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    dest = root / TREE
    site_url = f"http://{HOST}:{args.port}/"
    _say("checking and rendering the working draft")
    if not _render(root, dest, site_url) and not (dest / "mkdocs.yml").is_file():
        return 1
    logging.basicConfig(level=logging.WARNING, format="serve: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_not_dirty_notice)
    _watch(root, dest, site_url)
    _say(f"serving the draft at {site_url} (Ctrl+C to stop)")
    serve_tree(dest / "mkdocs.yml", host=HOST, port=args.port)
    return 0
