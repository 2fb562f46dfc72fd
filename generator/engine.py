"""The one place that calls the site engine (MkDocs 1.6 with Material).

Everything else hands this module a config file and gets a built site or a FrameworkError. The
engine's own logging is captured, never printed: warnings and errors become problems, and strict
mode turns any warning into a failed build.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.errors import FrameworkError, Location, Severity, rule

ENGINE_WARNING = rule("site-engine", Severity.ERROR,
                      "the site engine reported a problem while building a version")
CONFIG_INVALID = rule("site-config", Severity.ERROR, "mkdocs.yml is not a valid site config")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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


def load_settings(config_file: Path, **overrides: Any) -> Any:
    """The config as MkDocs reads it (the only way mkdocs.yml is ever read)."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    with _quiet_engine({"NO_MKDOCS_2_WARNING": "1"}) as log:
        try:
            return load_config(config_file=str(config_file), **overrides)
        except exceptions.MkDocsException as exc:
            raise _problems(config_file.name, log.messages, str(exc)) from None


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
            config = load_config(config_file=str(config_file), site_dir=str(site_dir.absolute()),
                                 strict=True)
            build(config)
        except exceptions.MkDocsException as exc:
            raise _problems(str(config_file), log.messages, str(exc)) from None
    if log.messages:
        raise _problems(str(config_file), log.messages, "")


def serve_tree(config_file: Path, *, host: str, port: int) -> None:
    """Serve the page tree of `config_file` with the engine's live-reload server until
    interrupted. The engine watches the tree and rebuilds on change; a failed rebuild is
    logged and the browser keeps the last good build. Warnings are printed, not fatal."""
    from mkdocs.commands.serve import serve

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # A dirty rebuild writes only the pages whose source changed. Our renderer rewrites every
    # page a change touches (back-links included), so only the navigation of untouched pages can
    # lag until the next full render, which is the price of a preview that keeps up with typing.
    serve(config_file=str(config_file), livereload=True, build_type="dirty",
          dev_addr=f"{host}:{port}", strict=False)
