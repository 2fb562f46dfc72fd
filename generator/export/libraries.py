"""The heavy libraries the downloads need, loaded only by the code that writes a download.

WeasyPrint loads Pango and other system libraries the moment it is imported, and python-docx
brings lxml. `framework check`, `diff`, `new`, `release`, `serve` and `build --no-downloads` need
neither, so they must run where these cannot be imported: a laptop without Pango, a pre-commit
hook. A writer imports its library inside `needs(...)`, which turns a failed import into one
plain problem naming the library and the fix: never a traceback, never "internal error".
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

from generator.core.errors import FrameworkError, Location, Severity, rule

MISSING = rule(
    "missing-library", Severity.ERROR, "a library needed to write a download cannot be loaded"
)


@dataclass(frozen=True)
class Library:
    """A library one kind of download needs, and how a user gets it working."""

    name: str  # as the user knows it (the distribution on PyPI)
    module: str  # the top-level import name
    writes: str  # what cannot be written without it
    system_fix: str = ""  # what to install when the package is there but cannot load


WEASYPRINT = Library(
    "WeasyPrint",
    "weasyprint",
    "PDF",
    "install Pango, which WeasyPrint loads (Debian or Ubuntu: `apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0`; macOS: `brew install pango`)",
)
PYTHON_DOCX = Library("python-docx", "docx", "Word document")
# What the user can do meanwhile; callers that know better say so through `at`.
WITHOUT_DOWNLOADS = "or build the site without downloads: `framework build --no-downloads`"


class MissingLibrary(FrameworkError):
    """A download's library cannot be imported. A FrameworkError, so the CLI prints it plainly
    wherever it surfaces; callers that know the file being written re-raise it `at` that file."""

    def __init__(
        self,
        library: Library,
        reason: str,
        fix: str,
        *,
        where: str = "",
        meanwhile: str = WITHOUT_DOWNLOADS,
    ) -> None:
        self.library, self.reason, self.fix = library, reason, fix
        message = (
            f"{library.name} cannot be loaded, so no {library.writes} can be written ({reason})"
        )
        super().__init__(
            [MISSING.at(Location(where or library.module), message, f"{fix}; {meanwhile}")]
        )

    def at(self, where: str, meanwhile: str = WITHOUT_DOWNLOADS) -> MissingLibrary:
        """The same problem, located at the file that could not be written."""
        return MissingLibrary(self.library, self.reason, self.fix, where=where, meanwhile=meanwhile)


def _fix(library: Library, exc: BaseException) -> str:
    absent = (
        isinstance(exc, ModuleNotFoundError)
        and (exc.name or "").partition(".")[0] == library.module
    )
    if absent or not library.system_fix:
        # The package itself (or a Python dependency of it) is not installed.
        return (
            f"install the Python package: `pip install {library.name}` "
            "(`make .venv/.installed` installs every locked package)"
        )
    return library.system_fix


@contextlib.contextmanager
def needs(library: Library) -> Iterator[None]:
    """Wrap the import of `library`: a failure raises MissingLibrary instead of a traceback.

    WeasyPrint raises OSError (not ImportError) when Pango is missing, and prints its own
    notice on stdout first; the notice is dropped because the problem we raise says the same
    and names the fix."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    except (ImportError, OSError) as exc:
        reason = f"{type(exc).__name__}: {str(exc).strip()[:300]}"
        raise MissingLibrary(library, reason, _fix(library, exc)) from None
