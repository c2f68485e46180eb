"""Per-part digests: the checksum S3 verifies on receipt, and the MD5 behind the ETag.

Computed in one pass over the file range, 1 MiB at a time, so memory does not grow with
the part size.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef

__all__ = [
    "ChecksumChoice",
    "CreateChecksum",
    "PartChecksum",
    "PartDigest",
    "composite_etag",
    "digest_range",
    "single_etag",
]

READ_CHUNK = 1024 * 1024


class CreateChecksum(TypedDict, total=False):
    """What CreateMultipartUpload is told about the parts' checksums (nothing for MD5)."""

    ChecksumAlgorithm: Literal["CRC32", "SHA256"]


class PartChecksum(TypedDict, total=False):
    """The checksum one part (or a single PUT) carries: one of these keys, or none."""

    ChecksumCRC32: str
    ChecksumSHA256: str
    ContentMD5: str


class ChecksumChoice(enum.StrEnum):
    """What each part carries so S3 can refuse corrupted data.

    CRC32 is the default: cheap to compute, and checked by S3 on every part.
    """

    CRC32 = "crc32"
    SHA256 = "sha256"
    MD5 = "md5"
    NONE = "none"

    @property
    def s3_algorithm(self) -> Literal["CRC32", "SHA256"] | None:
        """The ``ChecksumAlgorithm`` of CreateMultipartUpload (MD5 goes as Content-MD5)."""
        if self is ChecksumChoice.CRC32:
            return "CRC32"
        if self is ChecksumChoice.SHA256:
            return "SHA256"
        return None

    def create_parameters(self) -> CreateChecksum:
        algorithm = self.s3_algorithm
        return {"ChecksumAlgorithm": algorithm} if algorithm else {}

    def part_parameters(self, checksum: str) -> PartChecksum:
        if not checksum:
            return {}
        if self is ChecksumChoice.CRC32:
            return {"ChecksumCRC32": checksum}
        if self is ChecksumChoice.SHA256:
            return {"ChecksumSHA256": checksum}
        if self is ChecksumChoice.MD5:
            return {"ContentMD5": checksum}
        return {}

    def completed_part(self, number: int, etag: str, checksum: str) -> CompletedPartTypeDef:
        """One part as CompleteMultipartUpload lists it, with the checksum it was sent (S3
        wants it again; an MD5 went as Content-MD5, which is not repeated)."""
        part: CompletedPartTypeDef = {"PartNumber": number, "ETag": etag}
        if checksum and self is ChecksumChoice.CRC32:
            part["ChecksumCRC32"] = checksum
        elif checksum and self is ChecksumChoice.SHA256:
            part["ChecksumSHA256"] = checksum
        return part


@dataclass(frozen=True)
class PartDigest:
    md5_hex: str
    checksum: str  # base64, as S3 expects it; empty for ChecksumChoice.NONE


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def digest_range(path: Path, offset: int, length: int, choice: ChecksumChoice) -> PartDigest:
    """MD5 (for the ETag) and the chosen checksum of ``length`` bytes at ``offset``."""
    md5 = hashlib.md5(usedforsecurity=False)
    sha256 = hashlib.sha256() if choice is ChecksumChoice.SHA256 else None
    crc = 0
    remaining = length
    with path.open("rb", buffering=0) as stream:
        stream.seek(offset)
        while remaining > 0:
            chunk = stream.read(min(READ_CHUNK, remaining))
            if not chunk:
                raise OSError(f"{path} ended {remaining} bytes early; it is being changed")
            remaining -= len(chunk)
            md5.update(chunk)
            if sha256 is not None:
                sha256.update(chunk)
            elif choice is ChecksumChoice.CRC32:
                crc = zlib.crc32(chunk, crc)
    checksum = ""
    if choice is ChecksumChoice.CRC32:
        checksum = _b64(crc.to_bytes(4, "big"))
    elif sha256 is not None:
        checksum = _b64(sha256.digest())
    elif choice is ChecksumChoice.MD5:
        checksum = _b64(md5.digest())
    return PartDigest(md5.hexdigest(), checksum)


def composite_etag(part_md5_hex: Iterable[str]) -> str:
    """S3's multipart ETag: hex(md5(md5(part1) || md5(part2) || ...)) + "-N"."""
    digests = [bytes.fromhex(item) for item in part_md5_hex]
    joined = hashlib.md5(b"".join(digests), usedforsecurity=False).hexdigest()
    return f"{joined}-{len(digests)}"


def single_etag(md5_hex: str) -> str:
    return md5_hex
