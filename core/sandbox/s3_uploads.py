"""Multipart uploads in the Sandbox that tell when they began.

Stock moto lists every multipart upload as initiated on 2010-11-10, so the Unfinished uploads
page would call a minute-old upload thousands of days old. The Sandbox stamps each upload
when moto creates it and puts that time in ListMultipartUploads.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from typing import Any

from moto.s3.models import FakeMultipart
from moto.s3.responses import S3Response

from core.sandbox.routing import SandboxConfig, call_moto
from core.sandbox.routing import install as install_handler

__all__ = ["install"]

_STAMP = "_sandbox_initiated"
_MOTO_INITIATED = re.compile(rb"<Initiated>[^<]*</Initiated>")


def _stamp_on_create() -> None:
    original = FakeMultipart.__init__
    if getattr(original, "_sandbox_stamps", False):
        return

    @functools.wraps(original)
    def init(self: FakeMultipart, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        setattr(self, _STAMP, datetime.now(UTC))

    init._sandbox_stamps = True  # type: ignore[attr-defined]
    FakeMultipart.__init__ = init  # type: ignore[method-assign]


def _initiated(upload: FakeMultipart) -> bytes:
    when: datetime = getattr(upload, _STAMP, None) or datetime.now(UTC)
    return f"<Initiated>{when.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}Z</Initiated>".encode()


def list_multipart_uploads(response: S3Response, config: SandboxConfig) -> Any:
    status, headers, body = call_moto(S3Response, "list_multipart_uploads", response)
    uploads = list(response.backend.list_multipart_uploads(response.bucket_name).values())
    prefix = response.querystring.get("prefix", [None])[0]
    if prefix:
        uploads = [upload for upload in uploads if upload.key_name.startswith(prefix)]
    stamps = iter([_initiated(upload) for upload in uploads])
    raw = body.encode() if isinstance(body, str) else body
    # moto writes the uploads in this same order, each with its fixed date.
    fixed = _MOTO_INITIATED.sub(lambda match: next(stamps, match.group(0)), raw)
    return status, headers, fixed if isinstance(body, bytes) else fixed.decode()


def install() -> None:
    _stamp_on_create()
    install_handler(S3Response, "list_multipart_uploads", list_multipart_uploads)
