"""The app's live state: settings, the credential store, the ledger, the Sandbox and the
current AWS door. Widgets read it and listen to its signals."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from core.aws import AwsDoor, CallRecord, Connection
from core.credentials import CredentialStore
from core.ledger import Ledger
from core.paths import AppPaths
from core.sandbox.server import SandboxServer
from core.settings import ConnectionMode, Settings

__all__ = ["AppContext"]

log = logging.getLogger("migration_assistant.gui")


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
        store: CredentialStore,
        *,
        sandbox_pace: float | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.store = store
        self.ledger = Ledger(paths.ledger_file)
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

    async def refresh_identity(self) -> str:
        """Ask AWS who we are (``sts get-caller-identity``) and announce the account id."""
        account = await self.door.account_id()
        self.identity_changed.emit(account)
        return account

    def shutdown(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None
