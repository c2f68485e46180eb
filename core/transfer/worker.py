"""The upload engine in a worker process, so a window on the same machine stays responsive.

``upload_file`` in one process keeps several threads reading, checksumming and sending
parts; they hold the GIL often enough to delay the window's event loop by 100-200 ms on a
busy machine (bench/README.md). ``upload_in_worker`` runs the same ``upload_file`` in a
child process and relays its events, its AWS calls (for the activity panel) and its
result or error back; Pause, Resume and Cancel on the caller's ``UploadControl`` go to the
child. The child writes the journal itself, part by part: if the caller's process dies
(even kill -9), the child sees its pipe close, stops as Cancel-and-keep does, and the
upload resumes from the journal next time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

from core.aws import AwsDoor, CallRecord, Clock
from core.aws.handover import DoorHandover
from core.errors import MigrationAssistantError, OperationCancelled
from core.events import Failed
from core.ledger import Ledger
from core.transfer.control import UploadControl, UploadOptions, UploadResult
from core.transfer.events import TransferSink
from core.transfer.journal import JournalStore
from core.transfer.upload import answered_before, upload_file

__all__ = ["WORKER_FLAG", "main", "upload_in_worker"]


_STOP_SECONDS = 30.0  # a cancelled worker's time to stop its parts and keep the journal
# The child's program: this module imported by its name (not run as __main__), so what it
# sends back (the result, our errors) unpickles under the same names here.
_CHILD = "import sys; from core.transfer.worker import main; main(*map(int, sys.argv[1:3]))"
# A frozen app (packaging/entry.py) has no ``-c``: it runs this module's main when its first
# argument is this flag.
WORKER_FLAG = "--upload-worker"


def _child_command(fds: tuple[int, int]) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG, *map(str, fds)]
    return [sys.executable, "-c", _CHILD, *map(str, fds)]


@dataclass(frozen=True)
class _Job:
    """What the child needs to run the same upload: picklable, no secret written anywhere
    (the credentials travel over the pipe only)."""

    door: DoorHandover
    source: Path
    bucket: str
    key: str
    options: UploadOptions
    journals: Path
    ledger: Path | None
    progress_interval: float
    endpoint_answered: bool  # the caller's door had answers: an outage is waited out


@dataclass(frozen=True)
class _Error:
    """An error as it crosses the pipe: our errors take different arguments, so they are
    rebuilt from their class and attributes rather than pickled."""

    kind: type[MigrationAssistantError]
    message: str
    state: dict[str, Any]

    @classmethod
    def of(cls, error: MigrationAssistantError) -> _Error:
        return cls(type(error), error.message, dict(vars(error)))

    def rebuilt(self) -> MigrationAssistantError:
        error = self.kind.__new__(self.kind)
        Exception.__init__(error, self.message)
        vars(error).update(self.state)
        return error


def _portable_record(record: CallRecord) -> tuple[CallRecord, _Error | None]:
    error = _Error.of(record.error) if record.error is not None else None
    return replace(record, error=None), error


# -- the child -------------------------------------------------------------------------------


def _obey(commands: Pipe, control: UploadControl, loop: asyncio.AbstractEventLoop) -> None:
    """The caller's Pause/Resume/Cancel, applied on the child's loop; the pipe closing (the
    caller died) is Cancel-and-keep."""
    while True:
        try:
            paused, cancelled, abort = commands.recv()
        except (EOFError, OSError):
            paused, cancelled, abort = False, True, False
        if cancelled:
            loop.call_soon_threadsafe(control.cancel, abort)
            return
        loop.call_soon_threadsafe(control.pause if paused else control.resume)


async def _child_upload(job: _Job, events: Pipe, commands: Pipe) -> None:
    door = job.door.door()
    control = UploadControl()
    loop = asyncio.get_running_loop()
    sending = threading.Lock()  # calls are recorded from the part threads too

    def send(*message: object) -> None:
        try:
            with sending:
                events.send(message)
        except OSError:  # the caller is gone: nobody to tell, keep the journal
            loop.call_soon_threadsafe(control.cancel, False)

    door.add_listener(lambda record: send("call", *_portable_record(record)))
    threading.Thread(target=_obey, args=(commands, control, loop), daemon=True).start()

    def relay(event: object, /) -> None:
        if not isinstance(event, Failed):  # the caller emits it with the rebuilt error
            send("event", event)

    try:
        result = await upload_file(
            door,
            job.source,
            job.bucket,
            job.key,
            job.options,
            sink=relay,
            journals=JournalStore(job.journals),
            ledger=Ledger(job.ledger) if job.ledger else None,
            control=control,
            progress_interval=job.progress_interval,
            endpoint_answered=job.endpoint_answered,
        )
    except MigrationAssistantError as error:
        send("error", _Error.of(error))
    else:
        send("result", result)


def main(events_fd: int, commands_fd: int) -> None:
    """The child, given the file descriptors of its two pipes; its job is the first
    message on the commands pipe."""
    events, commands = Pipe(events_fd), Pipe(commands_fd)
    try:
        job = commands.recv()
        asyncio.run(_child_upload(job, events, commands))
    finally:
        events.close()


# -- the caller ------------------------------------------------------------------------------


def _spawn(job: _Job) -> tuple[subprocess.Popen[bytes], Pipe, Pipe]:
    """A fresh interpreter (not multiprocessing, which would run the window's own main
    script again in the child, importing Qt), reached by two socket pairs."""
    events_ours, events_its = socket.socketpair()
    commands_ours, commands_its = socket.socketpair()
    child_fds = (events_its.fileno(), commands_its.fileno())
    # The same import path as here, so the child runs this very code.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    process = subprocess.Popen(
        _child_command(child_fds),
        pass_fds=child_fds,
        env=environment,
        stdin=subprocess.DEVNULL,
    )
    # Only the child holds these ends now: its death closes the events pipe for us, and
    # ours (even by kill -9) the commands pipe for it.
    events_its.close()
    commands_its.close()
    events, commands = Pipe(events_ours.detach()), Pipe(commands_ours.detach())
    commands.send(job)
    return process, events, commands


async def upload_in_worker(
    door: AwsDoor,
    source: Path,
    bucket: str,
    key: str,
    options: UploadOptions | None = None,
    *,
    sink: TransferSink,
    journals: JournalStore | None = None,
    ledger: Ledger | None = None,
    control: UploadControl | None = None,
    clock: Clock | None = None,
    progress_interval: float = 0.25,
) -> UploadResult:
    """``upload_file``'s contract, run in a child process (``clock`` is not used: the child
    waits in real time). Events reach ``sink`` on this loop; the child's AWS calls appear
    among ``door``'s records."""
    del clock
    control = control or UploadControl()
    job = _Job(
        door=await asyncio.to_thread(DoorHandover.of, door),
        source=source,
        bucket=bucket,
        key=key,
        options=options or UploadOptions(),
        journals=(journals or JournalStore.default()).root,
        ledger=ledger.path if ledger is not None else None,
        progress_interval=progress_interval,
        endpoint_answered=answered_before(door),
    )
    process, events, commands = await asyncio.to_thread(_spawn, job)
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[UploadResult] = loop.create_future()
    show_call = door.relay()

    def command(changed: UploadControl) -> None:
        with contextlib.suppress(OSError):  # the child has ended already
            commands.send((changed.paused, changed.cancel_requested, changed.abort_on_cancel))

    def receive(message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "event":
            sink(message[1])
        elif kind == "call":
            record, error = message[1], message[2]
            show_call(replace(record, error=error.rebuilt()) if error else record)
        elif kind == "result" and not outcome.done():
            outcome.set_result(message[1])
        elif kind == "error" and not outcome.done():
            error = message[1].rebuilt()
            if not isinstance(error, OperationCancelled):
                sink(Failed(error))
            outcome.set_exception(error)

    def read() -> None:
        while True:
            try:
                message = events.recv()
            except (EOFError, OSError):
                break
            loop.call_soon_threadsafe(receive, message)
        loop.call_soon_threadsafe(_ended_without_answer, outcome)

    control.watch(command)
    if control.paused or control.cancel_requested:
        command(control)
    reader = threading.Thread(target=read, name="upload-worker-events", daemon=True)
    reader.start()
    try:
        return await outcome
    except asyncio.CancelledError:
        # The caller was cancelled: stop the child as Cancel-and-keep, and let it finish so
        # the journal holds every part it confirmed.
        control.cancel(abort=False)
        raise
    finally:
        await asyncio.shield(asyncio.to_thread(_reap, process, reader))
        commands.close()
        events.close()


def _reap(process: subprocess.Popen[bytes], reader: threading.Thread) -> None:
    """Wait for the child to end (it has answered, or was told to stop), then for the
    last of its messages to be read."""
    try:
        process.wait(_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    reader.join()


def _ended_without_answer(outcome: asyncio.Future[UploadResult]) -> None:
    if not outcome.done():
        outcome.set_exception(
            MigrationAssistantError(
                "The upload's worker process ended without an answer.",
                "Start the same upload again: it resumes from the parts S3 confirmed.",
            )
        )
