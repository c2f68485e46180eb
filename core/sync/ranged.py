"""A large object downloaded in ranges at once: each range written at its place in the
temporary file, its CRC computed on the way, the whole object's CRC combined from them and
compared with S3's full-object checksum; every range asks for the same ETag (If-Match), so
an object replaced meanwhile fails the download instead of mixing two versions."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from awscrt import checksums as crt_checksums

from core.aws import AwsDoor
from core.errors import OperationCancelled
from core.sync.calls import get_range_call
from core.transfer import ChecksumChoice, VerificationFailed

__all__ = ["RANGE_SIZE", "download_ranges"]

RANGE_SIZE = 8 * 1024 * 1024
RANGES_AT_ONCE = 4  # per object; memory: one read chunk per range
READ_CHUNK = 1024 * 1024


def _crc(choice: ChecksumChoice, chunk: bytes, crc: int) -> int:
    if choice is ChecksumChoice.CRC64NVME:
        return int(crt_checksums.crc64nvme(chunk, crc))
    if choice is ChecksumChoice.CRC32:
        return zlib.crc32(chunk, crc)
    return 0


def _combined(choice: ChecksumChoice, crcs: list[tuple[int, int]]) -> int:
    combine = (
        crt_checksums.combine_crc64nvme
        if choice is ChecksumChoice.CRC64NVME
        else crt_checksums.combine_crc32
    )
    whole = crcs[0][0]
    for crc, length in crcs[1:]:
        whole = int(combine(whole, crc, length))
    return whole


def download_ranges(
    door: AwsDoor,
    bucket: str,
    key: str,
    partial: Path,
    *,
    head: Mapping[str, object],
    check: tuple[ChecksumChoice, str],
    stop: threading.Event,
    counted: Callable[[int], None],
) -> str:
    """Fill ``partial`` with the object ``head`` describes; returns the checksum of what
    arrived in S3's form (base64 CRC, or the MD5 hex for an MD5 ETag; '' for neither)."""
    size = int(str(head.get("ContentLength", 0)))
    etag = str(head.get("ETag", ""))
    choice, _ = check
    with partial.open("wb") as out:
        out.truncate(size)
    ranges = [(offset, min(RANGE_SIZE, size - offset)) for offset in range(0, size, RANGE_SIZE)]
    handle = os.open(partial, os.O_WRONLY)

    def fetch(offset: int, length: int) -> tuple[int, int]:
        answer = door.run_sync(get_range_call(bucket, key, offset, length, etag))
        body = answer["Body"]
        crc, place = 0, offset
        try:
            while chunk := body.read(READ_CHUNK):
                if stop.is_set():
                    raise OperationCancelled("Sync cancelled.")
                os.pwrite(handle, chunk, place)
                place += len(chunk)
                crc = _crc(choice, chunk, crc)
                counted(len(chunk))
        finally:
            body.close()
        if place != offset + length:
            raise VerificationFailed(f"s3://{bucket}/{key}: a range ended early.")
        return crc, length

    try:
        with ThreadPoolExecutor(RANGES_AT_ONCE, thread_name_prefix="range") as pool:
            crcs = list(pool.map(lambda item: fetch(*item), ranges))
        os.fsync(handle)
    finally:
        os.close(handle)
    if choice is ChecksumChoice.MD5:  # an MD5 cannot be combined: read the file once more
        md5 = hashlib.md5(usedforsecurity=False)
        with partial.open("rb") as stream:
            while chunk := stream.read(READ_CHUNK):
                md5.update(chunk)
        return md5.hexdigest()
    if choice in (ChecksumChoice.CRC64NVME, ChecksumChoice.CRC32) and crcs:
        width = 8 if choice is ChecksumChoice.CRC64NVME else 4
        return base64.b64encode(_combined(choice, crcs).to_bytes(width, "big")).decode("ascii")
    return ""
