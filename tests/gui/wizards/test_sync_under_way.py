"""The sync page's list of files under way: bounded, large files first with their bytes,
and redrawn at most every REDRAW seconds however many small files go by."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from core.sync.events import FileBytes, InFlight
from core.sync.items import Action, Reason, SyncItem
from core.sync.meter import LARGE
from gui.wizards.folder_sync.under_way import MAX_ROWS, REDRAW, UnderWayList


def _item(rel: str, size: int = 3000, action: Action = Action.UPLOAD) -> SyncItem:
    return SyncItem(action, Reason.NEW, rel, rel, size=size)


def _list(qtbot: QtBot, now: list[float]) -> UnderWayList:
    shown = UnderWayList()
    qtbot.addWidget(shown)
    shown.clock = lambda: now[0]
    shown.draw()  # drawn at the fake clock's time
    return shown


def test_large_files_come_first_with_their_bytes_and_the_rows_are_bounded(qtbot: QtBot) -> None:
    shown = _list(qtbot, [1000.0])
    smalls = [_item(f"photos/{n:03d}.jpg") for n in range(100)]
    big = _item("video/big.mkv", 3 * LARGE, Action.DOWNLOAD)
    for item in [*smalls, big]:
        shown.started(item)
    shown.in_flight(InFlight((FileBytes(big.rel, LARGE, big.size),)))
    shown.draw()

    assert shown.rows.topLevelItemCount() == MAX_ROWS
    first = shown.rows.topLevelItem(0)
    assert first is not None
    assert [first.text(c) for c in range(3)] == ["download", big.rel, "8.0 MiB of 24.0 MiB"]
    assert shown.names()[1:3] == ["photos/000.jpg", "photos/001.jpg"]  # then oldest first
    assert shown.title.text() == f"Under way: 101 files (the first {MAX_ROWS} shown)"

    for item in [*smalls, big]:
        shown.ended(item)
    shown.draw()
    assert shown.names() == []
    assert shown.title.text() == "Nothing under way."


def test_paths_going_by_fast_are_drawn_at_most_every_redraw_interval(qtbot: QtBot) -> None:
    now = [1000.0]
    shown = _list(qtbot, now)
    now[0] += REDRAW
    first = _item("a.txt")
    shown.started(first)  # the first change after a quiet while is drawn at once
    assert shown.names() == ["a.txt"]

    for n in range(1000):
        item = _item(f"many/{n}.txt")
        shown.started(item)
        shown.ended(item)
    shown.ended(first)
    assert shown.names() == ["a.txt"]  # nothing drawn meanwhile

    now[0] += REDRAW
    shown.started(_item("b.txt"))
    assert shown.names() == ["b.txt"]
