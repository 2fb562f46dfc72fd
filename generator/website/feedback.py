"""Links from item pages to the pre-filled feedback form on GitHub.

The form is .github/ISSUE_TEMPLATE/item-feedback.yml; GitHub fills a form field from a query
parameter named after the field's `id`. Keep FIELD_* in step with that file (a test checks).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

TEMPLATE = "item-feedback.yml"
FIELD_ITEM = "item-id"
FIELD_VERSION = "version"
LABELS = "feedback"


def feedback_url(repo_url: str, item_id: str, version: str, title: str | None = None) -> str:
    """The new-issue URL of the item feedback form, pre-filled with the item's ID and version,
    and an issue title naming the item (with its `title`, when given) and the version.

    `repo_url` is mkdocs.yml's repo_url, e.g. https://github.com/owner/repo (a trailing slash
    or `.git` is dropped). Every value is URL-encoded, so content can never add parameters."""
    base = repo_url.strip().rstrip("/")
    base = base.removesuffix(".git")
    if not base.startswith("https://"):
        raise ValueError(f"repo_url must be an https address, not {repo_url!r}")
    named = f"{item_id} {' '.join(title.split())}" if title and title != item_id else item_id
    query = urlencode(
        {
            "template": TEMPLATE,
            "labels": LABELS,
            "title": f"Feedback on {named} ({version})",
            FIELD_ITEM: item_id,
            FIELD_VERSION: version,
        },
        quote_via=quote,
    )
    return f"{base}/issues/new?{query}"
