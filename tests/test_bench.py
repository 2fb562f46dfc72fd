"""The honesty logic of `make bench` (tests/bench.py): what counts as measured, what is "not
present", what fails the run, and best-of-N. No timing is asserted: the clock is faked where a
test needs one."""

from __future__ import annotations

import itertools
import socket
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import bench, bench_site
from tests.bench import (
    Bench,
    CannotMeasure,
    Outcome,
    best_of,
    best_of_each,
    classify,
    run_bench,
    summary,
    target_met,
)
from tests.bench_browser import missing_tools
from tests.bench_site import ServeFailed, _save_to_visible, wait_for
from tests.synthetic import synthetic_history

EXPORT = Bench("tests.bench_export", "bench_export", optional="weasyprint")


def missing(name: str) -> ModuleNotFoundError:
    return ModuleNotFoundError(f"No module named {name!r}", name=name)


@pytest.mark.parametrize(
    ("bench_", "error", "status"),
    [
        (EXPORT, missing("weasyprint"), "not present"),
        (EXPORT, missing("cffi"), "failed"),  # weasyprint there, its dependency not: broken
        (EXPORT, missing("weasyprint.text"), "failed"),  # only the optional module itself
        (Bench("tests.bench_diff", "bench_diff"), missing("weasyprint"), "failed"),
        (EXPORT, CannotMeasure("chromium is missing"), "cannot measure"),
        (EXPORT, ValueError("bad figure"), "failed"),
    ],
)
def test_classify(bench_: Bench, error: BaseException, status: str) -> None:
    assert classify(bench_, error)[0] == status


def test_a_failure_is_shown_with_its_message() -> None:
    status, message = classify(EXPORT, missing("cffi"))
    assert status == "failed" and "No module named 'cffi'" in message


@pytest.fixture
def fake_bench(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    module = types.ModuleType("tests.fake_bench")
    monkeypatch.setitem(sys.modules, "tests.fake_bench", module)
    yield module


def _run(module: types.ModuleType, body: object, optional: str | None = None) -> Outcome:
    module.bench_fake = body  # type: ignore[attr-defined]
    return run_bench(Bench("tests.fake_bench", "bench_fake", optional=optional))


def test_rows_are_measured(fake_bench: types.ModuleType) -> None:
    outcome = _run(fake_bench, lambda: [("x (s)", 1.0)])
    assert outcome.status == "measured" and outcome.rows == [("x (s)", 1.0)]


def test_no_rows_is_not_a_measurement(fake_bench: types.ModuleType) -> None:
    assert _run(fake_bench, list).status == "cannot measure"


def test_missing_optional_module_at_call_time(fake_bench: types.ModuleType) -> None:
    def body() -> None:
        raise missing("weasyprint")

    assert _run(fake_bench, body, optional="weasyprint").status == "not present"
    assert _run(fake_bench, body, optional=None).status == "failed"


def test_a_failure_carries_its_traceback(fake_bench: types.ModuleType) -> None:
    def body() -> None:
        raise RuntimeError("serve never started")

    outcome = _run(fake_bench, body)
    assert outcome.status == "failed"
    assert outcome.message.startswith("RuntimeError: serve never started")
    assert "Traceback" in outcome.message


def test_a_bench_module_that_is_missing_fails() -> None:
    outcome = run_bench(Bench("tests.no_such_bench", "bench_nothing", optional="weasyprint"))
    assert outcome.status == "failed" and "tests.no_such_bench" in outcome.message


def test_every_registered_bench_exists() -> None:
    for registered in bench.BENCHES:
        module = __import__(registered.module, fromlist=[registered.function])
        assert callable(getattr(module, registered.function)), registered.name


def _outcome(status: bench.Status, rows: bench.Rows | None = None, message: str = "") -> Outcome:
    return Outcome(Bench("tests.x", "bench_x"), status, rows or [], message)


def test_summary_fails_when_anything_did_not_measure() -> None:
    code, lines = summary(
        [
            _outcome("measured", [("a (s)", 1.0)]),
            _outcome("not present", message="weasyprint missing"),
        ]
    )
    assert code == 1
    assert lines[0].startswith("bench: 1 of 2 benches measured")
    assert any("not present: tests.x.bench_x: weasyprint missing" in line for line in lines)
    assert lines[-1].startswith("bench: FAILED")


def test_summary_passes_when_everything_measured_even_off_target() -> None:
    code, lines = summary([_outcome("measured", [("ratio (target <= 1.3)", 2.0)])])
    assert code == 0
    assert "1 figure(s) outside their target" in lines[0]
    assert lines[1] == "  outside its target: ratio (target <= 1.3)"


@pytest.mark.parametrize(
    ("label", "value", "met"),
    [
        ("history ratio (target <= 1.3)", 1.3, True),
        ("history ratio (target <= 1.3)", 1.31, False),
        ("save to visible (s, target < 1.5)", 1.5, False),
        ("score (target >= 0.9)", 0.95, True),
        ("full build (s)", 100.0, None),
    ],
)
def test_target_met(label: str, value: float, met: bool | None) -> None:
    assert target_met(label, value) is met


def test_a_missed_target_is_marked() -> None:
    assert bench.format_row("r (target <= 1)", 2.0).endswith("MISSES ITS TARGET")
    assert not bench.format_row("r (target <= 1)", 0.5).endswith("TARGET")


def test_best_of_is_the_least_of_at_least_three_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fake clock: runs take 5, 2 and 7 units; each run reads the clock twice.
    ticks = iter([0.0, 5.0, 10.0, 12.0, 20.0, 27.0])
    monkeypatch.setattr(time, "perf_counter", lambda: next(ticks))
    calls: list[str] = []
    result = best_of(lambda: calls.append("run"), setup=lambda: calls.append("setup"))
    assert result == 2.0
    assert calls == ["setup", "run"] * 3


def test_best_of_each_runs_the_actions_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = itertools.count()
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(ticks)))
    calls: list[str] = []
    result = best_of_each(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")},
        setups={"b": lambda: calls.append("setup b")},
    )
    assert calls == ["a", "setup b", "b"] * 3
    assert result == {"a": 1.0, "b": 1.0}


@pytest.mark.parametrize("repeat", [0, 1, 2])
def test_best_of_refuses_fewer_than_three_runs(repeat: int) -> None:
    with pytest.raises(ValueError, match="at least 3"):
        best_of(lambda: None, repeat=repeat)


def test_missing_tools_names_each_with_how_to_get_it() -> None:
    absent = bench.ROOT / "node_modules" / "no-such-tool.js"
    found = missing_tools(None, "/usr/bin/node", absent)
    assert found == [
        "chromium (the Debian package chromium)",
        "Lighthouse (node_modules/no-such-tool.js: run `npm ci`)",
    ]
    assert missing_tools("/usr/bin/chromium", "/usr/bin/node", bench.ROOT / "Makefile") == []


def test_wait_for_stops_when_the_process_dies_or_the_deadline_passes() -> None:
    counter = itertools.count()
    assert wait_for(lambda: next(counter) >= 2, float("inf"), alive=lambda: True, pause=0)
    assert not wait_for(lambda: False, float("inf"), alive=lambda: False, pause=0)
    assert not wait_for(lambda: False, 0.0, alive=lambda: True, pause=0)


def test_serve_that_cannot_start_fails_with_its_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The port is taken, so `framework serve` exits at once (broken content would not do: serve
    waits for the fix): the bench must say so, with what serve printed, instead of timing
    nothing."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(bench_site, "free_port", lambda: taken.getsockname()[1])
        with pytest.raises(ServeFailed, match="exited with 1") as failed:
            _save_to_visible(tmp_path)
    assert "is in use by another program" in str(failed.value)


def test_synthetic_history_has_the_releases_asked_for(tmp_path: Path) -> None:
    from generator.releases import bundle as releases

    root = synthetic_history(tmp_path / "repo", 4)
    records = releases.read_index(root)
    assert [r.version for r in records] == ["1.0.0", "1.1.0", "1.2.0", "1.3.0"]
    assert [r.status for r in records].count("final") == 1
    assert len({r.sha256 for r in records}) == 4
    # Each release changes something, so every change log has an entry.
    assert not any("no changes to items" in r.summary for r in records)
