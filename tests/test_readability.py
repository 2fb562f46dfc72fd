"""Readability figures and the hard-to-read warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.text.readability import median_reading_ease, score, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("use", 1),
        ("team", 1),
        ("people", 2),
        ("accountable", 4),
        ("AI", 1),
        ("free", 1),
        ("organisation", 5),
        ("table", 2),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_plain_text_scores_higher_than_jargon() -> None:
    plain = score("A person checks each post before it goes out.")
    jargon = score(
        "Organisational accountability necessitates comprehensive multidisciplinary "
        "verification methodologies."
    )
    assert plain.reading_ease > 70 > 0 > jargon.reading_ease
    assert plain.grade < jargon.grade


def test_sentences_and_markup() -> None:
    result = score("**Check** the [register](https://example.org). Then sign it off!")
    assert (result.words, result.sentences) == (7, 2)


def test_median() -> None:
    assert median_reading_ease(["A cat sat.", "", "A dog ran off."]) == pytest.approx(
        median_reading_ease(["A cat sat.", "A dog ran off."])
    )
    assert median_reading_ease([]) == 0.0


def test_hard_to_read_statement_warns(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gov = minimal / "policies/standards/gov.yaml"
    gov.write_text(
        gov.read_text(encoding="utf-8").replace(
            "The team MUST name one senior role that is accountable for its use of AI.",
            "Organisational accountability arrangements MUST incorporate comprehensive "
            "multidisciplinary authorisation responsibilities.",
            1,
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(minimal), "check"]) == 0
    out = capsys.readouterr().out
    assert "warning[hard-to-read]" in out and "GOV-01" in out
    assert main(["--root", str(minimal), "check", "--strict"]) == 1


def test_check_reports_readability_figures(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--root", str(minimal), "check"])
    assert "readability (median Flesch reading ease" in capsys.readouterr().out
