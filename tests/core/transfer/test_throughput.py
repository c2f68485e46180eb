"""The log of recent upload speeds the transfer planner offers as "measured"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.flows.context import FlowContext
from core.flows.upload import UploadFlow, UploadInputs
from core.ledger import Ledger
from core.paths import AppPaths
from core.transfer import JournalStore, UploadOptions
from core.transfer import throughput as throughput_module
from core.transfer.planner import MIB
from core.transfer.throughput import KEPT, MIN_MEASURED_BYTES, ThroughputLog
from tests.fixtures.s3servers import S3Server


def test_the_rate_is_the_median_of_uploads_over_the_network(tmp_path: Path) -> None:
    log = ThroughputLog.beside(tmp_path)
    assert log.recent_rate() is None
    for seconds in (10.0, 20.0, 40.0):
        log.add(MIN_MEASURED_BYTES, seconds, local=False)
    log.add(MIN_MEASURED_BYTES, 0.01, local=True)  # the Sandbox says nothing of the link
    log.add(MIN_MEASURED_BYTES - 1, 0.01, local=False)  # too small to fill the link
    assert log.recent_rate() == MIN_MEASURED_BYTES / 20.0
    assert len(log.samples()) == 4


def test_only_the_last_uploads_are_kept(tmp_path: Path) -> None:
    log = ThroughputLog.beside(tmp_path)
    for number in range(KEPT + 5):
        log.add(MIN_MEASURED_BYTES, float(number + 1), local=False)
    assert [item.seconds for item in log.samples()] == [float(n + 1) for n in range(5, KEPT + 5)]


def test_a_damaged_log_only_costs_the_estimate(tmp_path: Path) -> None:
    log = ThroughputLog.beside(tmp_path)
    log.path.write_text('{"uploads": [{"bytes": 1}]}', encoding="utf-8")
    assert log.recent_rate() is None
    log.add(MIN_MEASURED_BYTES, 8.0, local=False)
    assert log.recent_rate() == MIN_MEASURED_BYTES / 8.0


async def test_a_finished_upload_is_measured_and_marked_local(
    sandbox_s3_server: S3Server,
    app_paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(throughput_module, "MIN_MEASURED_BYTES", MIB)
    source = tmp_path / "dump.bin"
    source.write_bytes(os.urandom(2 * MIB))
    journals = JournalStore.default(app_paths)
    flow = UploadFlow(
        UploadInputs(source, sandbox_s3_server.new_bucket(), "dump.bin", UploadOptions()),
        journals=journals,
    )
    ctx = FlowContext(sandbox_s3_server.door(), Ledger(app_paths.ledger_file), wizard="upload")

    result = await flow.run(ctx)

    (measured,) = ThroughputLog.beside(journals.root).samples()
    assert measured.bytes_sent == result.bytes_sent == 2 * MIB
    assert measured.local and measured.seconds > 0
