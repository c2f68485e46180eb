"""The plan of a sync as a stream: both sides walked folder by folder and merged by name.

Each level lists the local folder (``os.scandir``) and the S3 "folder" (ListObjectsV2 with a
delimiter, or from a small tree's whole listing: ``RemoteTree``) side by side, sorts both the
same way and merges them, then goes down into each sub-folder. Memory holds the folders on
the way down, never a large tree; a folder one side lacks is listed on the other side only;
an excluded folder is read on neither (a small tree's whole listing includes its keys).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from core.aws import AwsDoor
from core.errors import MigrationAssistantError
from core.sync.compare import compare_files
from core.sync.items import Action, CompareMode, Direction, Reason, SyncItem
from core.sync.local import FolderId, LocalFile, LocalListing, Scandir, list_local, sort_key
from core.sync.merge import Later, in_order, merge_by_name
from core.sync.names import local_name_problem, s3_name_problem
from core.sync.remote import RemoteFile, RemoteListing, RemoteTree
from core.sync.rules import FilterRules
from core.sync.state import SyncState

__all__ = ["SyncPlanner", "SyncScope"]


@dataclass(frozen=True)
class SyncScope:
    """What a planner compares, and how."""

    folder: Path
    bucket: str
    prefix: str  # '' or ending in '/'
    direction: Direction
    compare: CompareMode
    delete: bool
    rules: FilterRules
    follow_symlinks: bool
    concurrency: int


@dataclass(frozen=True)
class _Walk:
    """A sub-folder to go down into, and which sides have it."""

    rel: str
    prefix: str
    identity: FolderId
    local: bool
    remote: bool


class SyncPlanner:
    """``items()``: every decision, folder by folder. Reads only (lists, HeadObject, and in
    checksum mode the files that need it)."""

    def __init__(
        self, door: AwsDoor, scope: SyncScope, scandir: Scandir, state: SyncState | None = None
    ) -> None:
        self.door = door
        self.scope = scope
        self.scandir = scandir
        self.state = state
        self._heads = asyncio.Semaphore(scope.concurrency)
        self._remote = RemoteTree(
            door,
            scope.bucket,
            scope.prefix,
            at_once=scope.concurrency,
            skip=lambda branch: bool(
                scope.rules.excluded_by(branch[len(scope.prefix) : -1], folder=True)
            ),
        )
        self.seen = 0  # paths decided so far
        self.up = scope.direction is Direction.UP
        # Size-mtime only: a checksum compare is asked for to look at the bytes again.
        self._as_left = state if scope.compare is CompareMode.SIZE_MTIME else None
        self._file_rules = scope.rules or None  # None: no rule to test each file against
        self._walkers: ThreadPoolExecutor | None = None

    async def items(self) -> AsyncGenerator[SyncItem, None]:
        try:
            root = await asyncio.to_thread(self.scope.folder.stat)
            identity, local = (root.st_dev, root.st_ino), True
        except FileNotFoundError:  # a download's folder, made when the run starts
            identity, local = (0, 0), False
        folders = self._folder(
            "", self.scope.prefix, identity, ancestors=frozenset(), local=local, remote=True
        )
        # The walk's own threads: in asyncio's default pool (CPU count + 4 threads) the
        # folders' scandir would queue behind S3 listings waiting for their answers.
        self._walkers = ThreadPoolExecutor(2, thread_name_prefix="walk")
        try:
            async for batch, files in folders:
                if not files:
                    for item in batch:
                        yield item
                    continue
                for item in batch:
                    self.seen += 1
                    yield item
        finally:
            await self._remote.aclose()  # its listings of folders not reached (a stopped preview)
            self._walkers.shutdown(wait=False)  # a folder still read ends by itself

    # -- one folder --------------------------------------------------------------------

    async def _listings(
        self, rel: str, prefix: str, ancestors: frozenset[FolderId], local: bool, remote: bool
    ) -> tuple[LocalListing, RemoteListing]:
        path = self._path(rel)

        async def local_listing() -> LocalListing:
            if not local:
                return LocalListing()
            read = functools.partial(
                list_local,
                path,
                follow_symlinks=self.scope.follow_symlinks,
                ancestors=ancestors,
                scandir=self.scandir,
            )
            return await asyncio.get_running_loop().run_in_executor(self._walkers, read)

        async def remote_listing() -> RemoteListing:
            if not remote:
                return RemoteListing()
            return await self._remote.listing(prefix)

        return await asyncio.gather(local_listing(), remote_listing())

    def _path(self, rel: str) -> Path:
        return self.scope.folder.joinpath(*rel.split("/")) if rel else self.scope.folder

    async def _folder(
        self,
        rel: str,
        prefix: str,
        identity: FolderId,
        *,
        ancestors: frozenset[FolderId],
        local: bool,
        remote: bool,
        listed: Awaitable[tuple[LocalListing, RemoteListing]] | None = None,
    ) -> AsyncIterator[tuple[list[SyncItem], bool]]:
        """The folder's decisions in lists, each with whether they are files' (``seen``
        counts those): the items of a folder below are passed up a list at a time, not one
        by one through every folder on the way."""
        ancestors = ancestors | {identity}
        if listed is None:
            listed = self._listings(rel, prefix, ancestors, local, remote)
        mine, theirs = await listed
        notes = self._notes(rel, prefix, mine, theirs)
        if notes:
            yield notes, False
        folder_names = {sort_key(name) for name in theirs.folders}
        pairs = merge_by_name(mine.files, theirs.files, lambda f: f.name, lambda f: f.name)
        if self._as_left is not None:
            # This folder's files on both sides are compared next: their state in one query.
            both = (name for name, here, there in pairs if here is not None and there is not None)
            self._as_left.recall(prefix + name for name in both)
        jobs = [
            self._file_job(rel, prefix, name, local=here, remote=there, remote_folders=folder_names)
            for name, here, there in pairs
        ]
        async for batch in in_order(jobs, 4 * self.scope.concurrency):
            yield batch, True
        folders = merge_by_name(mine.folders, theirs.folders, lambda f: f.name, lambda n: n)
        walks: list[_Walk] = []
        for name, here, there in folders:
            child, child_prefix = f"{rel}/{name}" if rel else name, f"{prefix}{name}/"
            problem = self._folder_problem(
                child, name, child_prefix, here is not None, there is not None
            )
            if problem is not None:
                yield [problem], False
                continue
            child_identity = here.identity if here is not None else (0, 0)
            walks.append(
                _Walk(child, child_prefix, child_identity, here is not None, there is not None)
            )
        # The next folders' listings are asked for while this one is walked (round trips
        # overlap); at most ``concurrency`` of them wait, so memory stays bounded.
        ahead: dict[int, asyncio.Task[tuple[LocalListing, RemoteListing]]] = {}
        try:
            for number, walk in enumerate(walks):
                for upcoming in range(number, min(len(walks), number + self.scope.concurrency)):
                    if upcoming not in ahead:
                        soon = walks[upcoming]
                        ahead[upcoming] = asyncio.ensure_future(
                            self._listings(
                                soon.rel,
                                soon.prefix,
                                ancestors | {soon.identity},
                                soon.local,
                                soon.remote,
                            )
                        )
                listed = ahead.pop(number)
                async for below in self._folder(
                    walk.rel,
                    walk.prefix,
                    walk.identity,
                    ancestors=ancestors,
                    local=walk.local,
                    remote=walk.remote,
                    listed=listed,
                ):
                    yield below
        finally:
            for task in ahead.values():
                task.cancel()

    def _notes(
        self, rel: str, prefix: str, mine: LocalListing, theirs: RemoteListing
    ) -> list[SyncItem]:
        """What a folder's listings say that is not a file to compare."""
        notes = [
            self._skip(
                f"{rel}/{note.name}" if rel and note.name else (note.name or rel),
                prefix + note.name,
                note.reason,
                note.detail,
                folder=note.folder,
            )
            for note in mine.notes
        ]
        if mine.empty and self.up and rel:
            empty = "An empty folder: S3 keeps no folders, so nothing is stored for it."
            notes.append(self._skip(rel, prefix, Reason.EMPTY_FOLDER, empty, folder=True))
        if theirs.marker is not None and rel:
            marker = "An S3 'folder' object (a key ending in '/'): left as it is."
            notes.append(self._skip(rel, prefix, Reason.FOLDER_MARKER, marker, folder=True))
        return notes

    def _folder_problem(
        self, rel: str, name: str, prefix: str, local: bool, remote: bool
    ) -> SyncItem | None:
        rule = self.scope.rules.excluded_by(rel, folder=True)
        if rule:
            return self._skip(
                rel,
                prefix,
                Reason.EXCLUDED,
                f"Left out by {rule}; the folder is not read.",
                folder=True,
            )
        source_side = local if self.up else remote
        if source_side:
            problem = s3_name_problem(name, prefix) if self.up else local_name_problem(name)
            if problem:
                return self._skip(
                    rel,
                    prefix,
                    Reason.NAME_NOT_ALLOWED,
                    f"{problem} Nothing in it is synced.",
                    folder=True,
                )
        return None

    # -- one file ------------------------------------------------------------------------

    def _skip(
        self,
        rel: str,
        key: str,
        reason: Reason,
        detail: str,
        *,
        size: int = 0,
        folder: bool = False,
    ) -> SyncItem:
        shown = rel + "/" if folder and rel and not rel.endswith("/") else rel
        return SyncItem(Action.SKIP, reason, shown, key, size, detail)

    def _file_job(
        self,
        rel: str,
        prefix: str,
        name: str,
        *,
        local: LocalFile | None,
        remote: RemoteFile | None,
        remote_folders: set[bytes],
    ) -> SyncItem | Later[SyncItem]:
        """The decision when it needs no request; else the job that asks."""
        child, key = (f"{rel}/{name}" if rel else name), prefix + name
        size = local.size if local is not None else remote.size if remote is not None else 0
        if self._file_rules is not None:
            rule = self._file_rules.excluded_by(child, folder=False)
            if rule:
                return self._skip(child, key, Reason.EXCLUDED, f"Left out by {rule}.", size=size)
        source = local if self.up else remote
        if source is not None:
            problem = s3_name_problem(name, key) if self.up else local_name_problem(name)
            if not problem and not self.up and sort_key(name) in remote_folders:
                problem = "S3 also has a folder of this name, and a folder here cannot hold both."
            if problem:
                return self._skip(child, key, Reason.NAME_NOT_ALLOWED, problem, size=size)
        mtime = local.mtime_ns if local is not None else 0
        if local is None or remote is None:
            return self._one_sided(child, key, local, remote, mtime)
        as_left = self._as_left
        if as_left is not None and as_left.unchanged(
            key, local.size, mtime, remote.etag, remote.size
        ):
            detail = "As the last sync left both sides (size, time and S3's ETag)."
            return SyncItem(Action.SKIP, Reason.UNCHANGED, child, key, local.size, detail, mtime)
        both = local, remote

        async def compare() -> SyncItem:
            return await self._compare(child, key, *both)

        return Later(compare)

    async def _compare(self, rel: str, key: str, local: LocalFile, remote: RemoteFile) -> SyncItem:
        """The decision from a HeadObject (and in checksum mode the file's bytes)."""
        size, mtime = local.size, local.mtime_ns
        try:
            async with self._heads:
                verdict = await compare_files(
                    self.door,
                    self.scope.bucket,
                    local,
                    self._path(rel),
                    remote,
                    direction=self.scope.direction,
                    mode=self.scope.compare,
                )
        except (MigrationAssistantError, OSError) as error:
            text = (
                error.plain()
                if isinstance(error, MigrationAssistantError)
                else f"{error.strerror}."
            )
            return self._skip(
                rel, key, Reason.UNREADABLE, f"It could not be compared: {text}", size=size
            )
        if not verdict.transfer:
            if verdict.reason is Reason.UNCHANGED and self.state is not None:
                self.state.remember(key, local.size, local.mtime_ns, remote.etag)
            return SyncItem(Action.SKIP, verdict.reason, rel, key, size, verdict.detail, mtime)
        action = Action.UPLOAD if self.up else Action.DOWNLOAD
        moved = local.size if self.up else remote.size
        return SyncItem(action, verdict.reason, rel, key, moved, verdict.detail, mtime)

    def _one_sided(
        self, rel: str, key: str, local: LocalFile | None, remote: RemoteFile | None, mtime: int
    ) -> SyncItem:
        if self.up and local is not None:
            return SyncItem(
                Action.UPLOAD, Reason.NEW, rel, key, local.size, "Not in S3 yet.", mtime
            )
        if not self.up and remote is not None:
            return SyncItem(
                Action.DOWNLOAD, Reason.NEW, rel, key, remote.size, "Not in the folder yet."
            )
        extra = local if local is not None else remote
        size = extra.size if extra is not None else 0
        where = "in S3" if remote is not None else "in the folder"
        if self.scope.delete:
            return SyncItem(
                Action.DELETE,
                Reason.ONLY_ON_OTHER_SIDE,
                rel,
                key,
                size,
                f"Only {where}: deleted (--delete).",
                mtime,
            )
        return SyncItem(
            Action.SKIP,
            Reason.ONLY_ON_OTHER_SIDE,
            rel,
            key,
            size,
            f"Only {where}: kept (--delete would remove it).",
            mtime,
        )
