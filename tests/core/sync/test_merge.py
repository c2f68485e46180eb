"""The planner's stream tools: pairing two listings by the bytes of their names, and the
decisions coming out in the paths' order whether a path needed a request or not."""

from __future__ import annotations

import asyncio
import os

from core.sync.merge import BATCH, Later, in_order, merge_by_name


def test_names_pair_by_their_bytes_even_one_that_is_not_utf8() -> None:
    odd = os.fsdecode(b"b\xff")  # after every valid name starting with 'b' in byte order
    left = sorted(
        ["a", "b", "b\uffff", odd], key=lambda name: name.encode("utf-8", "surrogateescape")
    )
    right = ["b", "b\uffff", "c"]

    pairs = merge_by_name(left, right, str, str)

    assert [(name, here, there) for name, here, there in pairs] == [
        ("a", "a", None),
        ("b", "b", "b"),
        ("b\uffff", "b\uffff", "b\uffff"),
        (odd, odd, None),
        ("c", None, "c"),
    ]


async def test_decided_items_wait_for_the_requests_before_them_and_the_order_holds() -> None:
    began = {number: asyncio.Event() for number in (1, 4, 5)}
    finish = {number: asyncio.Event() for number in (1, 4, 5)}
    running: set[int] = set()
    most = 0

    def asks(number: int) -> Later[str]:
        async def request() -> str:
            nonlocal most
            running.add(number)
            most = max(most, len(running))
            began[number].set()
            await finish[number].wait()
            running.discard(number)
            return f"asked {number}"

        return Later(request)

    jobs: list[str | Later[str]] = [
        "ready 0",
        asks(1),
        "ready 2",
        "ready 3",
        asks(4),
        asks(5),
        "ready 6",
    ]
    out: list[str] = []

    async def collect() -> None:
        async for batch in in_order(jobs, window=2):
            out.extend(batch)

    collecting = asyncio.ensure_future(collect())
    for number in (4, 1, 5):  # 4 ends before 1, and 5 starts only when one has ended
        await began[number].wait()
        finish[number].set()
    await collecting

    assert out == ["ready 0", "asked 1", "ready 2", "ready 3", "asked 4", "asked 5", "ready 6"]
    assert most == 2  # the window


async def test_many_decided_items_come_out_in_lists_of_a_batch() -> None:
    jobs = list(range(2 * BATCH + 1))

    batches = [batch async for batch in in_order(jobs, window=4)]

    assert [len(batch) for batch in batches] == [BATCH, BATCH, 1]
    assert [item for batch in batches for item in batch] == jobs


async def test_a_walk_stopped_midway_cancels_the_requests_under_way() -> None:
    never, both = asyncio.Event(), asyncio.Event()
    started: list[asyncio.Task[object] | None] = []

    async def request() -> int:
        started.append(asyncio.current_task())
        if len(started) == 2:
            both.set()
        await never.wait()
        return 0

    stream = in_order([Later(request), Later(request), 7], window=3)
    reading = asyncio.ensure_future(anext(stream))
    await both.wait()
    reading.cancel()
    await asyncio.gather(reading, return_exceptions=True)  # the walk ends there
    tasks = [task for task in started if task is not None]

    assert len(tasks) == 2
    assert all(task.cancelled() or task.cancelling() for task in tasks)
    await asyncio.gather(*tasks, return_exceptions=True)


async def test_a_long_run_of_decided_items_gives_the_loop_up_between_lists() -> None:
    turns = 0
    stop = asyncio.Event()

    async def other_work() -> None:  # a window's timers, another folder's listing
        nonlocal turns
        while not stop.is_set():
            turns += 1
            await asyncio.sleep(0)

    working = asyncio.ensure_future(other_work())
    await asyncio.sleep(0)
    started = turns
    seen = 0
    async for batch in in_order(range(4 * BATCH), window=4):
        seen += len(batch)
    stop.set()
    await working

    assert seen == 4 * BATCH
    assert turns - started >= 3  # once after each full list at least
