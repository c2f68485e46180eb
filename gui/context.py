"""The app's live state: settings, the credential store, the ledger, the Sandbox and the
current AWS door. Widgets read it and listen to its signals."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from core.aws import AwsDoor, CallRecord, Clock, Connection, RealClock
from core.credentials import Keyring, SessionStore
from core.events import EventSink, discard
from core.flows.context import FlowContext
from core.ledger import Ledger
from core.network import NetworkSettings
from core.paths import AppPaths
from core.sandbox.server import SandboxServer
from core.settings import ConnectionMode, Settings
from gui.tasks import BackgroundWork

__all__ = ["AppContext", "SandboxClock"]

log = logging.getLogger("migration_assistant.gui")


class SandboxClock:
    """Real time, but no wait longer than half a Sandbox stage: the Sandbox moves on every
    ``pace`` seconds, so polling every 5-30 s as on AWS would only make people wait.

    It sleeps in short slices: qasync keeps a cancelled sleep's Qt timer until it would
    have fired, and a long one outlives its loop (Qt then warns from whichever thread
    collects it)."""

    SLICE = 0.05

    def __init__(self, context: AppContext) -> None:
        self._context = context

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        sandbox = self._context.sandbox
        pace = sandbox.pace if sandbox is not None else self._context.sandbox_pace
        wait = min(seconds, max(pace / 2, 0.01))
        slices = max(1, math.ceil(wait / self.SLICE))
        for _ in range(slices):
            await asyncio.sleep(wait / slices)


class AppContext(QObject):
    """Owns the connection. Switching connection makes a new door; the old one is dropped.

    Signals:
        connection_changed(object): the new Connection.
        call_recorded(object): a CallRecord, each time a call starts or ends (any thread).
        identity_changed(str): the account id, once known ('' when unknown).
    """

    connection_changed = Signal(object)
    call_recorded = Signal(object)
    identity_changed = Signal(str)

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        store: Keyring,
        *,
        sandbox_pace: float | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        # The keyring, or memory for what the Sandbox or the user allows (SessionStore).
        self.store = SessionStore(store, in_sandbox=lambda: self.connection.is_sandbox)
        self.ledger = Ledger(paths.ledger_file)
        # Every background task of the window starts here (gui/tasks.py).
        self.work = BackgroundWork(self)
        self.sandbox_pace = settings.sandbox_pace if sandbox_pace is None else sandbox_pace
        self._sandbox: SandboxServer | None = None
        self.door = self._make_door(self._connection_for(settings))

    @property
    def connection(self) -> Connection:
        return self.door.connection

    @property
    def sandbox(self) -> SandboxServer | None:
        return self._sandbox

    def _connection_for(self, settings: Settings) -> Connection:
        endpoint = None
        if settings.connection is ConnectionMode.SANDBOX:
            endpoint = self._ensure_sandbox().endpoint_url
        return Connection(
            mode=settings.connection,
            region=settings.region,
            profile=settings.profile if settings.connection is ConnectionMode.PROFILE else "",
            endpoint_url=endpoint,
            retry_mode=settings.retry_mode,
            network=settings.network,
        )

    def _ensure_sandbox(self) -> SandboxServer:
        if self._sandbox is None:
            self._sandbox = SandboxServer(pace=self.sandbox_pace)
            self._sandbox.start()
            log.info("Sandbox started at %s", self._sandbox.endpoint_url)
        return self._sandbox

    def _make_door(self, connection: Connection) -> AwsDoor:
        door = AwsDoor(connection, store=self.store)
        door.add_listener(self._forward_call)
        return door

    def _forward_call(self, record: CallRecord) -> None:
        self.call_recorded.emit(record)

    def switch(self, mode: ConnectionMode, region: str, profile: str = "") -> None:
        """Connect elsewhere and remember the choice (never a secret) in the settings."""
        self.settings = self.settings.replace(connection=mode, region=region, profile=profile)
        self.settings.save(self.paths.settings_file)
        self.door.remove_listener(self._forward_call)
        self.door = self._make_door(self._connection_for(self.settings))
        self.connection_changed.emit(self.door.connection)
        self.identity_changed.emit(self.door.scope if self.connection.is_sandbox else "")

    def change_network(self, network: NetworkSettings) -> None:
        """Use ``network`` (Edit > Settings…) from the next AWS call on, and remember it.
        Calls under way finish on the door they started with."""
        self.settings = self.settings.replace(network=network)
        self.settings.save(self.paths.settings_file)
        self.door.remove_listener(self._forward_call)
        self.door = self._make_door(replace(self.connection, network=network))
        self.connection_changed.emit(self.door.connection)

    async def refresh_identity(self) -> str:
        """Ask AWS who we are (``sts get-caller-identity``) and announce the account id."""
        account = await self.door.account_id()
        self.identity_changed.emit(account)
        return account

    def flow_clock(self) -> Clock:
        """The clock flows wait with: real against AWS, quicker in the Sandbox."""
        return SandboxClock(self) if self.connection.is_sandbox else RealClock()

    def flow_context(self, wizard: str, sink: EventSink = discard) -> FlowContext:
        """What a core flow run needs: this door, the ledger, the clock, the wizard's name.
        Keep one per progress page across retries, so "delete what was created" covers
        every attempt (set its ``sink`` at each start)."""
        return FlowContext(
            self.door, self.ledger, sink=sink, clock=self.flow_clock(), wizard=wizard
        )

    def shutdown(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None
