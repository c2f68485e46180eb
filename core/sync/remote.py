"""One S3 "folder" (the keys right below a prefix), sorted by name like a local folder.

Listing with ``Delimiter="/"`` folder by folder mirrors the local walk: an excluded folder
is never listed, and each listing is sorted here, because S3 servers differ in how they
order a folder's entries (AWS by the key's bytes, SeaweedFS by name with folders first).

A small tree is listed whole instead (``RemoteTree``): a request costs ~1.5 ms of CPU
before its keys, so a tree of many small folders cost more in requests than in keys. The
pages of one listing come one after another (each needs the last one's token), so a tree of
a few top-level folders lists each of them whole at the same time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.aws import AwsDoor
from core.sync.calls import list_folder_call, list_tree_call
from core.sync.local import sort_key

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import ListObjectsV2OutputTypeDef

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


async def list_remote(
    door: AwsDoor, bucket: str, prefix: str, listing: RemoteListing | None = None, token: str = ""
) -> RemoteListing:
    """The objects right below ``prefix`` (which ends in '/' or is '') and its sub-folders'
    names, every page of it (from ``token`` on, into ``listing``, when given)."""
    listing = listing if listing is not None else RemoteListing()
    while True:
        page = await door.run(list_folder_call(bucket, prefix, token))
        _add_page(listing, page, prefix)
        token = page.get("NextContinuationToken", "")
        if not page.get("IsTruncated") or not token:
            break
        await asyncio.sleep(0)
    return _sorted(listing)


def _add_page(listing: RemoteListing, page: ListObjectsV2OutputTypeDef, prefix: str) -> None:
    for item in page.get("Contents", []):
        _add_file(listing, item, item["Key"][len(prefix) :])
    for common in page.get("CommonPrefixes", []):
        listing.folders.append(common.get("Prefix", "")[len(prefix) :].removesuffix("/"))


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

    The root is listed with the delimiter, then each of its folders is listed whole, up to
    ``at_once`` of them at the same time (a folder excluded by ``skip`` is not listed); the
    walk of the root's files goes on meanwhile. A root of more folders is listed whole, one
    page after another. The pages of whole listings are ``pages`` in all: a tree (or a
    top-level folder) larger than that is listed folder by folder instead. Folders served
    from a whole listing are forgotten once served, and get what a ``Delimiter="/"``
    listing of them gives. ``aclose()`` stops the listings still under way."""

    def __init__(
        self,
        door: AwsDoor,
        bucket: str,
        root: str,
        *,
        pages: int = FLAT_PAGES,
        page_keys: int = 1000,
        at_once: int = 10,
        skip: Callable[[str], bool] = lambda prefix: False,
    ) -> None:
        self.door = door
        self.bucket = bucket
        self.root = root
        self.page_keys = page_keys
        self.at_once = at_once
        self.skip = skip
        self._pages_left = pages
        self._tried = False
        self._folders: dict[str, RemoteListing] | None = None  # the whole tree's, when listed so
        self._branches: dict[str, asyncio.Task[dict[str, RemoteListing] | None]] = {}

    async def listing(self, prefix: str) -> RemoteListing:
        if not self._tried and prefix == self.root:
            self._tried = True
            return await self._root()
        branch = self._branches.get(self._branch_of(prefix))
        folders = self._folders if branch is None else await branch
        if folders is None:
            return await list_remote(self.door, self.bucket, prefix)
        return _sorted(folders.pop(prefix, RemoteListing()))

    async def aclose(self) -> None:
        for task in self._branches.values():
            task.cancel()
        await asyncio.gather(*self._branches.values(), return_exceptions=True)

    def _branch_of(self, prefix: str) -> str:
        """The top-level folder ``prefix`` is in (or is)."""
        first, slash, _ = prefix[len(self.root) :].partition("/")
        return f"{self.root}{first}/" if slash else ""

    async def _root(self) -> RemoteListing:
        page = await self.door.run(list_folder_call(self.bucket, self.root))
        listing = RemoteListing()
        _add_page(listing, page, self.root)
        token = page.get("NextContinuationToken", "")
        if page.get("IsTruncated") and token:  # a root of over 1,000 entries: folder by folder
            return await list_remote(self.door, self.bucket, self.root, listing, token)
        if len(listing.folders) > self.at_once:
            self._folders = await self._whole(self.root)
            if self._folders is not None:
                return _sorted(self._folders.pop(self.root, RemoteListing()))
            return _sorted(listing)
        for name in listing.folders:
            branch = f"{self.root}{name}/"
            if not self.skip(branch):
                self._branches[branch] = asyncio.ensure_future(self._whole(branch))
        return _sorted(listing)

    async def _whole(self, top: str) -> dict[str, RemoteListing] | None:
        """Every folder under ``top`` (``top`` itself too), or None when the pages left to
        whole listings run out first."""
        folders: dict[str, RemoteListing] = {top: RemoteListing()}
        token = ""
        while self._pages_left > 0:
            self._pages_left -= 1
            page = await self.door.run(list_tree_call(self.bucket, top, token, self.page_keys))
            for item in page.get("Contents", []):
                _place(folders, top, item)
            token = page.get("NextContinuationToken", "")
            if not page.get("IsTruncated") or not token:
                return folders
            await asyncio.sleep(0)
        return None


def _place(folders: dict[str, RemoteListing], top: str, item: Mapping[str, Any]) -> None:
    """Put the key in its folder, and each folder on its way in its parent, as S3's
    delimiter would: 'a/b/c' is a folder 'a' of ``top``, 'b' of 'a/', a file 'c'."""
    *path, name = item["Key"][len(top) :].split("/")
    prefix = top
    for part in path:
        child = f"{prefix}{part}/"
        if child not in folders:
            folders[prefix].folders.append(part)
            folders[child] = RemoteListing()
        prefix = child
    _add_file(folders[prefix], item, name)
