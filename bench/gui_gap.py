r"""The GUI's largest timer gap during an upload through the real wizard.

A QTimer ticks every 5 ms in the app while the "Upload a large file" wizard uploads a random
file to SeaweedFS (``--server seaweedfs``, started here as upload_bench.py does) or to the
Sandbox (its S3 server runs in this process too, so its work competes for the same GIL: the
figure is pessimistic). The gap is the longest time between two ticks: how long the window
could not react. Before the upload the same timer runs with the window idle, for
``--baseline`` seconds or (``--beside``) while the same upload runs in a process of its own:
the gaps the machine's load alone causes, measured in the same run.

The window runs uploads in a worker process (core/transfer/worker.py); ``--engine
in-process`` runs the engine in the window's process instead, to compare.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_gap.py --size 1GiB --part-size 16MiB \
        --beside
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_gap.py --server sandbox --size 64MiB
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from upload_bench import ACCESS_KEY, REGION, SECRET_KEY, start_seaweedfs  # noqa: E402

TICK_MS = 5


class TickRecorder:
    """Collects the time between timer ticks (ms) while ``recording``."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.when: list[float] = []  # seconds since recording began, per gap
        self.recording = False
        self._last = self._began = time.perf_counter()

    def tick(self) -> None:
        now = time.perf_counter()
        if self.recording:
            if not self.gaps:
                self._began = self._last
            self.gaps.append((now - self._last) * 1000)
            self.when.append(round(self._last - self._began, 2))
        self._last = now

    def largest(self, count: int = 5) -> list[tuple[float, float]]:
        """The ``count`` largest gaps: (seconds into the recording, gap ms)."""
        ranked = sorted(zip(self.gaps, self.when, strict=True), reverse=True)[:count]
        return [(when, round(gap, 1)) for gap, when in ranked]

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
    from gui.qt_fixes import keep_true_alive  # noqa: PLC0415

    route_qt_messages()
    keep_true_alive()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)


def _seaweedfs_door(endpoint: str) -> Any:
    """A door to the bench's SeaweedFS, in place of the window's Sandbox door."""
    from core.aws import AwsDoor, Connection  # noqa: PLC0415
    from core.aws.sessions import new_session  # noqa: PLC0415
    from core.settings import ConnectionMode  # noqa: PLC0415

    session = new_session(keys=(ACCESS_KEY, SECRET_KEY, None), region=REGION)
    connection = Connection(mode=ConnectionMode.PROFILE, region=REGION, endpoint_url=endpoint)
    return AwsDoor(connection, session=session)


def _upload_beside(path: Path, endpoint: str, part_size: str, concurrency: int, work: Path) -> None:
    """Our engine uploads ``path`` in a process of its own (upload_bench.py's worker), for
    the baseline: the window idles meanwhile, on a machine as busy as during its upload."""
    command = [
        sys.executable, str(ROOT / "bench" / "upload_bench.py"), "--worker", "ours",
        "--file", str(path), "--key", "beside", "--endpoint", endpoint,
        "--part-size", part_size, "--concurrency", str(concurrency),
        "--journal-dir", str(work / "beside-journals"),
    ]  # fmt: skip
    environment = {**os.environ, "BOTO_DISABLE_CRT": "true"}
    subprocess.run(command, env=environment, check=True, capture_output=True)


def _write_random(path: Path, size: int) -> None:
    with path.open("wb") as stream:
        for offset in range(0, size, 1024**2):
            stream.write(os.urandom(min(1024**2, size - offset)))


def _fillers(args: argparse.Namespace, path: Path, recorder: TickRecorder) -> dict[str, Any]:
    """The wizard's form pages, filled as a user would; recording starts as the upload does."""
    from PySide6.QtWidgets import QWizardPage  # noqa: PLC0415

    from gui.wizards.upload.choose import FilePage, SettingsPage  # noqa: PLC0415

    def fill_file(page: QWizardPage) -> None:
        assert isinstance(page, FilePage)
        page.path.setText(str(path))
        page.bucket.setCurrentText("gap")

    def fill_settings(page: QWizardPage) -> None:
        assert isinstance(page, SettingsPage)
        page.part_size.setText(args.part_size)
        page.concurrency.setValue(args.concurrency)
        recorder.recording = True  # the upload starts when this page is left

    return {"file": fill_file, "settings": fill_settings}


async def _baseline(
    args: argparse.Namespace, beside: str | None, path: Path, idle: TickRecorder
) -> float:
    """Record ``idle`` for ``--baseline`` seconds, or while the same upload runs in a
    process of its own against ``beside`` (an endpoint); returns the seconds it took."""
    idle.recording = True
    began = time.perf_counter()
    if beside:
        await asyncio.to_thread(
            _upload_beside, path, beside, args.part_size, args.concurrency, path.parent
        )
    else:
        await asyncio.sleep(args.baseline)
    idle.recording = False
    return time.perf_counter() - began


def measure_gui_gap(args: argparse.Namespace, size: int, endpoint: str | None) -> dict[str, Any]:
    """Upload ``size`` random bytes through the wizard (to ``endpoint``, else the Sandbox);
    return the gap figures (ms) of the baseline and of the upload."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MIGRATION_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="ma-gui-gap-")
    import qasync  # noqa: PLC0415 - Qt loads only here
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    from core.aws import S3  # noqa: PLC0415
    from core.credentials import InMemoryStore  # noqa: PLC0415
    from core.paths import AppPaths  # noqa: PLC0415
    from gui.app import create_window  # noqa: PLC0415
    from gui.tours.base import Shooter  # noqa: PLC0415
    from gui.tours.driving import drive_wizard  # noqa: PLC0415

    _quiet_app()
    figures: dict[str, Any] = {}
    beside = bool(endpoint and args.beside)

    async def run() -> None:
        window = create_window(
            AppPaths.default().ensure(), InMemoryStore(), force_sandbox=True, sandbox_pace=0
        )
        if endpoint:
            window.context.door = _seaweedfs_door(endpoint)
        window.resize(1280, 860)
        window.show()
        idle, recorder = TickRecorder(), TickRecorder()
        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(idle.tick)
        timer.timeout.connect(recorder.tick)
        timer.start()
        with tempfile.TemporaryDirectory(prefix="ma-gui-gap-") as folder:
            path = Path(folder) / "payload.bin"
            await asyncio.to_thread(_write_random, path, size)
            await window.context.door.call(S3.create_bucket, Bucket="gap")
            baseline_seconds = await _baseline(args, endpoint if beside else None, path, idle)

            started, cpu_before = time.perf_counter(), time.process_time()
            try:
                wizard = await drive_wizard(
                    window,
                    Shooter(Path(folder), "gap", lambda _: True),  # no screenshots
                    "upload",
                    fill=_fillers(args, path, recorder),
                )
            finally:
                recorder.recording = False
                cpu = time.process_time() - cpu_before
                timer.stop()
                window.close()
                window.context.shutdown()
        result = wizard.state.result
        assert result is not None
        figures.update(
            size=size,
            parts=result.parts,
            verified=result.verified,
            seconds=round(time.perf_counter() - started, 2),
            # The window's process only: with the worker, the upload's own CPU is not here.
            window_cpu_s=round(cpu, 2),
            ticks=len(recorder.gaps),
            **recorder.figures(),
            largest=recorder.largest(),
            baseline={
                "what": "the same upload in another process" if beside else "idle",
                "seconds": round(baseline_seconds, 2),
                "ticks": len(idle.gaps),
                **idle.figures(),
                "largest": idle.largest(),
            },
        )

    qasync.run(run())
    return figures


def main() -> int:
    from core.transfer import parse_size  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="64MiB")
    parser.add_argument("--part-size", default="8MiB")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--server", choices=["seaweedfs", "sandbox"], default="seaweedfs")
    parser.add_argument("--baseline", type=float, default=10.0, help="idle seconds first")
    parser.add_argument(
        "--beside",
        action="store_true",
        help="the baseline: the window idles while the same upload runs in another process",
    )
    parser.add_argument(
        "--server-nice",
        type=int,
        default=0,
        help="run SeaweedFS at this nice level: it stands in for a remote endpoint",
    )
    parser.add_argument(
        "--engine",
        choices=["worker", "in-process"],
        default="worker",
        help="the window's own (a child process), or the engine in the window's process",
    )
    args = parser.parse_args()
    if args.engine == "in-process":
        from core.flows import upload  # noqa: PLC0415
        from core.transfer import upload_file  # noqa: PLC0415

        upload.upload_in_worker = upload_file  # the flow then runs it in this process
    size = parse_size(args.size, "size")
    if args.server == "sandbox":
        figures = measure_gui_gap(args, size, None)
    else:
        work = Path(tempfile.mkdtemp(prefix="gui-gap-"))
        process, endpoint = start_seaweedfs(work, nice=args.server_nice)
        try:
            figures = measure_gui_gap(args, size, endpoint)
        finally:
            process.terminate()
            process.wait(timeout=30)
            shutil.rmtree(work, ignore_errors=True)
    shown = {"server": args.server, "server_nice": args.server_nice, "engine": args.engine}
    print(json.dumps({**shown, **figures}), flush=True)
    return 0 if figures.get("verified") else 1


if __name__ == "__main__":
    # Skip interpreter finalization: tearing down Qt objects at exit can crash after the
    # figures are printed, which would hide the exit code.
    os._exit(main())
