#!/usr/bin/env python3
"""The releases guard: refuse a change to releases/ other than appending a release.

Usage: releases_guard.py [--push] BASE HEAD   (git refs or commit SHAs)

A pull request is compared with its merge base (main may have gained releases since the branch
began). A push (`--push`, BASE being the commit the branch pointed at before) is compared with
BASE itself, so a force push that drops a release, or rewrites a record, is refused even though
the old commit is no longer an ancestor. A BASE of all zeros (a new branch) has nothing to
compare with and is allowed.

Allowed between the merge base and HEAD, and nothing else under releases/:
- releases/index.yaml grows only by appending: the old text is a prefix of the new text;
- new files releases/<version>.json, each a version of a record appended to the index.
A modified or deleted bundle, an edited or removed record, or any other new file is refused.

Standard library only, so the job needs nothing but git and Python. Exit 0 allowed, 1 refused,
2 usage or git errors.
"""

from __future__ import annotations

import re
import subprocess
import sys

INDEX = "releases/index.yaml"
VERSION_LINE = re.compile(r'^\s*-\s*version:\s*["\']?([^"\'\s#]+)', re.MULTILINE)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def changes(base: str, head: str) -> list[tuple[str, str]]:
    """(status letter, path) for each file under releases/ that differs; renames split."""
    out = git("diff", "--name-status", "--no-renames", "-z", base, head, "--", "releases/")
    fields = out.split("\0")
    return [(fields[i][0], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]


def show(ref: str, path: str) -> str:
    try:
        return git("show", f"{ref}:{path}")
    except subprocess.CalledProcessError:
        return ""


def versions(index_text: str) -> list[str]:
    return VERSION_LINE.findall(index_text)


def refusals(base: str, head: str, *, push: bool = False) -> list[str]:
    """Every reason to refuse the change, in path order; [] when it only appends releases."""
    merge_base = base if push else git("merge-base", base, head).strip()
    found = changes(merge_base, head)
    old_index, new_index = show(merge_base, INDEX), show(head, INDEX)
    problems, appended = [], []
    if any(path == INDEX for _, path in found):
        if not new_index.startswith(old_index):
            problems.append(
                f"{INDEX}: existing records were edited or removed; the index only "
                "grows by appending a release"
            )
        else:
            appended = versions(new_index)[len(versions(old_index)) :]
    allowed_new = {f"releases/{version}.json" for version in appended}
    for status, path in found:
        if path == INDEX:
            if status not in ("A", "M"):
                problems.append(f"{INDEX}: deleted; the release history is never removed")
        elif status == "A" and path in allowed_new:
            continue
        elif status == "A":
            problems.append(
                f"{path}: added, but it is not the bundle of a release appended to "
                f"{INDEX}; only `framework release` writes here"
            )
        else:
            what = {"D": "deleted", "M": "modified"}.get(status, f"changed ({status})")
            problems.append(f"{path}: {what}; a released file never changes: restore it")
    return problems


def main(argv: list[str]) -> int:
    push = argv[:1] == ["--push"]
    argv = argv[1:] if push else argv
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if push and set(argv[0]) == {"0"}:
        print("releases guard: a new branch, nothing to compare with")
        return 0
    try:
        problems = refusals(argv[0], argv[1], push=push)
    except subprocess.CalledProcessError as exc:
        print(f"releases guard: git failed: {exc.stderr.strip()}", file=sys.stderr)
        return 2
    for problem in problems:
        # A workflow annotation, so the refusal shows on the file in the pull request.
        path, _, message = problem.partition(": ")
        print(f"::error file={path},title=releases-guard::{message}")
    if problems:
        print(f"releases guard: {len(problems)} change(s) to releases/ refused", file=sys.stderr)
        return 1
    print("releases guard: releases/ only gains appended releases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
