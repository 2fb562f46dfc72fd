"""Checks that run inside a page: axe-core, focus indicators, console messages.

Each returns a list of readable failures (empty when the page passes), so the suite's tests and
the tests that prove the checks bite share one implementation.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import ConsoleMessage, Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                           resultTypes: ["violations"]});
  return results.violations.map(v => ({rule: v.id, help: v.help,
    targets: v.nodes.map(n => n.target.join(" "))}));
}"""


def axe_violations(page: Page, axe_source: str, where: str) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the loaded page: 'rule (help) on where: target'.

    The source is evaluated through the debugging protocol, which the page's CSP does not
    govern, so axe runs under the real policy."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"(() => {{ {axe_source}\n }})()")
    found: list[dict[str, Any]] = page.evaluate(_RUN_AXE, AXE_TAGS)
    return [
        f"{v['rule']} ({v['help']}) on {where}: {target}" for v in found for target in v["targets"]
    ]


_FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  const onScreen = box.right > 0 && box.bottom > 0 && box.left < innerWidth
    && box.top < innerHeight && style.visibility === "visible";
  return {tag: el.tagName.toLowerCase(), text: (el.getAttribute("aria-label") || el.innerText
            || el.getAttribute("href") || "").trim().slice(0, 40),
          indicated: outline || shadow, onScreen: onScreen};
}"""


def focus_failures(page: Page, stops: int, label: str) -> list[str]:
    """Press Tab `stops` times; every focused element must be on screen and show an outline or
    a box shadow."""
    failures = []
    for stop in range(1, stops + 1):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_STATE)
        if state is None:
            continue
        where = f"{label}, tab stop {stop}: <{state['tag']}> {state['text']!r}"
        if not state["indicated"]:
            failures.append(f"{where} has no focus indicator (no outline, no box-shadow)")
        if not state["onScreen"]:
            failures.append(f"{where} takes the focus off screen or while hidden")
    return failures


class Console:
    """Collects console errors, warnings about policy and uncaught exceptions of a page."""

    def __init__(self, page: Page) -> None:
        self.messages: list[str] = []
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.messages.append(f"uncaught: {error}"))

    def _message(self, message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" or "Content Security Policy" in text:
            self.messages.append(f"{message.type}: {text}")

    def take(self) -> list[str]:
        """The messages so far, forgetting them."""
        taken, self.messages = self.messages, []
        return taken
