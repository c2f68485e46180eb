"""``migration-assistant plan transfer``: days and the recommendation, as text or JSON."""

from __future__ import annotations

import json

import pytest

from core.paths import AppPaths
from core.transfer import JournalStore
from core.transfer.throughput import MIN_MEASURED_BYTES, ThroughputLog
from gui.__main__ import build_parser


@pytest.fixture(autouse=True)
def _own_home(app_paths: AppPaths) -> AppPaths:
    """A home of the test's own: the command reads this computer's measured upload speeds."""
    return app_paths


def _run(*argv: str) -> int:
    args = build_parser().parse_args(["plan", "transfer", *argv])
    code: int = args.run(args)
    return code


def test_the_source_example_prints_the_days_and_more_than_a_week(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run("--size", "70TB", "--bandwidth", "1Gbps", "--utilization", "70") == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "70 TB over 1 Gbps at 70%: 9.3 days (222.2 hours of transfer)."
    assert "more than a week" in lines[1]
    assert [line.split(":")[0] for line in lines[2:]] == [
        "- AWS DataSync",
        "- AWS Data Transfer Terminal",
        "- A partner's device",
        "- A faster or dedicated link (AWS Direct Connect)",
    ]


def test_json_carries_seconds_days_over_a_week_and_the_recommendation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = _run("--size", "2TiB", "--bandwidth", "100MB/s", "--hours-per-day", "8", "--json")

    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    seconds = 2 * 1024**4 / (100e6 * 0.7)
    assert answer["seconds"] == pytest.approx(seconds, abs=0.1)
    assert answer["days"] == pytest.approx(seconds / (8 * 3600), abs=0.01)
    assert answer["over_a_week"] is False
    assert "8 hours a day" in answer["recommendation"]
    assert answer["alternatives"] == []
    assert len(answer["chart"]) == 5


def test_bad_options_are_named_and_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    code = _run("--size", "heaps", "--bandwidth", "fast", "--utilization", "120")

    assert code == 2
    err = capsys.readouterr().err
    assert "--size: 'heaps' is not a size. Write it as 70TB, 500GiB or 2.5TiB." in err
    assert "--bandwidth: 'fast' is not a link speed." in err
    assert "--utilization: 120% is not a share of the link." in err


def test_a_word_for_a_percentage_is_refused_with_json_saying_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = _run("--size", "1TB", "--bandwidth", "1Gbps", "--utilization", "most", "--json")

    assert code == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["error"] == "--utilization: 'most' is not a percentage."
    assert (
        captured.err.strip()
        == "--utilization: 'most' is not a percentage. Write a number such as 70."
    )


def test_plan_without_what_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["plan"])

    assert exited.value.code == 2
    assert "transfer" in capsys.readouterr().err


def test_the_speed_recent_uploads_reached_gives_its_own_days(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    log = ThroughputLog.beside(JournalStore.default(app_paths).root)
    # 12.5 MB/s: a tenth of a 1 Gbps link.
    log.add(MIN_MEASURED_BYTES, MIN_MEASURED_BYTES / 12.5e6, local=False)

    assert _run("--size", "1TB", "--bandwidth", "1Gbps", "--utilization", "100", "--json") == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["days"] == pytest.approx(0.09, abs=0.01)
    assert answer["measured_days"] == pytest.approx(0.93, abs=0.01)

    assert _run("--size", "1TB", "--bandwidth", "1Gbps", "--utilization", "100") == 0
    assert "At the speed this computer's recent uploads to AWS reached: 0.9 days." in (
        capsys.readouterr().out.splitlines()
    )
