"""A plan on disk reads back exactly what the planner wrote, in its order."""

from __future__ import annotations

import os

from core.sync.items import Action, Reason, SyncItem
from core.sync.plan import LINE_ITEMS, SyncPlan


def _items(count: int) -> list[SyncItem]:
    actions, reasons = list(Action), list(Reason)
    odd = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 name: reported, never synced
    return [
        SyncItem(
            actions[number % len(actions)],
            reasons[number % len(reasons)],
            f"folder/{odd if number == 7 else 'ü-' + str(number)}",
            f"prefix/folder/{number}",
            number * 1000,
            "" if number % 3 else f'Detail {number}: "quoted"',
            number * 1_000_000_007,
        )
        for number in range(count)
    ]


def test_items_across_several_lines_read_back_the_same_and_in_order() -> None:
    items = _items(2 * LINE_ITEMS + 3)
    plan = SyncPlan("Enabled")
    for item in items:
        plan.add(item)

    first, again = list(plan), list(plan)
    plan.close()

    assert first == items
    assert again == items
    assert plan.counts.files[Action.UPLOAD] == sum(i.action is Action.UPLOAD for i in items)


def test_items_added_after_a_read_follow_the_ones_before() -> None:
    items = _items(5)
    plan = SyncPlan("")
    plan.add(items[0])
    plan.add(items[1])

    before = list(plan)
    for item in items[2:]:
        plan.add(item)
    after = list(plan)
    plan.close()

    assert before == items[:2]
    assert after == items
