"""Pause, cancel, resume and refusals of the upload engine, against the Sandbox and SeaweedFS."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.errors import OperationCancelled
from core.events import Event, StatusChanged, WasCancelled
from core.paths import AppPaths
from core.transfer.control import FileChanged, UploadControl
from core.transfer.events import PartState, PartStateChanged, TransferEvent, TransferRecordingSink
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import PART, downloaded, incomplete_uploads, make_file
from tests.fixtures.s3servers import S3Server
from tests.fixtures.upload_events import PACED, ActOnFirstConfirmed, stop_after_the_first_part


async def test_cancel_with_abort_leaves_no_incomplete_upload(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "big.bin", 6 * PART)
    control = UploadControl()
    sink = ActOnFirstConfirmed(lambda: control.cancel(abort=True))
    journals = JournalStore.default(app_paths)

    with pytest.raises(OperationCancelled, match="parts were deleted"):
        await upload_file(
            s3_server.door(),
            source,
            s3_bucket,
            "big.bin",
            PACED,
            sink=sink,
            journals=journals,
            control=control,
        )

    assert incomplete_uploads(s3_server.client(), s3_bucket) == []
    assert journals.all() == []
    assert sink.of_type(WasCancelled)
    assert sink.of_type(StatusChanged)[-1].status == "cancelled"


async def test_resumes_after_a_stop_sending_only_the_missing_parts(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "big.bin", 6 * PART + 777)
    journals = JournalStore.default(app_paths)
    await stop_after_the_first_part(s3_server.door(), source, s3_bucket, "big.bin", journals)
    [journal] = journals.all()
    kept = dict(journal.parts)
    assert 1 <= len(kept) < 7
    assert len(incomplete_uploads(s3_server.client(), s3_bucket)) == 1

    sink = TransferRecordingSink()
    result = await upload_file(
        s3_server.door(), source, s3_bucket, "big.bin", PACED, sink=sink, journals=journals
    )

    assert result.verified
    assert result.resumed_parts == len(kept)
    assert result.bytes_sent == source.stat().st_size - sum(p.size for p in kept.values())
    sent = {e.number for e in sink.of_type(PartStateChanged) if e.state is PartState.SENDING}
    assert sent.isdisjoint(kept)
    assert downloaded(s3_server.client(), s3_bucket, "big.bin") == source.read_bytes()
    assert incomplete_uploads(s3_server.client(), s3_bucket) == []
    assert journals.all() == []


async def test_refuses_to_resume_when_the_file_changed(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "big.bin", 4 * PART)
    control = UploadControl()
    journals = JournalStore.default(app_paths)
    with pytest.raises(OperationCancelled):
        await upload_file(
            s3_server.door(),
            source,
            s3_bucket,
            "big.bin",
            PACED,
            sink=ActOnFirstConfirmed(control.cancel),
            journals=journals,
            control=control,
        )
    with source.open("ab") as stream:
        stream.write(b"one more line\n")

    with pytest.raises(FileChanged) as caught:
        await upload_file(s3_server.door(), source, s3_bucket, "big.bin", PACED, journals=journals)
    assert "changed since its upload began" in caught.value.message
    assert "uploads abort" in caught.value.fix
    assert len(journals.all()) == 1


async def test_pause_lets_parts_in_flight_finish_and_starts_none_until_resumed(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    source = make_file(tmp_path / "big.bin", 6 * PART)
    control = UploadControl()
    paused = asyncio.Event()

    class Sink(ActOnFirstConfirmed):
        def __call__(self, event: Event | TransferEvent, /) -> None:
            super().__call__(event)
            if isinstance(event, StatusChanged) and event.status == "paused":
                paused.set()

    sink = Sink(control.pause)
    upload = asyncio.create_task(
        upload_file(
            sandbox_s3_server.door(),
            source,
            bucket,
            "big.bin",
            PACED,
            sink=sink,
            journals=JournalStore.default(app_paths),
            control=control,
            progress_interval=0.02,
        )
    )
    await asyncio.wait_for(paused.wait(), timeout=30)
    assert not upload.done()
    control.resume()
    result = await upload

    assert result.verified
    statuses = [e for e in sink.events if isinstance(e, StatusChanged)]
    assert [e.status for e in statuses].count("paused") == 1
    paused_at = sink.events.index(next(e for e in statuses if e.status == "paused"))
    after_pause = sink.events[paused_at:]
    running_again = after_pause.index(
        next(e for e in after_pause if isinstance(e, StatusChanged) and e.status == "running")
    )
    assert not any(
        isinstance(e, PartStateChanged) and e.state is PartState.HASHING
        for e in after_pause[:running_again]
    )


async def test_cancel_while_paused_keeps_the_upload_to_resume(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    source = make_file(tmp_path / "big.bin", 6 * PART)
    control = UploadControl()
    paused = asyncio.Event()

    class Sink(ActOnFirstConfirmed):
        def __call__(self, event: Event | TransferEvent, /) -> None:
            super().__call__(event)
            if isinstance(event, StatusChanged) and event.status == "paused":
                paused.set()

    journals = JournalStore.default(app_paths)
    upload = asyncio.create_task(
        upload_file(
            sandbox_s3_server.door(),
            source,
            bucket,
            "big.bin",
            PACED,
            sink=Sink(control.pause),
            journals=journals,
            control=control,
            progress_interval=0.02,
        )
    )
    await asyncio.wait_for(paused.wait(), timeout=30)
    control.cancel(abort=False)

    with pytest.raises(OperationCancelled):
        await upload
    [journal] = journals.all()
    assert journal.parts
    assert len(incomplete_uploads(sandbox_s3_server.client(), bucket)) == 1
