"""The upload engine against the Sandbox and SeaweedFS: verified, resumable, cancellable."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.events import Progress, StatusChanged
from core.paths import AppPaths
from core.transfer.checksums import ChecksumChoice
from core.transfer.control import UploadOptions
from core.transfer.events import (
    PartState,
    PartStateChanged,
    TransferRecordingSink,
    UploadStarted,
)
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import (
    PART,
    downloaded,
    expected_etag,
    incomplete_uploads,
    make_file,
)
from tests.fixtures.s3servers import S3Server

SMALL_PARTS = UploadOptions(part_size=PART, threshold=PART, concurrency=2)


@pytest.mark.parametrize("checksum", list(ChecksumChoice))
async def test_uploads_byte_identical_with_the_local_etag(
    s3_server: S3Server,
    s3_bucket: str,
    app_paths: AppPaths,
    tmp_path: Path,
    checksum: ChecksumChoice,
) -> None:
    source = make_file(tmp_path / "dump.bin", 2 * PART + 12345)
    sink = TransferRecordingSink()
    options = UploadOptions(part_size=PART, threshold=PART, concurrency=2, checksum=checksum)

    result = await upload_file(
        s3_server.door(),
        source,
        s3_bucket,
        "dumps/dump.bin",
        options,
        sink=sink,
        journals=JournalStore.default(app_paths),
    )

    client = s3_server.client()
    assert downloaded(client, s3_bucket, "dumps/dump.bin") == source.read_bytes()
    assert result.etag == expected_etag(source, PART)
    head = client.head_object(Bucket=s3_bucket, Key="dumps/dump.bin")
    assert head["ETag"].strip('"') == result.etag
    assert (result.multipart, result.parts, result.verified) == (True, 3, True)
    assert result.bytes_sent == source.stat().st_size
    assert result.resumed_parts == 0
    assert sink.of_type(UploadStarted)[0].part_count == 3
    confirmed = [e.number for e in sink.of_type(PartStateChanged) if e.state is PartState.CONFIRMED]
    assert sorted(confirmed) == [1, 2, 3]
    byte_progress = [e for e in sink.of_type(Progress) if e.unit == "B"]
    assert byte_progress[-1].done == source.stat().st_size
    part_progress = [(e.done, e.total) for e in sink.of_type(Progress) if e.unit == "parts"]
    assert part_progress[0] == (0, 3) and part_progress[-1] == (3, 3)
    assert sink.of_type(StatusChanged)[-1].status == "done"
    assert incomplete_uploads(client, s3_bucket) == []
    assert JournalStore.default(app_paths).all() == []


@pytest.mark.parametrize("size", [0, 1, PART - 1])
async def test_small_files_go_as_one_verified_put(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path, size: int
) -> None:
    source = make_file(tmp_path / "small.bin", size)
    result = await upload_file(
        s3_server.door(),
        source,
        s3_bucket,
        "small.bin",
        SMALL_PARTS,
        journals=JournalStore.default(app_paths),
    )
    assert downloaded(s3_server.client(), s3_bucket, "small.bin") == source.read_bytes()
    assert (result.multipart, result.parts, result.verified) == (False, 1, True)
    assert result.etag == hashlib.md5(source.read_bytes()).hexdigest()
