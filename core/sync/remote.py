"""One S3 "folder" (the keys right below a prefix), sorted by name like a local folder.

Listing with ``Delimiter="/"`` folder by folder mirrors the local walk: an excluded folder
is never listed, and each listing is sorted here, because S3 servers differ in how they
order a folder's entries (AWS by the key's bytes, SeaweedFS by name with folders first).

A small tree is listed whole instead (``RemoteTree``): a request costs ~1.5 ms of CPU
before its keys, so a tree of many small folders cost more in requests than in keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.aws import AwsDoor
from core.sync.calls import list_folder_call, list_tree_call
from core.sync.local import sort_key

__all__ = ["FLAT_PAGES", "RemoteFile", "RemoteListing", "RemoteTree", "list_remote"]

# Pages of a whole-tree listing tried before going folder by folder: 10,000 keys (a few MB).
# Within it the whole listing never takes more requests than the folders' (a page holds
# 1,000 keys either way); a larger tree wastes these 10 requests, against its 10 or more.
FLAT_PAGES = 10


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
            _add_file(listing, item, item["Key"][len(prefix) :])
        for common in page.get("CommonPrefixes", []):
            listing.folders.append(common.get("Prefix", "")[len(prefix) :].removesuffix("/"))
        token = page.get("NextContinuationToken", "")
        if not page.get("IsTruncated") or not token:
            break
        await asyncio.sleep(0)
    return _sorted(listing)


def _add_file(listing: RemoteListing, item: Mapping[str, Any], name: str) -> None:
    found = RemoteFile(
        name,
        item["Key"],
        int(item.get("Size", 0)),
        int(item["LastModified"].timestamp()) * 1_000_000_000,
        str(item.get("ETag", "")).strip('"'),
    )
    if name == "":
        listing.marker = found
    else:
        listing.files.append(found)


def _sorted(listing: RemoteListing) -> RemoteListing:
    listing.files.sort(key=lambda item: sort_key(item.name))
    listing.folders.sort(key=sort_key)
    return listing


class RemoteTree:
    """The S3 side of one sync's walk: ``listing(prefix)`` for each folder, the root first.

    The root's call lists the whole tree, up to ``FLAT_PAGES`` pages; when that was all of
    it, every folder is served from memory (and forgotten once served), giving what a
    ``Delimiter="/"`` listing of it gives. Otherwise each folder is listed on its own."""

    def __init__(
        self,
        door: AwsDoor,
        bucket: str,
        root: str,
        *,
        pages: int = FLAT_PAGES,
        page_keys: int = 1000,
    ) -> None:
        self.door = door
        self.bucket = bucket
        self.root = root
        self.pages = pages
        self.page_keys = page_keys
        self._tried = False
        self._folders: dict[str, RemoteListing] | None = None

    async def listing(self, prefix: str) -> RemoteListing:
        if not self._tried and prefix == self.root:
            self._tried = True
            self._folders = await self._whole()
        if self._folders is None:
            return await list_remote(self.door, self.bucket, prefix)
        return _sorted(self._folders.pop(prefix, RemoteListing()))

    async def _whole(self) -> dict[str, RemoteListing] | None:
        folders: dict[str, RemoteListing] = {self.root: RemoteListing()}
        token = ""
        for _ in range(self.pages):
            call = list_tree_call(self.bucket, self.root, token, self.page_keys)
            page = await self.door.run(call)
            for item in page.get("Contents", []):
                self._place(folders, item)
            token = page.get("NextContinuationToken", "")
            if not page.get("IsTruncated") or not token:
                return folders
            await asyncio.sleep(0)
        return None

    def _place(self, folders: dict[str, RemoteListing], item: Mapping[str, Any]) -> None:
        """Put the key in its folder, and each folder on its way in its parent, as S3's
        delimiter would: 'a/b/c' is a folder 'a' of the root, 'b' of 'a/', a file 'c'."""
        *path, name = item["Key"][len(self.root) :].split("/")
        prefix = self.root
        for part in path:
            child = f"{prefix}{part}/"
            if child not in folders:
                folders[prefix].folders.append(part)
                folders[child] = RemoteListing()
            prefix = child
        _add_file(folders[prefix], item, name)
