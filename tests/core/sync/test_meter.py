"""The sync run's meter: a large file's bytes reported while it is under way (a download's
chunks, taken back when it fails), counted once in the total, and the empty report that
tells a view it ended."""

from __future__ import annotations

from core.events import Progress
from core.sync.events import FileBytes, InFlight
from core.sync.items import Action, Reason, SyncItem
from core.sync.meter import FILES_STEP, LARGE, SYNC_STEP, SyncMeter
from core.sync.plan import PlanCounts

BIG = SyncItem(Action.DOWNLOAD, Reason.NEW, "video/big.mkv", "video/big.mkv", size=3 * LARGE)
SMALL = SyncItem(Action.DOWNLOAD, Reason.NEW, "notes.txt", "notes.txt", size=100)


class Heard(list[object]):
    def __call__(self, event: object, /) -> None:
        self.append(event)

    def tick(self, meter: SyncMeter) -> tuple[tuple[FileBytes, ...] | None, float]:
        """What one tick said: the large files (None when it said nothing of them), the bytes."""
        self.clear()
        meter.emit()
        in_flight = [e.files for e in self if isinstance(e, InFlight)]
        moved = next(e.done for e in self if isinstance(e, Progress) and e.step == SYNC_STEP)
        return (in_flight[0] if in_flight else None), moved


def _meter(sink: Heard) -> SyncMeter:
    counts = PlanCounts()
    for item in (BIG, SMALL):
        counts.add(item)
    return SyncMeter(sink, counts)


def test_a_large_download_reports_its_bytes_until_it_ends_and_counts_them_once() -> None:
    heard = Heard()
    meter = _meter(heard)
    assert heard.tick(meter) == (None, 0)  # nothing large yet: nothing said of it

    meter.start_large(BIG)
    meter.large_counted(BIG.rel, 5_000_000)
    meter.counted(SMALL.size)
    assert heard.tick(meter) == ((FileBytes(BIG.rel, 5_000_000, BIG.size),), 5_000_100)
    assert FileBytes(BIG.rel, 5_000_000, BIG.size).moved == "4.8 MiB of 24.0 MiB"

    meter.large_counted(BIG.rel, BIG.size - 5_000_000)
    meter.counted(meter.end_large(BIG.rel))
    assert heard.tick(meter) == ((), BIG.size + SMALL.size)  # once, to say it ended
    assert heard.tick(meter) == (None, BIG.size + SMALL.size)


def test_a_failed_download_takes_its_bytes_back_and_a_late_chunk_still_counts() -> None:
    heard = Heard()
    meter = _meter(heard)
    meter.start_large(BIG)
    meter.large_counted(BIG.rel, 1000)
    meter.large_counted(BIG.rel, -1000)  # the download failed and took its bytes back
    assert meter.end_large(BIG.rel) == 0
    # A thread still reading after its run was cancelled: its bytes go to the total.
    meter.large_counted(BIG.rel, 10)
    assert heard.tick(meter) == (None, 10)


def test_the_bytes_come_last_in_a_tick_so_a_time_left_follows_their_rate() -> None:
    heard = Heard()
    _meter(heard).emit()
    assert isinstance(heard[-1], Progress) and heard[-1].step == SYNC_STEP


def test_a_large_download_resumed_shows_its_kept_bytes_but_the_rate_leaves_them_out() -> None:
    heard = Heard()
    meter = _meter(heard)
    meter.started -= 10  # ten seconds in
    meter.start_large(BIG)
    meter.large_resumed(BIG.rel, 2 * LARGE)  # an interrupted download had brought these
    meter.large_counted(BIG.rel, 1000)  # and these arrived in those ten seconds

    meter.emit()

    in_flight = next(e for e in heard if isinstance(e, InFlight))
    assert in_flight.files == (FileBytes(BIG.rel, 2 * LARGE + 1000, BIG.size),)
    progress = next(e for e in heard if isinstance(e, Progress) and e.step == SYNC_STEP)
    assert progress.done == 2 * LARGE + 1000
    assert progress.rate is not None and progress.rate <= 100.0  # 1,000 bytes in ten seconds


def test_while_the_plan_is_still_counted_no_total_or_time_left_is_said() -> None:
    heard = Heard()
    counts = PlanCounts()
    meter = SyncMeter(heard, counts, counting=True)
    counts.add(SMALL)
    meter.counted(SMALL.size // 2)
    heard.tick(meter)
    said = {e.step: e for e in heard if isinstance(e, Progress)}
    assert (said[SYNC_STEP].total, said[SYNC_STEP].eta_seconds) == (None, None)
    assert said[FILES_STEP].total is None

    counts.add(BIG)  # the walk went on, then ended
    meter.counting = False
    heard.tick(meter)
    said = {e.step: e for e in heard if isinstance(e, Progress)}
    assert said[SYNC_STEP].total == SMALL.size + BIG.size
    assert said[SYNC_STEP].eta_seconds is not None
    assert said[FILES_STEP].total == 2
