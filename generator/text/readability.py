"""Readability figures for plain-English checks: Flesch reading ease and Flesch-Kincaid grade.

Syllables are counted with a vowel-group heuristic, which is what most readability tools do;
the figures guide editors, they do not gate releases on their own.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from generator.text.markdown import plain_text

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Score:
    words: int
    sentences: int
    syllables: int

    @property
    def reading_ease(self) -> float:
        """Flesch reading ease: 60-70 is plain English; higher is easier."""
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade; add 5 for a reading age)."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'").split("'")[0]
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # a silent final e
    return max(count, 1)


def score(markdown: str) -> Score:
    text = plain_text(markdown)
    words = _WORD.findall(text)
    # IDs and abbreviations (GOV-01, DPIA) read as one short word each.
    sentences = max(len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]), 1)
    return Score(len(words), sentences, sum(1 if w.isupper() else syllables(w) for w in words))


def median_reading_ease(texts: list[str]) -> float:
    scores = [score(t).reading_ease for t in texts if t.strip()]
    return round(statistics.median(scores), 1) if scores else 0.0
