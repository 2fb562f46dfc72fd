"""framework serve: the working draft at http://127.0.0.1:PORT/, rebuilt as content changes.

The draft is rendered into a persistent page tree (build/serve/). A watcher re-renders it when a
content file changes, rewriting only files whose bytes changed; the engine's live-reload server
watches that tree, rebuilds and reloads the browser.

Nothing an editor does to an input stops the preview. A problem (in content, a page, the theme,
mkdocs.yml, a deleted folder or an unreadable file) prints as located lines and leaves the
browser at the last good build; the watcher keeps watching, and when the input is fixed the
preview is rebuilt and serve says so.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.core.errors import FrameworkError, Location, Problem, Severity, rule
from generator.core.files import file_problem
from generator.project.check import draft_bundle
from generator.website import build
from generator.website.engine import check_port, serve_tree

NAME = "serve"
HELP = "check and serve the working draft at http://127.0.0.1:PORT/ with live reload"
HOST = "127.0.0.1"
WATCHED = ("policies", "principles", "checklists", "releases", "docs", "mkdocs.yml")
TREE = Path("build") / "serve"
# What the editor waits for: the problems are fixed and the browser has the new build (the
# engine's build succeeded, and live reload has refreshed the page).
FIXED = "fixed: no problems left; the browser now shows the new build"
KEPT = "the browser keeps showing the last good build until they are fixed"
CHANGES = ("created", "deleted", "modified", "moved", "closed")  # watchdog's event types
SETTLE = 0.1  # seconds to let an editor, or git, finish writing before rendering

RENDER_FAILED = rule(
    "serve-render", Severity.ERROR, "the preview (serve) could not render the draft after a change"
)
# The tree's folders that are copies of repository folders, to name the file an editor edits.
TREE_SOURCES = {"overrides": "docs/overrides", "docs/assets": "docs/assets"}


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1 to 65535): {text!r}")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=_port, default=8000, help="port to serve on (default 8000)")


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns on every dirty rebuild; serve chose dirty rebuilds knowingly."""
    return "'dirty' build" not in record.getMessage()


def _say(line: str) -> None:
    print(f"serve: {line}", file=sys.stderr, flush=True)


class Preview:
    """What the terminal says about the preview: each failure as it happens, and "fixed" once
    everything that failed has succeeded again. Two steps can fail: rendering the draft into
    the tree (ours) and building the tree (the engine's); both report here, from two threads."""

    def __init__(self, say: Callable[[str], None] = _say) -> None:
        self.say = say
        self.failing: set[str] = set()
        self.lock = threading.Lock()

    def failed(self, step: str, problems: list[Problem]) -> None:
        with self.lock:
            self.failing.add(step)
            for problem in problems:
                self.say(problem.format())
            self.say(
                f"{len(problems)} problem(s): {KEPT}; serve keeps watching, so save a "
                "fix and it rebuilds"
            )

    def passed(self, step: str) -> None:
        with self.lock:
            if step in self.failing:
                self.failing.discard(step)
                if not self.failing:
                    self.say(FIXED)

    def rendered(self, changed: bool) -> None:
        """The draft rendered. When it wrote files, the engine builds next: the preview is
        fixed only once that build succeeds."""
        with self.lock:
            if changed and "render" in self.failing:
                self.failing.discard("render")
                self.failing.add("engine")
        if not changed:
            self.passed("render")

    def built(self, problems: list[Problem]) -> None:
        if problems:
            self.failed("engine", problems)
        else:
            self.passed("engine")


def _relative(root: Path, location: Location) -> Location:
    """A location in the page tree, or anywhere under `root`, as the file an editor opens."""
    path = Path(location.path)
    if not path.is_absolute():
        return location
    for base in (root / TREE, root):
        if path.is_relative_to(base):
            rel = path.relative_to(base).as_posix()
            if base == root / TREE:
                rel = next(
                    (
                        source + rel[len(copy) :]
                        for copy, source in TREE_SOURCES.items()
                        if rel.startswith(copy + "/")
                    ),
                    f"{TREE.as_posix()}/{rel}",
                )
            return Location(rel, location.line, location.col)
    return location


def relocated(root: Path, problem: Problem) -> Problem:
    return dataclasses.replace(problem, location=_relative(root, problem.location))


def _last_saved(root: Path, changed: list[str]) -> str:
    """The input most likely to hold an unlocated failure: the last file saved, else (at
    start) the most recently modified input."""
    if changed and (root / changed[-1]).exists():
        return changed[-1]
    inputs = [
        path
        for name in WATCHED
        for path in [root / name, *(root / name).rglob("*")]
        if path.is_file()
    ]
    latest = max(inputs, key=lambda path: path.stat().st_mtime_ns, default=root / "mkdocs.yml")
    return latest.relative_to(root).as_posix()


def unexpected(exc: Exception, root: Path, changed: list[str]) -> Problem:
    """A failure that is not a located content problem, placed on the file whose change
    caused it (the last one saved), with the line when the error knows it."""
    if isinstance(exc, OSError):
        problem = file_problem(exc)
        return RENDER_FAILED.at(_relative(root, problem.location), problem.message, problem.hint)
    line = getattr(exc, "lineno", 0)
    where = Location(_last_saved(root, changed), line if isinstance(line, int) else 0)
    if os.environ.get("FRAMEWORK_DEBUG"):
        traceback.print_exception(exc)
    return RENDER_FAILED.at(
        where,
        f"the draft could not be rendered after this change: "
        f"{type(exc).__name__}: {str(exc).strip()}",
        "fix the file and save it; set FRAMEWORK_DEBUG=1 for the details",
    )


def draft_tree(root: Path, dest: Path, *, site_url: str) -> list[str]:
    """Check the draft, then render it into the page tree; raises FrameworkError, leaving `dest`
    untouched, when the content has errors."""
    return build.draft_tree(root, draft_bundle(root), dest, site_url=site_url)


def render(root: Path, dest: Path, site_url: str, preview: Preview, changed: list[str]) -> bool:
    """Render the draft into the tree; report any failure to `preview`, never raise.
    `changed` names the files saved since the last render, to place unlocated failures."""
    try:
        written = draft_tree(root, dest, site_url=site_url)
    except FrameworkError as exc:
        preview.failed("render", [relocated(root, problem) for problem in exc.problems])
        return False
    except Exception as exc:  # anything else an input can cause; serve must keep serving
        preview.failed("render", [unexpected(exc, root, changed)])
        return False
    if written:
        _say(f"re-rendered {len(written)} page file(s)")
    preview.rendered(bool(written))
    return True


def _inode(folder: Path) -> int | None:
    try:
        return folder.stat().st_ino if folder.is_dir() else None
    except OSError:  # going as we look
        return None


class Watcher:
    """Watches the inputs and re-renders after every change, in a background thread.

    Each watched folder has its own watch, made again whenever the folder appears or is
    replaced (deleted and restored, say by git), so a deleted folder, once restored, is
    watched again. The repository folder itself is watched without recursion, to see
    mkdocs.yml and the watched folders come and go.
    """

    def __init__(self, root: Path, on_change: Callable[[list[str]], object]) -> None:
        from watchdog.observers import Observer

        self.root, self.on_change = root, on_change
        self.observer: Any = Observer()
        self.observer.daemon = True
        self.watches: dict[str, tuple[Any, int]] = {}  # folder: (watch, inode when made)
        self.pending: list[str] = []
        self.replaced: set[str] = set()  # watched folders deleted or moved since the last sync
        self.wake = threading.Event()
        self.lock = threading.Lock()

    def start(self) -> None:
        self.observer.schedule(self._handler(), str(self.root), recursive=False)
        self._sync()
        self.observer.start()
        threading.Thread(target=self._loop, daemon=True).start()

    def _handler(self) -> Any:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                # Opening and reading are not changes: the render itself reads every file.
                if event.event_type not in CHANGES:
                    return
                watcher.saw(str(event.src_path), event.event_type, bool(event.is_directory))
                if event.dest_path:  # a move, such as an editor's save by rename
                    watcher.saw(str(event.dest_path), "created", bool(event.is_directory))

        return Handler()

    def saw(self, path: str, event_type: str, is_directory: bool) -> None:
        """Note a change for the next render. A watched folder that went away has lost its
        watch with it; the next sync makes a new one if it is back."""
        if not Path(path).is_relative_to(self.root):
            return
        rel = Path(path).relative_to(self.root).as_posix()
        if rel.split("/", 1)[0] not in WATCHED or (is_directory and "/" in rel):
            return
        with self.lock:
            if is_directory and event_type in ("deleted", "moved"):
                self.replaced.add(rel)
            if rel not in self.pending:
                self.pending.append(rel)
        self.wake.set()

    def _sync(self) -> None:
        """Watch each watched folder that exists, again if it was replaced since."""
        with self.lock:
            replaced, self.replaced = self.replaced, set()
        for name in WATCHED:
            path = self.root / name
            inode = _inode(path)
            current = self.watches.get(name)
            if current is not None and (current[1] != inode or name in replaced):
                with contextlib.suppress(KeyError):
                    self.observer.unschedule(current[0])
                del self.watches[name]
            if inode is not None and name not in self.watches:
                try:
                    watch = self.observer.schedule(self._handler(), str(path), recursive=True)
                except OSError:  # gone again already; the next event syncs
                    continue
                self.watches[name] = (watch, inode)

    def _loop(self) -> None:
        while True:
            self.wake.wait()
            time.sleep(SETTLE)
            self.wake.clear()
            with self.lock:
                changed, self.pending = self.pending, []
            try:
                self._sync()
                self.on_change(changed)
            except Exception as exc:  # never let the thread die: the next change tries again
                _say(unexpected(exc, self.root, changed).format())


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    dest = root / TREE
    site_url = f"http://{HOST}:{args.port}/"
    check_port(HOST, args.port)
    preview = Preview()
    rendered = threading.Event()

    def on_change(changed: list[str]) -> None:
        if render(root, dest, site_url, preview, changed):
            rendered.set()

    Watcher(root, on_change).start()
    _say("checking and rendering the working draft")
    on_change([])
    if not rendered.is_set() and not (dest / "mkdocs.yml").is_file():
        # Nothing was ever rendered here, so there is nothing to serve until the draft renders.
        _say(
            "nothing to serve yet: the preview starts as soon as the problems above are fixed "
            "(Ctrl+C to stop)"
        )
        rendered.wait()
    logging.basicConfig(level=logging.WARNING, format="serve: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_not_dirty_notice)
    _say(f"serving the draft at {site_url} (Ctrl+C to stop)")
    serve_tree(
        dest / "mkdocs.yml",
        host=HOST,
        port=args.port,
        built=lambda problems: preview.built([relocated(root, p) for p in problems]),
    )
    return 0
