"""One local folder's entries, sorted by name, without reading below it.

The planner walks the tree folder by folder (``os.scandir``), so memory holds one folder's
entries per level, never the tree. Symlinks are skipped with a note unless asked to be
followed; a followed link to a folder already on the way down is a loop and is reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from core.sync.items import Reason
from core.sync.names import is_unfinished_download

__all__ = ["FolderId", "LocalFile", "LocalFolder", "LocalListing", "Scandir", "list_local"]

FolderId = tuple[int, int]  # (st_dev, st_ino): the same folder, whatever path leads to it
Scandir = Callable[[Path], AbstractContextManager[Iterator[os.DirEntry[str]]]]


def sort_key(name: str) -> bytes:
    """Names in the order of their bytes, the same on both sides (S3 servers list a folder's
    entries in different orders, so each listing is sorted by this)."""
    return name.encode("utf-8", "surrogateescape")


@dataclass(slots=True)
class LocalFile:
    """A file to compare (not frozen: a frozen dataclass takes five times as long to make)."""

    name: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class LocalFolder:
    name: str
    identity: FolderId


@dataclass(frozen=True)
class LocalNote:
    """An entry that is not synced, and why."""

    name: str
    reason: Reason
    detail: str
    folder: bool = False


@dataclass
class LocalListing:
    files: list[LocalFile] = field(default_factory=list)
    folders: list[LocalFolder] = field(default_factory=list)
    notes: list[LocalNote] = field(default_factory=list)
    empty: bool = False


def _entry(
    entry: os.DirEntry[str], follow_symlinks: bool, ancestors: frozenset[FolderId]
) -> LocalFile | LocalFolder | LocalNote:
    name = entry.name
    link = entry.is_symlink()
    if link and not follow_symlinks:
        target = os.readlink(entry.path)
        return LocalNote(
            name,
            Reason.SYMLINK,
            f"A symbolic link (to {target}): skipped; --follow-symlinks syncs what it points to.",
        )
    try:
        stat = entry.stat(follow_symlinks=True)
    except FileNotFoundError:
        return LocalNote(name, Reason.SYMLINK, "A symbolic link to nothing: skipped.")
    except OSError as error:
        return LocalNote(name, Reason.UNREADABLE, f"It cannot be read: {error.strerror}.")
    if entry.is_dir(follow_symlinks=True):
        identity = (stat.st_dev, stat.st_ino)
        if identity in ancestors:
            return LocalNote(
                name,
                Reason.SYMLINK_LOOP,
                "A symbolic link to a folder it is inside of: followed once, not again.",
                folder=True,
            )
        return LocalFolder(name, identity)
    if not entry.is_file(follow_symlinks=True):
        return LocalNote(name, Reason.UNREADABLE, "Not a regular file (a device, socket or pipe).")
    if is_unfinished_download(name):
        return LocalNote(
            name,
            Reason.UNFINISHED_DOWNLOAD,
            "Left by an interrupted download: the next download of that file carries on "
            "from it, and a sync that does not download that file removes it.",
        )
    return LocalFile(name, stat.st_size, stat.st_mtime_ns)


def list_local(
    path: Path,
    *,
    follow_symlinks: bool,
    ancestors: frozenset[FolderId],
    scandir: Scandir,
) -> LocalListing:
    """The entries of the folder ``path``, files and folders each sorted by ``sort_key``.
    A folder that cannot be read gives one note in ``notes`` under the name ''."""
    listing = LocalListing()
    try:
        with scandir(path) as entries:
            found = [_entry(entry, follow_symlinks, ancestors) for entry in entries]
    except OSError as error:
        listing.notes.append(
            LocalNote("", Reason.UNREADABLE, f"The folder cannot be read: {error.strerror}.", True)
        )
        return listing
    listing.empty = not found
    for item in found:
        if isinstance(item, LocalFile):
            listing.files.append(item)
        elif isinstance(item, LocalFolder):
            listing.folders.append(item)
        else:
            listing.notes.append(item)
    listing.files.sort(key=lambda item: sort_key(item.name))
    listing.folders.sort(key=lambda item: sort_key(item.name))
    listing.notes.sort(key=lambda item: sort_key(item.name))
    return listing


def default_scandir(path: Path) -> AbstractContextManager[Iterator[os.DirEntry[str]]]:
    return os.scandir(path)
