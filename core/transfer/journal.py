"""The crash-safe journal of one multipart upload, so it can resume after any interruption.

One file per upload under ``AppPaths.data_dir / "uploads"``, as JSON lines: the header (where
the upload goes, its upload id, the file's identity, part size, checksum algorithm) is written
atomically (temporary file + rename), then each confirmed part is appended as one line with
fsync. A kill -9 or a power loss can at worst tear the last line, which reading skips: that
part is simply sent again. No secrets are ever written here.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.fileio import atomic_write_text
from core.paths import AppPaths
from core.transfer.planner import MIB, format_size

__all__ = ["ConfirmedPart", "FileIdentity", "JournalHeader", "JournalStore", "UploadJournal"]

JOURNAL_VERSION = 1
_EDGE_BYTES = MIB


def _edge_hashes(path: Path, size: int) -> tuple[str, str]:
    with path.open("rb") as stream:
        head = hashlib.sha256(stream.read(_EDGE_BYTES)).hexdigest()
        stream.seek(max(0, size - _EDGE_BYTES))
        tail = hashlib.sha256(stream.read(_EDGE_BYTES)).hexdigest()
    return head, tail


@dataclass(frozen=True)
class FileIdentity:
    """What tells, without reading it all, that a file may have changed: size, modification
    and change times, inode, and hashes of its first and last MiB. Only a hint: a change can
    hide from all of these, so what S3 holds is always checked against the file's bytes.
    The change time (``ctime_ns``) cannot be put back the way ``touch -r`` or ``cp -p`` put
    back the modification time. Journals written before inode and ctime have 0 there."""

    path: str
    size: int
    mtime_ns: int
    head_sha256: str
    tail_sha256: str
    inode: int = 0
    ctime_ns: int = 0

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        resolved = path.resolve()
        status = resolved.stat()
        head, tail = _edge_hashes(resolved, status.st_size)
        return cls(
            str(resolved),
            status.st_size,
            status.st_mtime_ns,
            head,
            tail,
            status.st_ino,
            status.st_ctime_ns,
        )

    def changes_since(self, earlier: FileIdentity) -> list[str]:
        """What differs from ``earlier``, in words; empty when the file is the same."""
        changes = []
        if self.size != earlier.size:
            changes.append(
                f"its size went from {format_size(earlier.size)} to {format_size(self.size)}"
            )
        if self.mtime_ns != earlier.mtime_ns:
            changes.append("it was modified")
        elif earlier.ctime_ns and self.ctime_ns != earlier.ctime_ns:
            changes.append("it was changed (its change time moved)")
        if earlier.inode and self.inode != earlier.inode:
            changes.append("another file now has its name")
        if (self.head_sha256, self.tail_sha256) != (earlier.head_sha256, earlier.tail_sha256):
            changes.append("its content is different")
        return changes


@dataclass(frozen=True)
class ConfirmedPart:
    """A part S3 acknowledged. ``etag`` without quotes; ``checksum`` is the base64 value sent
    with the part (empty when no checksum was chosen); ``md5`` the hex MD5 we computed."""

    number: int
    etag: str
    checksum: str
    size: int
    md5: str


@dataclass(frozen=True)
class JournalHeader:
    endpoint: str  # the endpoint URL, or "aws:<region>"
    bucket: str
    key: str
    upload_id: str
    file: FileIdentity
    part_size: int
    part_count: int
    checksum: str  # a ChecksumChoice value
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    version: int = JOURNAL_VERSION

    def to_json(self) -> dict[str, Any]:
        return {"type": "header", **asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JournalHeader:
        values = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        values["file"] = FileIdentity(**data["file"])
        return cls(**values)


class UploadJournal:
    """The journal of one upload; ``record_part`` is safe to call from worker threads.

    Attributes:
        path: the journal file.
        header: what was written when the upload began.
        parts: confirmed parts by number.
    """

    def __init__(
        self, path: Path, header: JournalHeader, parts: dict[int, ConfirmedPart] | None = None
    ) -> None:
        self.path = path
        self.header = header
        self.parts: dict[int, ConfirmedPart] = dict(parts or {})
        self._lock = threading.Lock()

    @classmethod
    def create(cls, path: Path, header: JournalHeader) -> UploadJournal:
        atomic_write_text(path, json.dumps(header.to_json(), sort_keys=True) + "\n")
        return cls(path, header)

    @classmethod
    def load(cls, path: Path) -> UploadJournal | None:
        """The journal in ``path``; None when it is missing or its header is unreadable.
        Torn or unreadable part lines are skipped (those parts are sent again)."""
        try:
            lines = path.read_bytes().split(b"\n")
        except FileNotFoundError:
            return None
        try:
            header = JournalHeader.from_json(json.loads(lines[0]))
        except (ValueError, KeyError, TypeError):
            return None
        parts: dict[int, ConfirmedPart] = {}
        # The last element is empty after a complete final line, or a torn line: skip both.
        for line in lines[1:-1]:
            try:
                data = json.loads(line)
                data.pop("type", None)
                part = ConfirmedPart(**data)
            except (ValueError, TypeError):
                continue
            parts[part.number] = part
        return cls(path, header, parts)

    def record_part(self, part: ConfirmedPart) -> None:
        """Append ``part`` and fsync before returning: once this returns, a crash keeps it."""
        line = json.dumps({"type": "part", **asdict(part)}, sort_keys=True) + "\n"
        with self._lock:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(descriptor, line.encode("utf-8"))
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            self.parts[part.number] = part

    def forget_part(self, number: int) -> None:
        """Drop a part S3 no longer confirms (in memory; the next record supersedes it)."""
        with self._lock:
            self.parts.pop(number, None)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)

    @property
    def confirmed_bytes(self) -> int:
        return sum(part.size for part in self.parts.values())


def endpoint_label(endpoint_url: str | None, region: str) -> str:
    return endpoint_url.rstrip("/") if endpoint_url else f"aws:{region}"


class JournalStore:
    """The folder of upload journals, found again by where the upload goes and which file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def default(cls, paths: AppPaths | None = None) -> JournalStore:
        return cls((paths or AppPaths.default()).data_dir / "uploads")

    def path_for(self, endpoint: str, bucket: str, key: str, file_path: Path) -> Path:
        identity = "\n".join([endpoint, bucket, key, str(file_path.resolve())])
        name = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        return self.root / f"{name}.jsonl"

    def find(self, endpoint: str, bucket: str, key: str, file_path: Path) -> UploadJournal | None:
        return UploadJournal.load(self.path_for(endpoint, bucket, key, file_path))

    def create(self, header: JournalHeader) -> UploadJournal:
        path = self.path_for(header.endpoint, header.bucket, header.key, Path(header.file.path))
        return UploadJournal.create(path, header)

    def all(self) -> list[UploadJournal]:
        if not self.root.is_dir():
            return []
        journals = (UploadJournal.load(path) for path in sorted(self.root.glob("*.jsonl")))
        return [journal for journal in journals if journal is not None]

    def by_upload_id(self, upload_id: str) -> UploadJournal | None:
        for journal in self.all():
            if journal.header.upload_id == upload_id:
                return journal
        return None
