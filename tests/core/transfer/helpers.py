"""Shared helpers for the transfer tests: test files and what S3 holds."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from core.transfer.checksums import composite_etag
from core.transfer.planner import MIB

PART = 5 * MIB


def make_file(path: Path, size: int, seed: int = 0) -> Path:
    """``size`` pseudo-random bytes (incompressible, different per seed)."""
    block = hashlib.sha256(f"seed{seed}".encode()).digest() * (MIB // 32)
    random_tail = os.urandom(64)
    with path.open("wb") as stream:
        written = 0
        while written < size:
            chunk = (block + random_tail)[: size - written]
            stream.write(chunk)
            written += len(chunk)
    return path


def expected_etag(path: Path, part_size: int) -> str:
    data = path.read_bytes()
    md5s = [
        hashlib.md5(data[offset : offset + part_size]).hexdigest()
        for offset in range(0, len(data), part_size)
    ]
    return composite_etag(md5s)


def downloaded(client: Any, bucket: str, key: str) -> bytes:
    return bytes(client.get_object(Bucket=bucket, Key=key)["Body"].read())


def incomplete_uploads(client: Any, bucket: str) -> list[dict[str, Any]]:
    return list(client.list_multipart_uploads(Bucket=bucket).get("Uploads", []))
