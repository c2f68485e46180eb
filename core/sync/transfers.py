"""One file each way: a small file in one verified PUT, any object downloaded to a
temporary file beside its place, verified, given its time and only then renamed into place
(a large one resumable: ``core.sync.ranged``).

These run on a worker thread each (the door's ``run_sync``), so many small files go at once
without blocking the event loop. Large uploads go through the upload engine instead
(``core.sync.run``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from awscrt import checksums as crt_checksums

from core.aws import AwsDoor, body_chunks
from core.errors import OperationCancelled, ValidationError
from core.sync.calls import get_object_call, head_object_call
from core.sync.compare import object_mtime_ns, whole_object_check
from core.sync.items import MTIME_KEY, format_mtime
from core.sync.names import partial_path, record_path
from core.sync.ranged import download_ranges, uses_ranges
from core.sync.resume import remove_download
from core.transfer import ChecksumChoice, VerificationFailed
from core.transfer.s3_calls import put_object_call

__all__ = ["Synced", "download_object", "put_small"]

READ_CHUNK = 1024 * 1024
Counted = Callable[[int], None]  # bytes moved (negative: taken back after a failure)


@dataclass(frozen=True)
class Synced:
    """A path both sides now hold alike: the file's size and time, the object's ETag, and
    the bytes kept from an interrupted download instead of fetched again."""

    size: int
    mtime_ns: int
    etag: str
    kept: int = 0


def _b64(value: int, width: int) -> str:
    return base64.b64encode(value.to_bytes(width, "big")).decode("ascii")


def _changed(path: Path) -> ValidationError:
    return ValidationError(
        "file",
        f"{path} changed while it was read, so what S3 got may mix old and new bytes.",
        "Sync again once nothing is writing to it.",
    )


def put_small(door: AwsDoor, bucket: str, key: str, path: Path, counted: Counted) -> Synced:
    """PUT the file with its CRC64NVME (S3 refuses the object if the bytes it got differ)
    and its time in the ``mtime`` metadata. The bytes are read once
    and the checksum computed on what is sent, so a file changing meanwhile cannot slip by."""
    with path.open("rb") as stream:
        before = os.fstat(stream.fileno())
        data = stream.read()
        after = os.fstat(stream.fileno())
    if len(data) != before.st_size or after.st_mtime_ns != before.st_mtime_ns:
        raise _changed(path)
    crc = _b64(crt_checksums.crc64nvme(data), 8)
    call = put_object_call(
        bucket,
        key,
        source=path,
        body=data,
        size=len(data),
        checksum=ChecksumChoice.CRC64NVME,
        value=crc,
        metadata={MTIME_KEY: format_mtime(before.st_mtime_ns)},
    )
    answer = door.run_sync(call)
    reported = answer.get("ChecksumCRC64NVME", "")
    etag = str(answer.get("ETag", "")).strip('"')
    # Where the endpoint does not echo the checksum (and may not have checked it), the ETag
    # of a single PUT is the MD5 of what it stored.
    if reported and reported != crc:
        raise VerificationFailed(f"s3://{bucket}/{key}: S3's CRC64NVME is {reported}, ours {crc}.")
    if not reported and etag and etag != hashlib.md5(data, usedforsecurity=False).hexdigest():
        raise VerificationFailed(f"s3://{bucket}/{key}: S3's ETag {etag} is not the file's MD5.")
    counted(len(data))
    return Synced(len(data), before.st_mtime_ns, etag)


class _RunningDigest:
    def __init__(self, choice: ChecksumChoice) -> None:
        self.choice = choice
        self.crc = 0
        self.md5 = hashlib.md5(usedforsecurity=False) if choice is ChecksumChoice.MD5 else None

    def update(self, chunk: bytes) -> None:
        if self.choice is ChecksumChoice.CRC64NVME:
            self.crc = crt_checksums.crc64nvme(chunk, self.crc)
        elif self.choice is ChecksumChoice.CRC32:
            self.crc = zlib.crc32(chunk, self.crc)
        elif self.md5 is not None:
            self.md5.update(chunk)

    def value(self) -> str:
        if self.choice is ChecksumChoice.CRC64NVME:
            return _b64(self.crc, 8)
        if self.choice is ChecksumChoice.CRC32:
            return _b64(self.crc, 4)
        return self.md5.hexdigest() if self.md5 is not None else ""


def _whole(
    door: AwsDoor,
    bucket: str,
    key: str,
    partial: Path,
    *,
    stop: threading.Event,
    counted: Counted,
) -> tuple[Mapping[str, Any], str]:
    """One GET streamed into ``partial``; its answer and the checksum of what arrived."""
    answer = door.run_sync(get_object_call(bucket, key))
    digest = _RunningDigest(whole_object_check(answer)[0])
    body = answer["Body"]
    written = 0
    try:
        with partial.open("wb") as out:
            for chunk in body_chunks(body, READ_CHUNK, operation="s3api get-object"):
                if stop.is_set():
                    raise OperationCancelled("Sync cancelled.")
                out.write(chunk)
                digest.update(chunk)
                written += len(chunk)
                counted(len(chunk))
            out.flush()
            os.fsync(out.fileno())
    finally:
        body.close()
    if written != int(answer.get("ContentLength", written)):
        raise VerificationFailed(f"s3://{bucket}/{key}: {written:,} bytes arrived, S3 sent more.")
    return answer, digest.value()


def download_object(
    door: AwsDoor,
    bucket: str,
    key: str,
    target: Path,
    *,
    size: int,
    stop: threading.Event,
    counted: Counted,
    resumed: Counted | None = None,
) -> Synced:
    """Download ``key`` (of ``size`` bytes, as listed) to ``target`` through a temporary
    file, in ranges at once above ``RANGE_SIZE``, verified against the object's full-object
    CRC or MD5 ETag where S3 reports one (else its size). The file appears only whole,
    verified and with the object's time.

    A ranged download stopped by a cancel, kill -9 or a lost connection keeps its partial
    file and record, and the next call carries on from them while the object's ETag and
    size are the same (``resumed`` is told the bytes kept, ``counted`` only what arrives)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial, record = partial_path(target), record_path(target)
    lock = threading.Lock()
    moved, kept = [0], [0]

    def count(amount: int) -> None:
        with lock:
            moved[0] += amount
        counted(amount)

    def keep(amount: int) -> None:
        with lock:
            kept[0] += amount
        (resumed or counted)(amount)

    ranged = uses_ranges(size)
    try:
        if ranged:
            head = door.run_sync(head_object_call(bucket, key))
            answer: Mapping[str, Any] = head
            check = whole_object_check(answer)
            got = download_ranges(
                door,
                bucket,
                key,
                partial,
                record,
                head=answer,
                check=check,
                stop=stop,
                counted=count,
                resumed=keep,
            )
        else:
            answer, got = _whole(door, bucket, key, partial, stop=stop, counted=count)
            check = whole_object_check(answer)
        expected = check[1]
        if expected and got != expected:
            raise VerificationFailed(
                f"s3://{bucket}/{key}: the bytes that arrived give {got}, S3 reports {expected}."
            )
        modified = answer["LastModified"]
        assert isinstance(modified, datetime)
        mtime, _ = object_mtime_ns(answer, int(modified.timestamp()) * 1_000_000_000)
        os.utime(partial, ns=(mtime, mtime))
        os.replace(partial, target)
        record.unlink(missing_ok=True)
    except BaseException as error:
        counted(-moved[0])
        (resumed or counted)(-kept[0])
        # A cancel, a crash or a lost connection keep what arrived for the next sync; bytes
        # that failed their check, or an object replaced meanwhile, must start over.
        if not ranged or isinstance(error, VerificationFailed):
            remove_download(partial, record)
        raise
    etag = str(answer.get("ETag", "")).strip('"')
    return Synced(moved[0] + kept[0], mtime, etag, kept[0])
