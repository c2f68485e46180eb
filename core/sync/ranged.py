"""A large object downloaded in ranges at once: each range written at its place in the
temporary file, its CRC computed on the way, the whole object's CRC combined from them and
compared with S3's full-object checksum; every range asks for the same ETag (If-Match), so
an object replaced meanwhile fails the download instead of mixing two versions.

Each range that arrived is recorded beside the partial file (``core.sync.resume``), so a
rerun after a cancel or kill -9 fetches only the ranges that are missing."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from awscrt import checksums as crt_checksums

from core.aws import AwsCall, AwsDoor, body_chunks
from core.errors import AwsError, MigrationAssistantError, OperationCancelled
from core.sync.calls import get_range_call
from core.sync.resume import KeptRange, RangeRecord, kept_ranges, range_checksum
from core.transfer import ChecksumChoice, VerificationFailed
from core.transfer.checksums import whole_object_checksum

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import GetObjectOutputTypeDef

__all__ = ["RANGE_SIZE", "download_ranges", "uses_ranges"]

RANGE_SIZE = 8 * 1024 * 1024
RANGES_AT_ONCE = 4  # per object; memory: one read chunk per range
READ_CHUNK = 1024 * 1024


def uses_ranges(size: int) -> bool:
    """Whether an object of ``size`` bytes is downloaded in ranges (and so resumable)."""
    return size > RANGE_SIZE


def _crc(choice: ChecksumChoice, chunk: bytes, crc: int) -> int:
    if choice is ChecksumChoice.CRC64NVME:
        return int(crt_checksums.crc64nvme(chunk, crc))
    return zlib.crc32(chunk, crc)


def _b64(choice: ChecksumChoice, crc: int) -> str:
    width = 8 if choice is ChecksumChoice.CRC64NVME else 4
    return base64.b64encode(crc.to_bytes(width, "big")).decode("ascii")


def _prepare(
    partial: Path, record: Path, *, etag: str, size: int, choice: ChecksumChoice
) -> tuple[int, list[KeptRange], RangeRecord]:
    """The range size, the ranges kept from an earlier run (verified against the partial
    file's bytes) and the record to add to; a fresh partial and record when the earlier
    run's were of another object, or there were none."""
    range_size, kept = kept_ranges(
        partial, record, etag=etag, size=size, choice=choice, threads=RANGES_AT_ONCE
    )
    if range_size:
        return range_size, kept, RangeRecord.carry_on(record, kept)
    with partial.open("wb") as out:
        out.truncate(size)
    started = RangeRecord.start(record, etag=etag, size=size, range_size=RANGE_SIZE, choice=choice)
    return RANGE_SIZE, [], started


def download_ranges(
    door: AwsDoor,
    bucket: str,
    key: str,
    partial: Path,
    record: Path,
    *,
    head: Mapping[str, object],
    check: tuple[ChecksumChoice, str],
    stop: threading.Event,
    counted: Callable[[int], None],
    resumed: Callable[[int], None],
) -> str:
    """Fill ``partial`` with the object ``head`` describes, carrying on from what ``record``
    says arrived before (``resumed`` is told those bytes, ``counted`` each chunk arriving
    now); returns the checksum of the whole file in S3's form (base64 CRC, or the MD5 hex
    for an MD5 ETag; '' for neither)."""
    size = int(str(head.get("ContentLength", 0)))
    etag = str(head.get("ETag", ""))
    choice, _ = check
    crc_choice = range_checksum(choice)
    range_size, kept, ledger = _prepare(partial, record, etag=etag, size=size, choice=choice)
    done = {entry.offset: entry for entry in kept}
    resumed(sum(entry.length for entry in kept))
    missing = [
        (offset, min(range_size, size - offset))
        for offset in range(0, size, range_size)
        if offset not in done
    ]
    handle = os.open(partial, os.O_WRONLY)

    failed = threading.Event()

    def fetch_or_skip(offset: int, length: int) -> KeptRange:
        # After Cancel or a failure no range is asked for any more (in an outage each
        # would wait out its retries); those under way finish and are recorded.
        if stop.is_set() or failed.is_set():
            raise OperationCancelled("Sync cancelled.")
        try:
            return fetch(offset, length)
        except BaseException:
            failed.set()
            raise

    def fetch(offset: int, length: int) -> KeptRange:
        answer = _get_range(door, get_range_call(bucket, key, offset, length, etag))
        body = answer["Body"]
        crc, place = 0, offset
        try:
            for chunk in body_chunks(body, READ_CHUNK, operation="s3api get-object"):
                if stop.is_set():
                    raise OperationCancelled("Sync cancelled.")
                os.pwrite(handle, chunk, place)
                place += len(chunk)
                crc = _crc(crc_choice, chunk, crc)
                counted(len(chunk))
        finally:
            body.close()
        if place != offset + length:  # the connection, not the bytes: what arrived is kept
            raise MigrationAssistantError(
                f"s3://{bucket}/{key}: the download ended {offset + length - place:,} bytes early.",
                "Sync again: it carries on from what arrived.",
            )
        entry = KeptRange(offset, length, _b64(crc_choice, crc))
        # On disk before it is recorded: after kill -9 a recorded range is in the file.
        os.fsync(handle)
        ledger.add(entry)
        return entry

    try:
        with ThreadPoolExecutor(RANGES_AT_ONCE, thread_name_prefix="range") as pool:
            # Ranges start in order: one skipped after a failure comes after it, so the
            # failure is what is raised.
            for entry in pool.map(lambda item: fetch_or_skip(*item), missing):
                done[entry.offset] = entry
    finally:
        os.close(handle)
        ledger.close()
    return _whole_checksum(choice, partial, done)


def _get_range(door: AwsDoor, call: AwsCall[GetObjectOutputTypeDef]) -> GetObjectOutputTypeDef:
    try:
        return door.run_sync(call)
    except AwsError as error:
        if error.code != "PreconditionFailed":
            raise
        bucket, key = call.params["Bucket"], call.params["Key"]
        raise VerificationFailed(  # If-Match: the ETag is another now
            f"s3://{bucket}/{key} was replaced in S3 while it was downloaded; what had "
            "arrived was deleted, not mixed with the new version.",
            "Sync again to download the new version.",
        ) from error


def _whole_checksum(choice: ChecksumChoice, partial: Path, done: Mapping[int, KeptRange]) -> str:
    """The whole file's checksum in S3's form, combined from the ranges' CRCs."""
    if choice is ChecksumChoice.MD5:  # an MD5 cannot be combined: read the file once more
        md5 = hashlib.md5(usedforsecurity=False)
        with partial.open("rb") as stream:
            while chunk := stream.read(READ_CHUNK):
                md5.update(chunk)
        return md5.hexdigest()
    if choice.full_object and done:
        parts = [(done[offset].crc, done[offset].length) for offset in sorted(done)]
        return whole_object_checksum(choice, parts)
    return ""
