"""What a caller sets and steers: options, the pause/cancel control, the result, the errors."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from core.errors import (
    AwsError,
    EndpointUnreachable,
    MigrationAssistantError,
    Throttled,
    ValidationError,
)
from core.transfer.checksums import ChecksumChoice
from core.transfer.planner import DEFAULT_THRESHOLD

__all__ = [
    "STORAGE_CLASSES",
    "FileChanged",
    "UploadControl",
    "UploadOptions",
    "UploadResult",
    "VerificationFailed",
    "backoff_seconds",
    "is_network_failure",
    "is_transient",
]

MAX_CONCURRENCY = 32
DEFAULT_RETRY_FOR = 15 * 60.0  # an outage a user leaving an upload overnight sits out
MAX_RETRY_FOR = 24 * 3600.0


# The storage classes an upload may choose, with what each is for (the wizard shows these).
STORAGE_CLASSES: dict[str, str] = {
    "STANDARD": "Standard: read often",
    "INTELLIGENT_TIERING": "Intelligent-Tiering: S3 moves it by how often it is read",
    "STANDARD_IA": "Standard-IA: read rarely, at once when needed",
    "ONEZONE_IA": "One Zone-IA: as Standard-IA, in one Availability Zone",
    "GLACIER_IR": "Glacier Instant Retrieval: archive, read in milliseconds",
    "GLACIER": "Glacier Flexible Retrieval: archive, restore in minutes to hours",
    "DEEP_ARCHIVE": "Glacier Deep Archive: cheapest archive, restore within 12 hours",
}


def check_retry_for(seconds: float) -> None:
    """How long an upload or a sync keeps trying through an outage: 1 s to 24 h."""
    if not 0 < seconds <= MAX_RETRY_FOR:
        raise ValidationError(
            "retry_for",
            "Keep trying through an outage for a time between 1 second and 24 hours.",
            "For example 15m (the default), 1h or 90s.",
        )


@dataclass(frozen=True)
class UploadOptions:
    """How to upload. Memory cost: about concurrency x 1 MiB of read buffers, whatever the
    part size (parts are streamed from the file).

    Attributes:
        part_size: bytes per part; None chooses it (planner.automatic_part_size).
        concurrency: parts in flight at once (keep <= 10: botocore's connection pool size).
        checksum: what each part carries for S3 to check.
        max_bandwidth: bytes per second over all parts; None for no limit.
        threshold: files below it go as one PUT.
        part_attempts: tries per part when the service answers with a passing error (500,
            503), above botocore's own retries.
        retry_for: seconds a part keeps trying through a network outage (nothing answers)
            before the upload stops: botocore's own retries share a small quota per client
            and give up within a second of an outage, so the engine waits it out.
        wizard: recorded in the ledger as who created the upload.
        storage_class: the object's S3 storage class (``STORAGE_CLASSES``); empty for the
            bucket's default (Standard).
        metadata: user metadata the object gets (``x-amz-meta-*``), e.g. a folder sync's
            ``mtime``; pairs, so the options stay hashable.
    """

    part_size: int | None = None
    concurrency: int = 4
    checksum: ChecksumChoice = ChecksumChoice.CRC64NVME
    max_bandwidth: int | None = None
    threshold: int = DEFAULT_THRESHOLD
    part_attempts: int = 6
    retry_for: float = DEFAULT_RETRY_FOR
    wizard: str = "upload"
    metadata: tuple[tuple[str, str], ...] = ()
    storage_class: str = ""

    def validate(self) -> None:
        if self.storage_class and self.storage_class not in STORAGE_CLASSES:
            raise ValidationError(
                "storage_class",
                f"'{self.storage_class}' is not an S3 storage class this app offers.",
                "Choose one of " + ", ".join(STORAGE_CLASSES) + ".",
            )
        if not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise ValidationError(
                "concurrency",
                f"A concurrency of {self.concurrency} is outside 1 to {MAX_CONCURRENCY}.",
                "Choose how many parts to send at once, for example 4.",
            )
        if self.max_bandwidth is not None and self.max_bandwidth <= 0:
            raise ValidationError("max_bandwidth", "The bandwidth limit must be above zero.")
        if self.part_attempts < 1:
            raise ValueError("part_attempts must be at least 1")
        check_retry_for(self.retry_for)


@dataclass(frozen=True)
class UploadResult:
    bucket: str
    key: str
    size: int
    multipart: bool
    part_size: int
    parts: int
    etag: str
    verified: bool
    verified_by: str  # what proved the object equal to the file, e.g. crc64nvme-full-object
    resumed_parts: int  # parts this run found already confirmed and skipped
    bytes_sent: int  # part bytes this run sent, retries included
    upload_id: str | None
    checksum: str
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def verification(self) -> str:
        """What proved the object equal to the file, in words."""
        method, _, kind = self.verified_by.partition("-")
        if self.verified_by == "etag-md5-from-file":
            return "S3's ETag equals the MD5s of the file's bytes, and the sizes match"
        scope = "whole object" if kind == "full-object" else "parts combined"
        return f"S3's {method.upper()} checksum ({scope}) equals the file's, and the sizes match"


class FileChanged(ValidationError):
    def __init__(self, message: str, fix: str) -> None:
        super().__init__("file", message, fix)


class VerificationFailed(MigrationAssistantError):
    default_fix = (
        "Upload the file again. If it keeps happening, the file may be changing while it is "
        "read, or the bucket encrypts with KMS (its ETags are not MD5 sums)."
    )


class UploadControl:
    """Pause, resume and cancel a running upload, from the event loop's thread.

    ``pause()``: no new parts start; parts in flight finish and stay confirmed.
    ``cancel(abort=False)``: stop now, keep the upload and its journal to resume later.
    ``cancel(abort=True)``: stop now, abort the upload on S3 (its parts are deleted).
    """

    def __init__(self) -> None:
        self._running = asyncio.Event()
        self._running.set()
        self.stop = threading.Event()  # read by worker threads; cuts body reads short
        self.cancel_requested = False
        self.abort_on_cancel = False
        self._watchers: list[Callable[[UploadControl], None]] = []

    def watch(self, watcher: Callable[[UploadControl], None]) -> None:
        """Call ``watcher`` after every pause, resume and cancel (a worker process's relay)."""
        self._watchers.append(watcher)

    def _changed(self) -> None:
        for watcher in list(self._watchers):
            watcher(self)

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def pause(self) -> None:
        if not self.cancel_requested:
            self._running.clear()
            self._changed()

    def resume(self) -> None:
        self._running.set()
        self._changed()

    def cancel(self, abort: bool = False) -> None:
        self.cancel_requested = True
        self.abort_on_cancel = abort
        self.stop.set()
        self._running.set()
        self._changed()

    async def wait_until_running(self) -> None:
        await self._running.wait()


# AWS codes worth another try: the service was busy or the request got damaged on the way.
_TRANSIENT_CODES = frozenset(
    {
        "InternalError",
        "ServiceUnavailable",
        "RequestTimeout",
        "RequestTimeoutException",
        "SlowDown",
        "BadDigest",
        "XAmzContentSHA256Mismatch",
        "XAmzContentChecksumMismatch",
        "IncompleteBody",
        "500",
        "502",
        "503",
        "504",
    }
)


def is_network_failure(error: MigrationAssistantError) -> bool:
    """Nothing answered (refused, reset, timed out): an outage to wait out, not a refusal."""
    if isinstance(error, EndpointUnreachable):
        return True
    return type(error) is AwsError and not error.code


def is_transient(error: MigrationAssistantError) -> bool:
    """Worth retrying the part: the network or the service, not the request, was at fault."""
    if isinstance(error, EndpointUnreachable | Throttled):
        return True
    if type(error) is AwsError:
        # No code at all means botocore gave up on a connection-level failure.
        return error.code in _TRANSIENT_CODES or not error.code
    return False


def backoff_seconds(attempt: int, base: float = 1.0, cap: float = 30.0) -> float:
    """Full-jitter exponential backoff before try ``attempt + 1``."""
    return float(random.uniform(0.5, 1.0) * min(cap, base * 2 ** (attempt - 1)))
