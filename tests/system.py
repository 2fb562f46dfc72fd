"""System packages for tests: skip locally with a clear message, fail in CI.

    soffice = require_binary("soffice", "libreoffice-writer-nogui")

returns the binary's path, or skips the test (fails it when REQUIRE_SYSTEM=1, as .ci/run sets).
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
from typing import NoReturn

import pytest


def required() -> bool:
    """True where missing system packages are failures (CI), not skips."""
    return os.environ.get("REQUIRE_SYSTEM") == "1"


def require_binary(binary: str, package: str) -> str:
    """The path of `binary`; otherwise skip (or fail with REQUIRE_SYSTEM=1), naming the Debian
    package that provides it."""
    path = shutil.which(binary)
    if path is not None:
        return path
    unavailable(
        f"{binary} is not installed: install the Debian package {package} "
        "(CI does, and sets REQUIRE_SYSTEM=1 to make this a failure)"
    )


def unavailable(message: str) -> NoReturn:
    """Skip the test saying what is missing, or fail it where REQUIRE_SYSTEM=1 (CI)."""
    if required():
        pytest.fail(message)
    pytest.skip(message)


@functools.cache
def _pdf_renderer_problem() -> str:
    """Why WeasyPrint cannot render here ('' when it can). Cached: the import is slow."""
    from generator.export.libraries import WEASYPRINT, MissingLibrary, needs

    try:
        with needs(WEASYPRINT):
            import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except MissingLibrary as exc:
        return exc.problems[0].message
    return ""


def require_pdf_renderer() -> None:
    """WeasyPrint loads Pango, a system package: skip PDF tests without it (fail in CI)."""
    if problem := _pdf_renderer_problem():
        unavailable(
            f"{problem}: install the Debian packages libpango-1.0-0 libpangoft2-1.0-0 "
            "(`.ci/system-packages pdf`; CI does, and sets REQUIRE_SYSTEM=1)"
        )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
