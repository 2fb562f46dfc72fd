"""A version's "What changed" page: the change log's prose (releases/change_prose.py) in a
Markdown skeleton, so that its headings reach the page's table of contents."""

from __future__ import annotations

from markupsafe import Markup

from generator.releases.change_prose import ChangeProse
from generator.releases.diff import Diff
from generator.website.render.links import trusted


class ChangeWriter(ChangeProse):
    """Writes one change log into the page its PageWriter belongs to."""

    def page(self, diff: Diff) -> Markup:
        """The whole page body: Markdown headings and raw HTML blocks for the entries."""
        lines = [f"# What changed from {diff.old_version} to {diff.new_version}", ""]
        if diff.is_empty():
            return trusted("\n".join([*lines, "No changes.", ""]))
        lines += [_block(self.summary(diff)), ""]
        for kind_heading, change_heading, entries in self.sections(diff):
            if kind_heading:
                lines += [f"## {kind_heading}", ""]
            lines += [f"### {change_heading}", "", _block(entries), ""]
        return trusted("\n".join(lines))


def _block(html: str) -> str:
    return f'<div class="fw-prose">\n{html}\n</div>'
