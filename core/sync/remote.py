"""One S3 "folder" (the keys right below a prefix), sorted by name like a local folder.

Listing with ``Delimiter="/"`` folder by folder mirrors the local walk: an excluded folder
is never listed, and each listing is sorted here, because S3 servers differ in how they
order a folder's entries (AWS by the key's bytes, SeaweedFS by name with folders first).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from core.aws import AwsDoor
from core.sync.calls import list_folder_call
from core.sync.local import sort_key

__all__ = ["RemoteFile", "RemoteListing", "list_remote"]


@dataclass(frozen=True)
class RemoteFile:
    name: str
    key: str
    size: int
    last_modified_ns: int
    etag: str


@dataclass
class RemoteListing:
    files: list[RemoteFile] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    # A zero-byte key ending in '/' that stands for the folder itself (made by consoles).
    marker: RemoteFile | None = None


async def list_remote(door: AwsDoor, bucket: str, prefix: str) -> RemoteListing:
    """The objects right below ``prefix`` (which ends in '/' or is '') and its sub-folders'
    names, every page of it."""
    listing = RemoteListing()
    token = ""
    while True:
        page = await door.run(list_folder_call(bucket, prefix, token))
        for item in page.get("Contents", []):
            key = item["Key"]
            name = key[len(prefix) :]
            modified = item["LastModified"]
            found = RemoteFile(
                name,
                key,
                int(item.get("Size", 0)),
                int(modified.timestamp()) * 1_000_000_000,
                str(item.get("ETag", "")).strip('"'),
            )
            if name == "":
                listing.marker = found
            else:
                listing.files.append(found)
        for common in page.get("CommonPrefixes", []):
            listing.folders.append(common.get("Prefix", "")[len(prefix) :].removesuffix("/"))
        token = page.get("NextContinuationToken", "")
        if not page.get("IsTruncated") or not token:
            break
        await asyncio.sleep(0)
    listing.files.sort(key=lambda item: sort_key(item.name))
    listing.folders.sort(key=sort_key)
    return listing
