"""The one place that calls the site engine (MkDocs 1.6 with Material).

Everything else hands this module a config file and gets a built site or a FrameworkError. The
engine's own logging is captured, never printed: warnings and errors become problems, and strict
mode turns any warning into a failed build.

The repository's mkdocs.yml arrives by pull request like content, so it is read as carefully:
before MkDocs's loader sees it, settings_file.py composes it (never constructs it) to refuse what
would run code or read beyond the file (Python tags, `!ENV`, INHERIT), and every problem MkDocs
finds is placed on the line of the setting it names.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import socket
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.core.errors import FrameworkError, Location, Problem, Severity, errors_in, rule
from generator.website.render.config import THEME_KEYS, SiteSettings
from generator.website.settings_file import CONFIG_INVALID, settings_keys

ENGINE_WARNING = rule(
    "site-engine", Severity.ERROR, "the site engine reported a problem while building a version"
)
CONFIG_IGNORED = rule(
    "site-config-ignored",
    Severity.WARNING,
    "a mkdocs.yml setting the site engine does not know, so it ignores it",
)
PORT_IN_USE = rule("serve-port", Severity.ERROR, "the port for the preview (serve) is taken")

_CONFIG_VALUE = re.compile(r"Config value '([^']+)': (.*)", re.DOTALL)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    @property
    def messages(self) -> list[str]:
        return [message for _level, message in self.records]

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


@contextmanager
def _quiet_engine(env: dict[str, str]) -> Iterator[_Collect]:
    """Capture MkDocs's log (its warnings are our problems) and set build-time variables."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    saved_env = {name: os.environ.get(name) for name in env}
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.WARNING)
    os.environ.update(env)
    try:
        yield handler
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _problems(where: str, messages: list[str], fallback: str) -> FrameworkError:
    found = [ENGINE_WARNING.at(Location(where), message) for message in messages]
    return FrameworkError(found or [ENGINE_WARNING.at(Location(where), fallback)])


# --- the repository's mkdocs.yml ----------------------------------------------------------------


def load_settings(config_file: Path, **overrides: Any) -> Any:
    """The config as MkDocs reads it (the only way mkdocs.yml is ever read). Raises
    FrameworkError, each problem on the line of the setting it concerns, when it is unusable."""
    config, problems = _read_settings(config_file, overrides)
    if config is None or errors_in(problems):
        raise FrameworkError(errors_in(problems))
    return config


def read_settings(config_file: Path) -> SiteSettings:
    """Read the repository's mkdocs.yml through MkDocs's loader."""
    config = load_settings(config_file)
    theme = {key: config.theme[key] for key in THEME_KEYS if config.theme.get(key)}
    extensions = [
        {name: config.mdx_configs[name]} if name in config.mdx_configs else name
        for name in config.markdown_extensions
    ]
    search = next(
        (dict(plugin.config) for name, plugin in config.plugins.items() if name.endswith("search")),
        {},
    )
    return SiteSettings(
        site_name=config.site_name,
        site_url=(config.site_url or "/").rstrip("/") + "/",
        repo_url=config.repo_url or "",
        edit_uri=config.edit_uri or "",
        theme={"name": config.theme.name, **theme},
        markdown_extensions=extensions,
        search={key: search[key] for key in ("separator", "lang") if search.get(key)},
        extra=dict(config.extra),
        extra_css=list(config.extra_css),
        extra_javascript=[str(script) for script in config.extra_javascript],
    )


def settings_problems(config_file: Path) -> list[Problem]:
    """What `framework check` says about mkdocs.yml: errors that would stop a build, and
    warnings for settings MkDocs would silently ignore. A folder with content but neither
    mkdocs.yml nor docs/ has no site part to check (a content-only copy, such as a test's)."""
    if not config_file.exists() and not (config_file.parent / "docs").exists():
        return []
    return _read_settings(config_file, {})[1]


def _read_settings(config_file: Path, overrides: dict[str, Any]) -> tuple[Any, list[Problem]]:
    from mkdocs import exceptions
    from mkdocs.config import load_config

    shown = config_file.name
    keys, problems = settings_keys(config_file, shown)
    if problems:
        return None, problems
    with _quiet_engine({"NO_MKDOCS_2_WARNING": "1"}) as log:
        try:
            config = load_config(config_file=str(config_file), **overrides)
        except exceptions.MkDocsException as exc:
            errors = [level >= logging.ERROR for level, _ in log.records]
            return None, _settings_messages(
                shown,
                keys,
                log.records
                if any(errors)
                else [(logging.ERROR, message) for message in log.messages or [str(exc)]],
            )
    problems = _settings_messages(shown, keys, log.records)
    if not str(config.site_url or "").startswith(("https://", "http://")):
        problems.append(
            CONFIG_INVALID.at(
                _key_location(shown, keys, "site_url"),
                "site_url is missing or not an http(s) address; "
                "every version's links and canonical URLs need it",
                "set site_url: to the address the site is published "
                "at, e.g. https://example.org/framework/",
            )
        )
    return config, problems


def _settings_messages(
    shown: str, keys: dict[str, tuple[int, int]], records: list[tuple[int, str]]
) -> list[Problem]:
    """MkDocs's log lines about the config, each on the line of the setting it names."""
    problems = []
    for level, message in records:
        match = _CONFIG_VALUE.fullmatch(message)
        where = _key_location(shown, keys, match.group(1)) if match else Location(shown)
        text = match.group(2) if match else message
        if level >= logging.ERROR:
            problems.append(
                CONFIG_INVALID.at(
                    where,
                    f"{match.group(1)}: {text}" if match else text,
                    "see the MkDocs documentation for "
                    "this setting, or compare with the repository's "
                    "mkdocs.yml",
                )
            )
        else:
            problems.append(
                CONFIG_IGNORED.at(where, text, "remove the setting, or check its spelling")
            )
    return problems


def _key_location(shown: str, keys: dict[str, tuple[int, int]], key: str) -> Location:
    return Location(shown, *keys[key]) if key in keys else Location(shown, 1, 1)


# --- building -------------------------------------------------------------------------------------


def build_site(config_file: Path, site_dir: Path, *, epoch: int) -> None:
    """Build the page tree whose config is `config_file` into `site_dir`, strictly.

    `epoch` (seconds) stands in for the clock, so sitemaps and archives are reproducible.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build

    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)}
    from mkdocs.config import load_config

    with _quiet_engine(env) as log:
        try:
            config = load_config(
                config_file=str(config_file), site_dir=str(site_dir.absolute()), strict=True
            )
            build(config)
        except exceptions.MkDocsException as exc:
            raise _problems(str(config_file), log.messages, str(exc)) from None
    if log.messages:
        raise _problems(str(config_file), log.messages, "")


# --- serving --------------------------------------------------------------------------------------

Built = Callable[[list[Problem]], None]


def check_port(host: str, port: int) -> None:
    """Raise FrameworkError now, before any rendering, when the server could not listen."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # The server sets SO_REUSEADDR too, so a port left in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise _port_error(exc, host, port) from None


def _port_error(exc: OSError, host: str, port: int) -> FrameworkError:
    if exc.errno == errno.EADDRINUSE:
        reason = "is in use by another program (perhaps another `framework serve`)"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "needs privileges this user does not have"
    else:
        reason = f"cannot be used: {exc.strerror or exc}"
    other = 8001 if port != 8001 else 8002
    return FrameworkError(
        [
            PORT_IN_USE.at(
                Location(f"{host}:{port}"),
                f"port {port} {reason}",
                f"stop the other server, or choose another port: "
                f"framework serve --port {other} (make serve "
                f"PORT={other})",
            )
        ]
    )


def serve_tree(config_file: Path, *, host: str, port: int, built: Built) -> None:
    """Serve the page tree of `config_file` with the engine's live-reload server until
    interrupted. The engine rebuilds whenever the tree changes; after each build `built`
    receives its problems (none when it succeeded). A failed build never stops the server: the
    browser keeps the pages of the last good one, and the next change builds again.
    Raises FrameworkError when the port is taken."""
    from mkdocs.livereload import LiveReloadServer

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    empty = tempfile.mkdtemp(prefix="framework-serve-")  # served until the first good build
    server = LiveReloadServer(builder=lambda: None, host=host, port=port, root=empty)
    builder = _Builder(
        config_file,
        f"http://{host}:{port}/",
        built,
        publish=lambda site: setattr(server, "root", str(site)),
    )
    server.builder = builder
    server.error_handler = builder.error_page
    try:
        builder()
        server.watch(str(config_file.parent))  # pages, theme overrides and the config
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise _port_error(exc, host, port) from None
        except KeyboardInterrupt:
            pass
    finally:
        server.shutdown()
        for folder in (empty, builder.site):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


class _Builder:
    """One engine build of the tree, as the live-reload server calls it on every change.

    Rebuilds are dirty (only pages whose source changed, in place), which keeps up with typing.
    A full build follows a failed one and any change outside the pages (theme overrides, the
    config, so the navigation), since a dirty build would keep pages made with the old ones. A
    full build goes to a new folder, served only once it succeeded: a failure leaves the browser
    on the last good site.
    """

    def __init__(
        self, config_file: Path, url: str, built: Built, publish: Callable[[Path], None]
    ) -> None:
        self.config_file, self.url, self.built, self.publish = config_file, url, built, publish
        self.site: Path | None = None  # the folder being served
        self.stamp: list[tuple[str, int, int]] | None = None  # None: the next build is full

    def __call__(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        stamp = self._theme_stamp()
        dirty = self.site is not None and stamp == self.stamp
        site = (
            self.site if dirty and self.site else Path(tempfile.mkdtemp(prefix="framework-serve-"))
        )
        self.stamp = None
        try:
            config = load_config(
                config_file=str(self.config_file), site_dir=str(site), strict=False
            )
            config.site_url = self.url
            build(config, serve_url=self.url, dirty=dirty)
        except Exception as exc:  # anything the engine meets; serve must keep serving
            if site != self.site:
                shutil.rmtree(site, ignore_errors=True)
            self.built([self._problem(exc)])
            return
        if site != self.site:
            previous, self.site = self.site, site
            self.publish(site)
            if previous is not None:
                shutil.rmtree(previous, ignore_errors=True)
        self.stamp = stamp
        self.built([])

    def _theme_stamp(self) -> list[tuple[str, int, int]]:
        tree = self.config_file.parent
        found = []
        for path in sorted(tree.rglob("*")):
            rel = path.relative_to(tree)
            if rel.parts[0] != "docs" and path.is_file():
                info = path.stat()
                found.append((rel.as_posix(), info.st_mtime_ns, info.st_size))
        return found

    def _problem(self, exc: Exception) -> Problem:
        """The failure, placed in the tree's file the traceback last passed through (a theme
        template, say) when there is one."""
        where = Location(str(self.config_file))
        tree = str(self.config_file.parent)
        filename = getattr(exc, "filename", None)
        if isinstance(filename, str) and filename.startswith(tree):
            where = Location(filename, getattr(exc, "lineno", 0) or 0)
        else:
            for frame in traceback.extract_tb(exc.__traceback__):
                if frame.filename.startswith(tree):
                    where = Location(frame.filename, frame.lineno or 0)
        text = str(exc).strip() or type(exc).__name__
        if not isinstance(exc, FrameworkError) and type(exc).__module__ != "mkdocs.exceptions":
            text = f"{type(exc).__name__}: {text}"
        return ENGINE_WARNING.at(where, f"the site engine could not build the preview: {text}")

    def error_page(self, code: int) -> bytes | None:
        """The site's own 404 page, as `mkdocs serve` shows it."""
        page = self.site / f"{code}.html" if self.site else None
        return page.read_bytes() if code in (404, 500) and page and page.is_file() else None
