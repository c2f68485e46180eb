"""Two small stream tools of the planner: pairing two sorted listings by name, and
running jobs a few at a time while keeping their order."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TypeVar

from core.sync.local import sort_key

__all__ = ["in_order", "merge_by_name"]

T = TypeVar("T")
K = TypeVar("K")
R = TypeVar("R")


def merge_by_name(
    left: Iterable[T], right: Iterable[K], name_l: Callable[[T], str], name_r: Callable[[K], str]
) -> list[tuple[str, T | None, K | None]]:
    """Two lists sorted by ``sort_key`` of their names, paired by name."""
    lefts, rights = list(left), list(right)
    out: list[tuple[str, T | None, K | None]] = []
    i = j = 0
    while i < len(lefts) or j < len(rights):
        a = sort_key(name_l(lefts[i])) if i < len(lefts) else None
        b = sort_key(name_r(rights[j])) if j < len(rights) else None
        if b is None or (a is not None and a < b):
            out.append((name_l(lefts[i]), lefts[i], None))
            i += 1
        elif a is None or b < a:
            out.append((name_r(rights[j]), None, rights[j]))
            j += 1
        else:
            out.append((name_l(lefts[i]), lefts[i], rights[j]))
            i, j = i + 1, j + 1
    return out


async def in_order(jobs: Iterable[Callable[[], Awaitable[R]]], window: int) -> AsyncIterator[R]:
    """Each job's item in the jobs' order, with up to ``window`` of them running at once."""
    running: collections.deque[asyncio.Task[R]] = collections.deque()
    try:
        for job in jobs:
            running.append(asyncio.ensure_future(job()))
            if len(running) >= window:
                yield await running.popleft()
        while running:
            yield await running.popleft()
    finally:
        for task in running:
            task.cancel()
