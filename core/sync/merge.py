"""Two small stream tools of the planner: pairing two sorted listings by name, and
running jobs a few at a time while keeping their order."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Generic, TypeVar

from core.sync.local import sort_key

__all__ = ["BATCH", "Later", "in_order", "merge_by_name"]

T = TypeVar("T")
K = TypeVar("K")
R = TypeVar("R")

BATCH = 500  # items ``in_order`` gives out at once, about (a few ms of deciding)


class Later(Generic[R]):
    """A job of ``in_order`` that needs a task: ``start()`` makes its item."""

    __slots__ = ("start",)

    def __init__(self, start: Callable[[], Awaitable[R]]) -> None:
        self.start = start


def merge_by_name(
    left: Iterable[T], right: Iterable[K], name_l: Callable[[T], str], name_r: Callable[[K], str]
) -> list[tuple[str, T | None, K | None]]:
    """Two lists sorted by ``sort_key`` of their names, paired by name."""
    lefts = [(sort_key(name := name_l(item)), name, item) for item in left]
    rights = [(sort_key(name := name_r(item)), name, item) for item in right]
    out: list[tuple[str, T | None, K | None]] = []
    i = j = 0
    while i < len(lefts) and j < len(rights):
        a, name, here = lefts[i]
        b, other, there = rights[j]
        if a < b:
            out.append((name, here, None))
            i += 1
        elif b < a:
            out.append((other, None, there))
            j += 1
        else:
            out.append((name, here, there))
            i, j = i + 1, j + 1
    out.extend((name, here, None) for _, name, here in lefts[i:])
    out.extend((name, None, there) for _, name, there in rights[j:])
    return out


async def in_order(jobs: Iterable[R | Later[R]], window: int) -> AsyncIterator[list[R]]:
    """Each job's item in the jobs' order, in lists of about ``BATCH``. A job that is not
    ``Later`` is its own item; the others run as tasks, up to ``window`` at once (a task per
    item cost more than deciding a path that needs no request). After each full list the
    loop is given up once: a large folder decided without a request would hold it, and a
    window's timers, until its last path."""
    waiting: collections.deque[R | asyncio.Task[R]] = collections.deque()
    out: list[R] = []
    running = 0
    try:
        for job in jobs:
            if isinstance(job, Later):
                waiting.append(asyncio.ensure_future(job.start()))
                running += 1
                while running >= window:
                    running -= await _take(waiting, out)
            elif waiting:  # behind a task: out in its turn
                waiting.append(job)
            else:
                out.append(job)
            if len(out) >= BATCH:
                yield out
                out = []
                await asyncio.sleep(0)
        while waiting:
            await _take(waiting, out)
            if len(out) >= BATCH:
                yield out
                out = []
        if out:
            yield out
    finally:
        for task in waiting:
            if isinstance(task, asyncio.Task):
                task.cancel()


async def _take(waiting: collections.deque[R | asyncio.Task[R]], out: list[R]) -> int:
    """The first waiting item into ``out``; 1 when it was a task's (it was waited for)."""
    head = waiting.popleft()
    if isinstance(head, asyncio.Task):
        out.append(await head)
        return 1
    out.append(head)
    return 0
