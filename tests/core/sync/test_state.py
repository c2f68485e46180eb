"""The sync state: what the last sync left of each path, read back a folder at a time."""

from __future__ import annotations

from pathlib import Path

from core.sync.state import RECALL_BATCH, Remembered, SyncState


def test_a_folder_recalled_at_once_answers_as_lookups_one_by_one(tmp_path: Path) -> None:
    state = SyncState(tmp_path / "state.sqlite")
    keys = [f"site/f{number:05d}" for number in range(RECALL_BATCH + 3)]
    for number, key in enumerate(keys[:-1]):
        state.remember(key, number, number * 10, f'"etag{number}"')
    state.commit()
    one_by_one = [state.lookup(key) for key in keys]

    state.recall(keys)
    recalled = [state.lookup(key) for key in keys]
    state.remember(keys[0], 99, 990, "later")

    assert recalled == one_by_one
    assert recalled[-1] is None  # never synced
    assert recalled[1] == Remembered(1, 10, "etag1")
    assert state.lookup(keys[0]) == Remembered(99, 990, "later")  # asked again: the file
    assert state.unchanged(keys[2], 2, 20, "etag2", remote_size=2)
    state.close()
