"""mkdocs.yml read as YAML, never constructed: where each setting is, and what is unsafe.

MkDocs's own loader constructs Python tags (`!!python/object/apply` runs a command) and reads
`!ENV` variables and `INHERIT` files. mkdocs.yml arrives by pull request like content, so before
`engine.load_settings` hands it to MkDocs, this module composes it into nodes (no constructor
runs), refuses every tag other than the plain YAML types and INHERIT, and records the line of
each top-level setting so MkDocs's complaints can be placed on it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.core.errors import Location, Problem, Severity, rule
from generator.core.files import file_problem

CONFIG_INVALID = rule("site-config", Severity.ERROR, "mkdocs.yml is not a valid site config")
CONFIG_UNSAFE = rule(
    "site-config-unsafe",
    Severity.ERROR,
    "mkdocs.yml uses a YAML tag or INHERIT, which would run code, read the "
    "environment or read another file",
)

# Tags the settings may carry: the plain YAML types (what an untagged value resolves to).
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


def settings_keys(
    config_file: Path, shown: str
) -> tuple[dict[str, tuple[int, int]], list[Problem]]:
    """Where each top-level setting starts, and anything that makes the file unsafe to load.
    The file is composed into nodes, never constructed, so no tag can act."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, [
            CONFIG_INVALID.at(
                Location(shown),
                "the site config is missing",
                "restore it from the repository: git checkout -- mkdocs.yml",
            )
        ]
    except OSError as exc:
        return {}, [file_problem(exc, shown)]
    except UnicodeDecodeError as exc:
        return {}, [
            CONFIG_INVALID.at(
                Location(shown),
                f"is not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})",
                "save it as UTF-8",
            )
        ]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
        return {}, [
            CONFIG_INVALID.at(
                where,
                f"not valid YAML: {exc.problem or exc.context}",
                "check indentation and quoting on this line and the one before",
            )
        ]
    except yaml.YAMLError as exc:
        return {}, [CONFIG_INVALID.at(Location(shown), f"not valid YAML: {exc}")]
    if not isinstance(root, yaml.MappingNode):
        return {}, [
            CONFIG_INVALID.at(
                Location(shown, 1, 1),
                "the file must be a mapping of settings (site_name: ..., theme: ...)",
                "start from the repository's mkdocs.yml",
            )
        ]
    keys = {
        str(key.value): (key.start_mark.line + 1, key.start_mark.column + 1)
        for key, _value in root.value
        if isinstance(key, yaml.ScalarNode)
    }
    return keys, _unsafe(root, shown, keys)


def _unsafe(root: yaml.MappingNode, shown: str, keys: dict[str, tuple[int, int]]) -> list[Problem]:
    problems = []
    if "INHERIT" in keys:
        problems.append(
            CONFIG_UNSAFE.at(
                Location(shown, *keys["INHERIT"]),
                "INHERIT makes the site engine read another file, which nothing checks",
                "write the settings into mkdocs.yml itself",
            )
        )
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: already looked at
            continue
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            mark = node.start_mark
            problems.append(
                CONFIG_UNSAFE.at(
                    Location(shown, mark.line + 1, mark.column + 1),
                    f"the tag {node.tag} could run "
                    "code or read the environment when the site is built",
                    "write the value out plainly; mkdocs.yml takes no tags here",
                )
            )
        if isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return sorted(problems)
