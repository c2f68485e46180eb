"""The app's live state: settings, the credential store, the ledger, the Sandbox and the
current AWS door. Widgets read it and listen to its signals."""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import time
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from core.aws import AwsDoor, CallRecord, Clock, Connection, RealClock
from core.aws.door import CallerIdentity
from core.aws.mfa import MfaAsk, threadsafe_prompter
from core.aws.verify import open_verified
from core.credentials import Keyring, SessionStore
from core.errors import MigrationAssistantError, NoCredentials
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
    """Owns the connection. Connecting makes a new door, which replaces the old one only
    once AWS said who it is; only such a connection is saved as the one to reopen.

    Signals:
        connection_changed(object): the new Connection.
        call_recorded(object): a CallRecord, each time a call starts or ends (any thread).
        identity_changed(str): the account id, each time a connect verified it.
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
        # The window's MFA dialog, and the loop it runs on (known once a connect started).
        self.ask_mfa: MfaAsk | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._mfa_asks: set[asyncio.Task[str]] = set()
        # The current door's identity check failed: the next connect makes a new door.
        self._door_failed = False
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

    def _make_door(self, connection: Connection, mfa_problem: str = "") -> AwsDoor:
        door = AwsDoor(
            connection,
            store=self.store,
            mfa_prompter=functools.partial(self._prompt_mfa, mfa_problem),
        )
        door.add_listener(self._forward_call)
        return door

    def _forward_call(self, record: CallRecord) -> None:
        self.call_recorded.emit(record)

    def _prompt_mfa(self, problem: str, serial: str) -> str:
        """The doors' MFA prompter, on the call's worker thread: the window's dialog."""
        if self.ask_mfa is None or self._loop is None:
            raise NoCredentials(
                "This AWS profile needs an MFA code.",
                "Press Connect in the connection bar to enter it.",
            )
        return threadsafe_prompter(self._tracked_ask, self._loop, problem)(serial)

    def change_network(self, network: NetworkSettings) -> None:
        """Use ``network`` (Edit > Settings…) from the next AWS call on, and remember it.
        Calls under way finish on the door they started with."""
        self.settings = self.settings.replace(network=network)
        self.settings.save(self.paths.settings_file)
        self.door.remove_listener(self._forward_call)
        self.door = self._make_door(replace(self.connection, network=network))
        self.connection_changed.emit(self.door.connection)

    async def _tracked_ask(self, serial: str, problem: str) -> str:
        assert self.ask_mfa is not None
        task = asyncio.current_task()
        assert task is not None
        self._mfa_asks.add(task)
        try:
            return await self.ask_mfa(serial, problem)
        finally:
            self._mfa_asks.discard(task)

    def candidate(self, mode: ConnectionMode, region: str, profile: str = "") -> Connection:
        """The connection these choices name (the Sandbox starts if it is chosen)."""
        return self._connection_for(
            self.settings.replace(connection=mode, region=region, profile=profile)
        )

    async def open_connection(self, connection: Connection) -> CallerIdentity:
        """Connect to ``connection`` (MFA profiles ask ``ask_mfa``, again after a refused
        code). Only when AWS answered who we are does the window use the new door and the
        settings remember the choice (never a secret); a failure leaves both as they were."""
        self._loop = asyncio.get_running_loop()
        # The current connection is checked on its own door first, unless a check on it
        # failed (an MFA session gets one try): then, as for another connection, a new one.
        reuse = [self.door] if connection == self.connection and not self._door_failed else []

        def open_door(problem: str) -> AwsDoor:
            return reuse.pop() if reuse else self._make_door(connection, problem)

        try:
            door, identity = await open_verified(open_door)
        except asyncio.CancelledError:
            # A dialog still open would hold the worker thread that waits for its code.
            for ask in list(self._mfa_asks):
                ask.cancel()
            self._door_failed = connection == self.connection
            raise
        except MigrationAssistantError:
            self._door_failed = connection == self.connection
            raise
        self._door_failed = False
        changed = connection != self.connection
        if changed:
            # The same connection's old door keeps reporting the calls still under way.
            self.door.remove_listener(self._forward_call)
        self.door = door
        chosen = self.settings.replace(
            connection=connection.mode, region=connection.region, profile=connection.profile
        )
        if chosen != self.settings:
            # Not at start: a run forced into the Sandbox (--sandbox) keeps the saved choice.
            self.settings = chosen
            self.settings.save(self.paths.settings_file)
        if changed:
            self.connection_changed.emit(connection)
        self.identity_changed.emit(identity.account)
        return identity

    async def refresh_identity(self) -> CallerIdentity:
        """Ask AWS again who the current connection is, on its own door (an MFA session
        goes on without a new code)."""
        try:
            identity = await self.door.identity(fresh=True)
        except MigrationAssistantError:
            self._door_failed = True
            raise
        self.identity_changed.emit(identity.account)
        return identity

    def forget_saved_connection(self) -> None:
        """The saved connection failed: the next start opens in the Sandbox instead of
        failing again (the profile and region stay filled in)."""
        self.settings = self.settings.replace(connection=ConnectionMode.SANDBOX)
        self.settings.save(self.paths.settings_file)

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
