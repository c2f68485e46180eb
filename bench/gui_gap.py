"""The GUI's largest timer gap during an upload through the real wizard.

A QTimer ticks every 5 ms in the app while the "Upload a large file" wizard uploads a random
file to the Sandbox (its S3 server runs in this process too, so its work competes for the
same GIL: the figure is pessimistic). The gap is the longest time between two ticks: how
long the window could not react.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_gap.py --size 64MiB --part-size 8MiB
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TICK_MS = 5


class TickRecorder:
    """Collects the time between timer ticks (ms) while ``recording``."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.recording = False
        self._last = time.perf_counter()

    def tick(self) -> None:
        now = time.perf_counter()
        if self.recording:
            self.gaps.append((now - self._last) * 1000)
        self._last = now

    def figures(self) -> dict[str, float | None]:
        ordered = sorted(self.gaps)
        if not ordered:
            return {"max_gap_ms": None, "p99_gap_ms": None, "median_gap_ms": None}
        return {
            "max_gap_ms": round(ordered[-1], 1),
            "p99_gap_ms": round(ordered[int(len(ordered) * 0.99)], 1),
            "median_gap_ms": round(ordered[len(ordered) // 2], 1),
        }


def _quiet_app() -> None:
    """The QApplication, with Qt's platform chatter sent to the log."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from gui.app import route_qt_messages  # noqa: PLC0415

    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)


def measure_gui_gap(size: int, part_size: str, concurrency: int) -> dict[str, Any]:
    """Upload ``size`` random bytes through the wizard; return the gap figures (ms)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MIGRATION_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="ma-gui-gap-")
    import qasync  # noqa: PLC0415 - Qt loads only here
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QWizardPage  # noqa: PLC0415

    from core.aws import S3  # noqa: PLC0415
    from core.credentials import InMemoryStore  # noqa: PLC0415
    from core.paths import AppPaths  # noqa: PLC0415
    from gui.app import create_window  # noqa: PLC0415
    from gui.tours.base import Shooter  # noqa: PLC0415
    from gui.tours.driving import drive_wizard  # noqa: PLC0415
    from gui.wizards.upload.choose import FilePage, SettingsPage  # noqa: PLC0415

    _quiet_app()
    figures: dict[str, Any] = {}

    async def run() -> None:
        window = create_window(
            AppPaths.default().ensure(), InMemoryStore(), force_sandbox=True, sandbox_pace=0
        )
        window.resize(1280, 860)
        window.show()
        recorder = TickRecorder()
        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(recorder.tick)
        timer.start()
        with tempfile.TemporaryDirectory(prefix="ma-gui-gap-") as folder:
            path = Path(folder) / "payload.bin"
            path.write_bytes(os.urandom(size))
            await window.context.door.call(S3.create_bucket, Bucket="gap")

            def fill_file(page: QWizardPage) -> None:
                assert isinstance(page, FilePage)
                page.path.setText(str(path))
                page.bucket.setCurrentText("gap")

            def fill_settings(page: QWizardPage) -> None:
                assert isinstance(page, SettingsPage)
                page.part_size.setText(part_size)
                page.concurrency.setValue(concurrency)
                recorder.recording = True  # the upload starts when this page is left

            started = time.perf_counter()
            try:
                wizard = await drive_wizard(
                    window,
                    Shooter(Path(folder), "gap", lambda _: True),  # no screenshots
                    "upload",
                    fill={"file": fill_file, "settings": fill_settings},
                )
            finally:
                recorder.recording = False
                timer.stop()
                window.close()
                window.context.shutdown()
        result = wizard.state["result"]
        figures.update(
            size=size,
            parts=result.parts,
            verified=result.verified,
            seconds=round(time.perf_counter() - started, 2),
            ticks=len(recorder.gaps),
            **recorder.figures(),
        )

    qasync.run(run())
    return figures


def main() -> int:
    from core.transfer import parse_size  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="64MiB")
    parser.add_argument("--part-size", default="8MiB")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    figures = measure_gui_gap(parse_size(args.size, "size"), args.part_size, args.concurrency)
    print(json.dumps(figures), flush=True)
    return 0 if figures.get("verified") else 1


if __name__ == "__main__":
    # Skip interpreter finalization: tearing down Qt objects at exit can crash after the
    # figures are printed, which would hide the exit code.
    os._exit(main())
