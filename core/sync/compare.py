"""Is a file the same on both sides? ``size-mtime`` or ``checksum``, reading only what the
answer needs: sizes first (from the listing), then one HeadObject, then the file's bytes
only in ``checksum`` mode and only when the sizes match."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.aws import AwsDoor
from core.sync.calls import head_object_call
from core.sync.items import MTIME_KEY, CompareMode, Direction, Reason, parse_mtime
from core.sync.local import LocalFile
from core.sync.remote import RemoteFile
from core.transfer.checksums import ChecksumChoice, digest_range

__all__ = ["Verdict", "compare_files", "object_mtime_ns", "whole_object_check"]

SECOND = 1_000_000_000
# Two times this close are the same: a folder on a coarser file system (FAT: 2 s, some
# network shares: 1 s) keeps less than the nanoseconds S3's metadata holds.
MTIME_TOLERANCE_NS = 1_000_000


@dataclass(frozen=True)
class Verdict:
    transfer: bool
    reason: Reason
    detail: str


def object_mtime_ns(head: Mapping[str, object], last_modified_ns: int) -> tuple[int, bool]:
    """The object's file time: the ``mtime`` kept in its metadata (True), else LastModified."""
    metadata = head.get("Metadata") or {}
    text = metadata.get(MTIME_KEY, "") if isinstance(metadata, dict) else ""
    parsed = parse_mtime(str(text)) if text else None
    if parsed is None:
        return last_modified_ns, False
    return parsed, True


def whole_object_check(
    head: Mapping[str, object],
) -> tuple[ChecksumChoice, str]:
    """What S3 reports that a file's bytes can be compared with: its full-object CRC, else
    a single-part MD5 ETag (``ChecksumChoice.MD5``), else nothing (``NONE``, '')."""
    kind = str(head.get("ChecksumType", "FULL_OBJECT"))
    for choice, name in (
        (ChecksumChoice.CRC64NVME, "ChecksumCRC64NVME"),
        (ChecksumChoice.CRC32, "ChecksumCRC32"),
    ):
        value = str(head.get(name, "") or "")
        if value and kind != "COMPOSITE" and "-" not in value:
            return choice, value
    etag = str(head.get("ETag", "")).strip('"')
    kms = str(head.get("ServerSideEncryption", "")).startswith("aws:kms")
    if len(etag) == 32 and "-" not in etag and not kms:
        return ChecksumChoice.MD5, etag
    return ChecksumChoice.NONE, ""


def _file_matches(path: Path, size: int, choice: ChecksumChoice, expected: str) -> bool:
    if choice is ChecksumChoice.MD5:
        return digest_range(path, 0, size, ChecksumChoice.NONE, md5=True).md5_hex == expected
    return digest_range(path, 0, size, choice).checksum == expected


def _by_time(source_ns: int, destination_ns: int, exact: bool, where: str) -> Verdict:
    same = (
        abs(source_ns - destination_ns) < MTIME_TOLERANCE_NS
        if exact
        else source_ns // SECOND == destination_ns // SECOND
    )
    if same:
        return Verdict(False, Reason.UNCHANGED, f"Same size and time ({where}).")
    if source_ns > destination_ns:
        return Verdict(True, Reason.NEWER, f"Same size, the source is newer ({where}).")
    return Verdict(
        False,
        Reason.OTHER_SIDE_NEWER,
        f"Same size, but the destination is newer ({where}): kept. Use --compare checksum "
        "to compare the contents.",
    )


async def compare_files(
    door: AwsDoor,
    bucket: str,
    local: LocalFile,
    path: Path,
    remote: RemoteFile,
    *,
    direction: Direction,
    mode: CompareMode,
) -> Verdict:
    """Whether the source replaces the destination, and why. Raises our errors (the HEAD)
    or OSError (reading the file)."""
    if local.size != remote.size:
        here, there = f"{local.size:,} bytes in the folder", f"{remote.size:,} in S3"
        return Verdict(True, Reason.SIZE_DIFFERS, f"{here}, {there}.")
    if (
        mode is CompareMode.SIZE_MTIME
        and direction is Direction.UP
        and local.mtime_ns >= remote.last_modified_ns + SECOND
    ):
        # Changed after S3 stored its copy: no need to ask for the kept time.
        return Verdict(True, Reason.NEWER, "Same size, changed since S3's copy was stored.")
    head = await door.run(head_object_call(bucket, remote.key))
    if mode is CompareMode.CHECKSUM:
        choice, expected = whole_object_check(head)
        if choice is not ChecksumChoice.NONE:
            same = await asyncio.to_thread(_file_matches, path, local.size, choice, expected)
            name = "MD5 ETag" if choice is ChecksumChoice.MD5 else f"{choice.value.upper()}"
            if same:
                return Verdict(False, Reason.UNCHANGED, f"Same content ({name}).")
            return Verdict(True, Reason.CONTENT_DIFFERS, f"Same size, different content ({name}).")
    remote_ns, kept = object_mtime_ns(head, remote.last_modified_ns)
    where = "time kept in S3's metadata" if kept else "S3's LastModified"
    if mode is CompareMode.CHECKSUM:
        where += "; S3 reports no whole-object checksum or MD5 ETag for it"
    if direction is Direction.UP:
        return _by_time(local.mtime_ns, remote_ns, kept, where)
    return _by_time(remote_ns, local.mtime_ns, kept, where)
