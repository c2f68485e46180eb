"""Verified means compared with the file's bytes as they are now, never with a journal.

Against the Sandbox (moto) and SeaweedFS: a byte changed behind our back with its
modification time put back is sent again; an object changed on the server after the upload,
or a file changed while it uploads, is not called verified.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from core.events import Note
from core.paths import AppPaths
from core.transfer.checksums import ChecksumChoice
from core.transfer.control import FileChanged, UploadOptions, VerificationFailed
from core.transfer.events import PartState, PartStateChanged, TransferRecordingSink
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import PART, downloaded, make_file
from tests.fixtures.s3servers import S3Server
from tests.fixtures.upload_events import PACED, ActOnFirstConfirmed, stop_after_the_first_part


def _change_one_byte_keeping_mtime(path: Path, offset: int) -> None:
    status = path.stat()
    with path.open("r+b") as stream:
        stream.seek(offset)
        old = stream.read(1)
        stream.seek(offset)
        stream.write(bytes([old[0] ^ 0xFF]))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # as cp -p, rsync -t do


async def test_a_byte_changed_with_its_mtime_put_back_is_sent_again_and_the_object_matches(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "dump.bin", 6 * PART + 99)
    journals = JournalStore.default(app_paths)
    await stop_after_the_first_part(s3_server.door(), source, s3_bucket, "dump.bin", journals)
    [journal] = journals.all()
    changed = min(journal.parts)
    # Inside the part, away from the first and last MiB that the journal hashes.
    _change_one_byte_keeping_mtime(source, (changed - 1) * PART + PART // 2 + 1234)

    sink = TransferRecordingSink()
    result = await upload_file(
        s3_server.door(), source, s3_bucket, "dump.bin", PACED, sink=sink, journals=journals
    )

    sent = {e.number for e in sink.of_type(PartStateChanged) if e.state is PartState.SENDING}
    assert changed in sent
    assert result.verified and result.verified_by == "crc64nvme-full-object"
    assert downloaded(s3_server.client(), s3_bucket, "dump.bin") == source.read_bytes()
    notes = " ".join(note.text for note in sink.of_type(Note))
    assert f"Parts [{changed}" in notes and "differ from the file" in notes


class _ReplaceObjectAfterComplete:
    """The object is overwritten through a raw request as soon as S3 completes the upload."""

    def __init__(self, client: Any, bucket: str, key: str, size: int) -> None:
        self.client, self.bucket, self.key, self.size = client, bucket, key, size

    def __call__(self, **_: Any) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.key, Body=b"x" * self.size)


@pytest.mark.parametrize("multipart", [True, False])
async def test_an_object_changed_on_the_server_after_the_upload_fails_verification(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path, multipart: bool
) -> None:
    size = 3 * PART if multipart else 1000
    source = make_file(tmp_path / "data.bin", size)
    door = s3_server.door()
    operation = "CompleteMultipartUpload" if multipart else "PutObject"
    replace = _ReplaceObjectAfterComplete(s3_server.client(), s3_bucket, "data.bin", size)
    door.client("s3").meta.events.register(f"after-call.s3.{operation}", replace)

    with pytest.raises(VerificationFailed) as failure:
        await upload_file(
            door,
            source,
            s3_bucket,
            "data.bin",
            UploadOptions(part_size=PART, threshold=PART),
            journals=JournalStore.default(app_paths),
        )

    assert "does not match the file" in failure.value.message
    assert "s3://" in failure.value.message


VERIFIED_BY = {
    ChecksumChoice.CRC64NVME: "crc64nvme-full-object",
    ChecksumChoice.CRC32: "crc32-full-object",
    ChecksumChoice.NONE: "etag-md5-from-file",
    ChecksumChoice.MD5: "etag-md5-from-file",
}


@pytest.mark.parametrize("checksum", list(VERIFIED_BY))
async def test_the_result_says_what_verified_the_object(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path, checksum: str
) -> None:
    choice = ChecksumChoice(checksum)
    source = make_file(tmp_path / "data.bin", 2 * PART + 5)
    result = await upload_file(
        s3_server.door(),
        source,
        s3_bucket,
        "data.bin",
        UploadOptions(part_size=PART, threshold=PART, checksum=choice),
        journals=JournalStore.default(app_paths),
    )
    assert (result.verified, result.verified_by) == (True, VERIFIED_BY[choice])
    assert downloaded(s3_server.client(), s3_bucket, "data.bin") == source.read_bytes()


async def test_a_file_changed_while_it_uploads_is_not_called_verified(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "live.bin", 4 * PART)
    sink = ActOnFirstConfirmed(lambda: _change_one_byte_keeping_mtime(source, 10))

    with pytest.raises(FileChanged, match="changed while it was being uploaded"):
        await upload_file(
            s3_server.door(),
            source,
            s3_bucket,
            "live.bin",
            PACED,
            sink=sink,
            journals=JournalStore.default(app_paths),
        )
