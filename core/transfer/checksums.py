"""Per-part digests (the checksum S3 verifies on receipt, the MD5 behind the ETag when it is
needed) and the whole object's checksum combined from them.

Computed in one pass over the file range, 1 MiB at a time into one reused buffer, so memory
does not grow with the part size.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict

from awscrt import checksums as crt_checksums

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef

__all__ = [
    "ChecksumChoice",
    "CreateChecksum",
    "ObjectChecksum",
    "PartChecksum",
    "PartDigest",
    "composite_etag",
    "digest_range",
    "single_etag",
    "whole_object_checksum",
]

READ_CHUNK = 1024 * 1024


class CreateChecksum(TypedDict, total=False):
    """What CreateMultipartUpload is told about the parts' checksums (nothing for MD5)."""

    ChecksumAlgorithm: Literal["CRC64NVME", "CRC32", "SHA256"]
    ChecksumType: Literal["FULL_OBJECT"]


class PartChecksum(TypedDict, total=False):
    """The checksum one part (or a single PUT) carries: one of these keys, or none."""

    ChecksumCRC64NVME: str
    ChecksumCRC32: str
    ChecksumSHA256: str
    ContentMD5: str


class ObjectChecksum(TypedDict, total=False):
    """The whole object's checksum, given to CompleteMultipartUpload for S3 to check."""

    ChecksumType: Literal["FULL_OBJECT"]
    ChecksumCRC64NVME: str
    ChecksumCRC32: str


class ChecksumChoice(enum.StrEnum):
    """What each part carries so S3 can refuse corrupted data, and what verifies the object.

    CRC64NVME is the default: the fastest to compute (in C, through awscrt), and a
    *full-object* checksum, so S3 reports the CRC of the whole object, which is compared with
    the CRC of the file combined from the parts' CRCs.
    """

    CRC64NVME = "crc64nvme"
    CRC32 = "crc32"
    SHA256 = "sha256"
    MD5 = "md5"
    NONE = "none"

    @property
    def s3_algorithm(self) -> Literal["CRC64NVME", "CRC32", "SHA256"] | None:
        """The ``ChecksumAlgorithm`` of CreateMultipartUpload (MD5 goes as Content-MD5)."""
        if self is ChecksumChoice.CRC64NVME:
            return "CRC64NVME"
        if self is ChecksumChoice.CRC32:
            return "CRC32"
        if self is ChecksumChoice.SHA256:
            return "SHA256"
        return None

    @property
    def full_object(self) -> bool:
        """The object's checksum is the CRC of all its bytes (else composite, or none)."""
        return self in (ChecksumChoice.CRC64NVME, ChecksumChoice.CRC32)

    @property
    def needs_md5(self) -> bool:
        """The part MD5s are computed while sending: the ETag is what verifies the object."""
        return self in (ChecksumChoice.MD5, ChecksumChoice.NONE)

    def create_parameters(self) -> CreateChecksum:
        algorithm = self.s3_algorithm
        if algorithm is None:
            return {}
        if self.full_object:
            return {"ChecksumAlgorithm": algorithm, "ChecksumType": "FULL_OBJECT"}
        return {"ChecksumAlgorithm": algorithm}

    def part_parameters(self, checksum: str) -> PartChecksum:
        if not checksum:
            return {}
        if self is ChecksumChoice.CRC64NVME:
            return {"ChecksumCRC64NVME": checksum}
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
        if checksum and self is ChecksumChoice.CRC64NVME:
            part["ChecksumCRC64NVME"] = checksum
        elif checksum and self is ChecksumChoice.CRC32:
            part["ChecksumCRC32"] = checksum
        elif checksum and self is ChecksumChoice.SHA256:
            part["ChecksumSHA256"] = checksum
        return part

    def object_parameters(self, whole: str) -> ObjectChecksum:
        """The whole object's checksum for CompleteMultipartUpload (S3 refuses the upload
        when the parts it holds do not add up to it)."""
        if self is ChecksumChoice.CRC64NVME:
            return {"ChecksumType": "FULL_OBJECT", "ChecksumCRC64NVME": whole}
        if self is ChecksumChoice.CRC32:
            return {"ChecksumType": "FULL_OBJECT", "ChecksumCRC32": whole}
        return {}

    @property
    def head_key(self) -> str:
        """Where HeadObject (ChecksumMode=ENABLED) reports the object's checksum."""
        algorithm = self.s3_algorithm
        return f"Checksum{algorithm}" if algorithm else ""


@dataclass(frozen=True)
class PartDigest:
    """``checksum``: base64, as S3 expects it (empty for MD5/NONE: MD5 goes as Content-MD5
    from ``md5_hex``); ``md5_hex`` empty when it was not asked for."""

    md5_hex: str
    checksum: str


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


_CRC_BYTES = {ChecksumChoice.CRC64NVME: 8, ChecksumChoice.CRC32: 4}


def _crc_value(checksum: str) -> int:
    return int.from_bytes(base64.b64decode(checksum), "big")


def digest_range(
    path: Path, offset: int, length: int, choice: ChecksumChoice, *, md5: bool = False
) -> PartDigest:
    """The chosen checksum of ``length`` bytes at ``offset``, and their MD5 when ``md5`` or
    the choice needs it (MD5 is the slowest of them: computed only then)."""
    md5_hash = hashlib.md5(usedforsecurity=False) if md5 or choice.needs_md5 else None
    sha256 = hashlib.sha256() if choice is ChecksumChoice.SHA256 else None
    crc = 0
    remaining = length
    buffer = bytearray(min(READ_CHUNK, max(length, 1)))
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as stream:
        stream.seek(offset)
        while remaining > 0:
            got = stream.readinto(view[: min(READ_CHUNK, remaining)])
            if not got:
                raise OSError(f"{path} ended {remaining} bytes early; it is being changed")
            chunk = view[:got]
            remaining -= got
            if md5_hash is not None:
                md5_hash.update(chunk)
            if sha256 is not None:
                sha256.update(chunk)
            elif choice is ChecksumChoice.CRC64NVME:
                crc = crt_checksums.crc64nvme(chunk, crc)
            elif choice is ChecksumChoice.CRC32:
                crc = zlib.crc32(chunk, crc)
    checksum = ""
    if choice in _CRC_BYTES:
        checksum = _b64(crc.to_bytes(_CRC_BYTES[choice], "big"))
    elif sha256 is not None:
        checksum = _b64(sha256.digest())
    elif choice is ChecksumChoice.MD5 and md5_hash is not None:
        checksum = _b64(md5_hash.digest())
    return PartDigest(md5_hash.hexdigest() if md5_hash is not None else "", checksum)


def whole_object_checksum(choice: ChecksumChoice, parts: Sequence[tuple[str, int]]) -> str:
    """The object's checksum from its parts' (checksum, length), in order, as HeadObject
    reports it: a full-object CRC combined from the part CRCs (no second read of the file),
    or for SHA-256 the composite ``base64(sha256(digests))-N``; '' for MD5/NONE."""
    if choice is ChecksumChoice.CRC64NVME or choice is ChecksumChoice.CRC32:
        combine = (
            crt_checksums.combine_crc64nvme
            if choice is ChecksumChoice.CRC64NVME
            else crt_checksums.combine_crc32
        )
        whole = 0
        for index, (checksum, length) in enumerate(parts):
            value = _crc_value(checksum)
            whole = value if index == 0 else combine(whole, value, length)
        return _b64(whole.to_bytes(_CRC_BYTES[choice], "big"))
    if choice is ChecksumChoice.SHA256:
        joined = b"".join(base64.b64decode(checksum) for checksum, _ in parts)
        return f"{_b64(hashlib.sha256(joined).digest())}-{len(parts)}"
    return ""


def composite_etag(part_md5_hex: Iterable[str]) -> str:
    """S3's multipart ETag: hex(md5(md5(part1) || md5(part2) || ...)) + "-N"."""
    digests = [bytes.fromhex(item) for item in part_md5_hex]
    joined = hashlib.md5(b"".join(digests), usedforsecurity=False).hexdigest()
    return f"{joined}-{len(digests)}"


def single_etag(md5_hex: str) -> str:
    return md5_hex
