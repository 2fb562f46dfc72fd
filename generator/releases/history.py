"""The committed release history: every release record ever committed to releases/index.yaml,
read from git, must still be in the index unchanged, with its bundle.

The hash chain in the index protects every record but the last, and only while the index exists:
deleting the latest release, or the whole history, or editing the last record's notes or
summary, leaves a chain that still adds up. Git remembers what was committed, so where the
repository's history is at hand each record is compared with the record as it was first
committed. Where it is not (no git, not a repository, a shallow clone, git failing), this part is
reported as not verified, never guessed and never an error.

git runs with a fixed argument list (no shell) and a timeout; two processes read the whole
history however long it is: `git log` for the commits that touched the index, and one
`git cat-file --batch` for the index as each of them left it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.content.source import MAX_BYTES, Document, read_yaml
from generator.core.errors import Location, Problem, Severity, rule
from generator.releases.bundle import (
    INDEX,
    INDEX_HEADER,
    ReleaseRecord,
    parse_version,
    read_index_document,
    record_digest,
    record_text,
    sha256,
)
from generator.releases.verify import HASH_MISMATCH, MISSING

NOT_A_REPOSITORY = "not a git repository, so there is no history to compare with"
RECORD_LINES = 8  # lines of one record in index_text(): version ... previous
GIT_TIMEOUT = 20.0  # seconds for each git call; a slower git is reported as "not verified"
# Variables that point git at another repository or index: the history is the root's own.
_GIT_ENV_DROP = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
)

RECORD_REMOVED = rule(
    "release-record-removed",
    Severity.ERROR,
    "a release record committed to releases/index.yaml is no longer in it",
)
RECORD_CHANGED = rule(
    "release-record-changed",
    Severity.ERROR,
    "a release record differs from the record as it was first committed",
)


@dataclass(frozen=True)
class Committed:
    """A release record as it was first committed, and the commit that first held it."""

    record: ReleaseRecord
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:12]


@dataclass(frozen=True)
class History:
    """What git says was committed, or why that could not be read (`verified` False)."""

    verified: bool
    detail: str
    records: dict[str, Committed] = field(default_factory=dict)  # by version, oldest first

    def summary(self) -> str:
        """One line for the check summary."""
        if not self.verified:
            return f"release history: not verified ({self.detail})"
        return f"release history: verified against git ({self.detail})"


class _GitFailed(Exception):
    pass


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV_DROP}
    env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C")  # never ask; messages in one language
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _GitFailed(f"git took longer than {GIT_TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise _GitFailed(f"git could not run: {exc.strerror or exc}") from None
    if done.returncode:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(f"git {args[0]} failed: {first[0] if first else done.returncode}")
    return done.stdout


def read_history(root: Path) -> History:
    """Every release record ever committed to the root's releases/index.yaml, as first
    committed. Never raises: any reason git cannot answer fully is a not-verified History."""
    if shutil.which("git") is None:
        return History(False, "git is not installed")
    here = root.absolute()
    if not any((folder / ".git").exists() for folder in (here, *here.parents)):
        # What git would find too (GIT_DIR is not passed on), without starting it: keeps checks
        # of loose folders, such as the test suite's thousands, from waiting on a process.
        return History(False, NOT_A_REPOSITORY)
    try:
        return _read_history(root)
    except _GitFailed as exc:
        return History(False, str(exc))


def _read_history(root: Path) -> History:
    try:
        # surrogateescape: a folder name that is not UTF-8 goes back to git byte for byte
        answer = (
            _git(
                root,
                "rev-parse",
                "--is-inside-work-tree",
                "--is-shallow-repository",
                "--show-prefix",
            )
            .decode("utf-8", "surrogateescape")
            .split("\n")
        )
    except _GitFailed as exc:
        if "not a git repository" not in str(exc):
            raise
        return History(False, NOT_A_REPOSITORY)
    inside, shallow, prefix = [*answer, "", "", ""][:3]
    if inside != "true":
        return History(False, "the folder is not inside a git work tree")
    if shallow not in ("true", "false"):
        return History(False, "this git is too old to say whether the clone is shallow")
    if shallow == "true":
        return History(
            False, "a shallow clone holds only part of the history; run `git fetch --unshallow`"
        )
    try:
        commits = _git(root, "log", "--format=%H", "--", INDEX).decode("ascii", "replace").split()
    except _GitFailed:
        try:  # say why, when the reason is the common one
            _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
        except _GitFailed:
            return History(False, "nothing has been committed yet")
        raise
    texts = _index_versions(root, [f"{c}:{prefix}{INDEX}" for c in reversed(commits)])
    records: dict[str, Committed] = {}
    blocks: dict[bytes, ReleaseRecord | None] = {}
    for commit, data in zip(reversed(commits), texts, strict=True):
        for record in _records(data, blocks):
            records.setdefault(record.version, Committed(record, commit))
    what = "commit" if len(commits) == 1 else "commits"
    return History(True, f"{len(records)} release(s) in {len(commits)} {what} of {INDEX}", records)


def _index_versions(root: Path, names: list[str]) -> list[bytes | None]:
    """The index as each commit left it (None where the commit deleted it), in one process."""
    if not names:
        return []
    request = "".join(n + "\n" for n in names).encode("utf-8", "surrogateescape")
    out = _git(root, "cat-file", "--batch", stdin=request)
    found: list[bytes | None] = []
    at = 0
    for _ in names:
        end = out.find(b"\n", at)
        header = out[at:end].split() if end >= 0 else []
        if header[-1:] == [b"missing"]:
            found.append(None)
            at = end + 1
            continue
        if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
            raise _GitFailed(f"git cat-file gave an unexpected answer: {header!r}")
        size = int(header[2])
        found.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1  # the content is followed by a newline
    if at != len(out):
        raise _GitFailed("git cat-file gave more or less than was asked for")
    return found


def _records(data: bytes | None, blocks: dict[bytes, ReleaseRecord | None]) -> list[ReleaseRecord]:
    """The valid records of one committed index; a record that never passed the model never
    described a release, so it is skipped rather than held against the present."""
    if data is None:
        return []
    found = _canonical_records(data, blocks)
    return found if found is not None else _parsed_records(data)


def _canonical_records(
    data: bytes, blocks: dict[bytes, ReleaseRecord | None]
) -> list[ReleaseRecord] | None:
    """The records of an index in the one layout `framework release` writes, or None for any
    other text. Each index in the history repeats every record before it, so each record's
    eight lines are read once for the whole history (`blocks`), keeping the walk linear. A
    block counts only if it is exactly record_text() of the record read from it, and the header
    exactly index_text()'s, so the strict reading of the whole file gives the same records."""
    header = (INDEX_HEADER + "releases:\n").encode("utf-8")
    if not data.startswith(header) or not data.endswith(b"\n") or len(data) > MAX_BYTES:
        return None
    lines = data[len(header) :].split(b"\n")[:-1]
    if len(lines) % RECORD_LINES:
        return None
    records = []
    for start in range(0, len(lines), RECORD_LINES):
        block = b"\n".join(lines[start : start + RECORD_LINES]) + b"\n"
        if block not in blocks:
            blocks[block] = _canonical_block(block)
        record = blocks[block]
        if record is None:
            return None
        records.append(record)
    return records


def _canonical_block(block: bytes) -> ReleaseRecord | None:
    parsed = _parsed_records(b"releases:\n" + block)
    if len(parsed) != 1 or record_text(parsed[0]).encode("utf-8") != block:
        return None
    return parsed[0]


def _parsed_records(data: bytes) -> list[ReleaseRecord]:
    """The valid records of an index, read by the strict YAML reader."""
    doc, _ = read_yaml(data, INDEX)
    entries = doc.data.get("releases") if doc is not None and isinstance(doc.data, dict) else None
    found = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            found.append(ReleaseRecord.model_validate(entry))
        except ValidationError:
            continue
    return found


def history_problems(root: Path, history: History) -> list[Problem]:
    """Each committed record must still be in the index, unchanged in its canonical form, and
    its bundle must still have the sha256 the record was committed with."""
    if not history.verified or not history.records:
        return []
    doc, records, problems = read_index_document(root)
    if problems:
        return []  # the index cannot be read: that is reported already, and comparing would guess
    current = {record.version: (i, record) for i, record in enumerate(records)}
    found: list[Problem] = []
    for version, committed in history.records.items():
        if version in current:
            i, record = current[version]
            found += _changed(root, doc, i, record, committed)
        else:
            found += _removed(root, doc, _before(records, version), committed)
    return found


def _before(records: list[ReleaseRecord], version: str) -> tuple[int, ReleaseRecord] | None:
    """The last record of an earlier version: where a removed record used to follow."""
    key = parse_version(version) or (0, 0, 0)
    earlier = [(i, r) for i, r in enumerate(records) if (parse_version(r.version) or key) < key]
    return earlier[-1] if earlier else None


def _changed(
    root: Path, doc: Document | None, i: int, record: ReleaseRecord, committed: Committed
) -> list[Problem]:
    if record_digest(record) == record_digest(committed.record):
        return []
    fields = [
        name
        for name in ReleaseRecord.model_fields
        if getattr(record, name) != getattr(committed.record, name)
    ]
    where = doc.locate(("releases", i, fields[0])) if doc is not None else Location(INDEX)
    found = [
        RECORD_CHANGED.at(
            where,
            f"the record of release {record.version} differs from "
            f"the record first committed in {committed.short} (changed: "
            f"{', '.join(fields)})",
            "a released record never changes: "
            f"restore it as it is in `git show {committed.short}:{INDEX}`",
        )
    ]
    if record.sha256 != committed.record.sha256:
        found += _bundle(root, committed, report_missing=False)
    return found


def _removed(
    root: Path, doc: Document | None, before: tuple[int, ReleaseRecord] | None, committed: Committed
) -> list[Problem]:
    version = committed.record.version
    if doc is None:
        where = Location(INDEX)
    elif before is not None:
        where = doc.locate(("releases", before[0], "version"))
    else:
        where = doc.locate(("releases",), key=True)
    after = f", after release {before[1].version}" if before is not None else ""
    problem = RECORD_REMOVED.at(
        where,
        f"release {version}, committed in {committed.short}, is missing from {INDEX}{after}",
        "a release is never removed: "
        f"restore its record from `git show {committed.short}:{INDEX}` "
        f"and its bundle with `git checkout {committed.short} -- "
        f"releases/{version}.json`",
    )
    return [problem, *_bundle(root, committed, report_missing=True)]


def _bundle(root: Path, committed: Committed, *, report_missing: bool) -> list[Problem]:
    rel = f"releases/{committed.record.version}.json"
    try:
        data = (root / rel).read_bytes()
    except OSError:
        if not report_missing:
            return []  # the present record lists it, so verify_releases reports it missing
        return [
            MISSING.at(
                Location(rel),
                f"the bundle of release {committed.record.version}, "
                f"committed in {committed.short}, is missing",
                f"restore it with `git checkout {committed.short} -- {rel}`",
            )
        ]
    if sha256(data) == committed.record.sha256:
        return []
    return [
        HASH_MISMATCH.at(
            Location(rel),
            f"the bundle's sha256 is {sha256(data)}, but the "
            f"record committed in {committed.short} has "
            f"{committed.record.sha256}",
            "a released bundle never changes: "
            f"restore it with `git checkout {committed.short} -- {rel}`",
        )
    ]
