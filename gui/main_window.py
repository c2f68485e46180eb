"""The main window: Sandbox banner, connection bar, home and flow pages, activity panel."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.aws import Connection
from core.aws.connection import known_regions
from core.aws.door import CallerIdentity
from core.aws.profiles import read_profiles
from core.errors import MigrationAssistantError, OperationCancelled
from core.flows.pending_creates import reconcile_pending
from core.settings import ConnectionMode
from gui.context import AppContext
from gui.flows import FlowCard, available_flows
from gui.home import HomePage
from gui.keyboard import EnterPressesFocusedButton
from gui.leave_guard import ask_to_quit, explain_still_running, running_work
from gui.menus import MenuActions
from gui.sign_in import ensure_signed_in
from gui.widgets.activity_panel import ActivityPanel
from gui.widgets.announce import announce
from gui.widgets.banner import SandboxBanner
from gui.widgets.connection_bar import ConnectionBar, connected_text
from gui.widgets.credentials_dialog import CredentialsDialog
from gui.widgets.error_dialog import show_error
from gui.widgets.mfa_dialog import ask_mfa_code
from gui.widgets.settings_dialog import SettingsDialog
from gui.widgets.waiting_note import WaitingNote
from gui.wizards.flow_wizard import FlowWizard

__all__ = ["MainWindow"]

log = logging.getLogger("migration_assistant.gui")


class MainWindow(QMainWindow):
    """Attributes:
        context: the app's state (connection, ledger, Sandbox).
        banner, connection_bar, home, activity: the fixed parts of the window.
        pages: the stack holding the home page and at most one open flow.

    Signals:
        ready(): a connect (or "who am I?") attempt ended, whether it worked or not.
    """

    ready = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Migration Assistant")
        self.context = context
        self.banner = SandboxBanner()
        self.connection_bar = ConnectionBar(read_profiles, known_regions())
        self.home = HomePage(available_flows())
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.activity = ActivityPanel()
        self.flow_title = QLabel()
        self.flow_title.setObjectName("pageTitle")
        self.back = QPushButton("← Home")
        self.back.setObjectName("home-button")
        self.back.setAccessibleName("Home")
        self.back.clicked.connect(self.leave_flow)
        self._quit_confirmed = False
        flow_header = QHBoxLayout()
        flow_header.addWidget(self.back)
        flow_header.addWidget(self.flow_title, 1)
        self.flow_header = QWidget()
        self.flow_header.setLayout(flow_header)
        self.flow_header.hide()

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.flow_header)
        # A page taller or wider than a small screen scrolls instead of growing the window.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(self.pages)
        upper_layout.addWidget(self.page_scroll, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.activity)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.connection_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.resize(1200, 780)
        # The connection being tried (what Retry tries again), and who the current one is.
        self._attempt = context.connection
        self._identity: CallerIdentity | None = None
        self._identity_connection: Connection | None = None
        self._wire(context)

    def _wire(self, context: AppContext) -> None:
        context.ask_mfa = self._ask_mfa
        self._add_menus_and_waiting_note()
        context.call_recorded.connect(self.activity.show_call)
        context.connection_changed.connect(self._show_connection)
        self.connection_bar.switch_requested.connect(self.switch_connection)
        self.connection_bar.retry_requested.connect(self.retry_connection)
        self.connection_bar.sandbox_requested.connect(self.use_sandbox)
        self.connection_bar.credentials_requested.connect(self.ask_for_keys)
        self.connection_bar.identity_requested.connect(self.check_identity)
        self.home.open_requested.connect(self.open_flow)
        self._show_connection(context.connection)

    def _add_menus_and_waiting_note(self) -> None:
        self.waiting = WaitingNote()
        self.statusBar().addPermanentWidget(self.waiting)
        status = self.statusBar()
        status.messageChanged.connect(lambda text: announce(status, text))
        self.context.call_recorded.connect(self.waiting.show_call)
        edit = self.menuBar().addMenu("&Edit")
        self.settings_action = edit.addAction("&Settings…")
        self.settings_action.setObjectName("settings-action")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        self.menus = MenuActions(self, self.activity, self.refresh_current, edit)
        self.enter_presses_buttons = EnterPressesFocusedButton(self)

    def refresh_current(self) -> None:
        """View > Refresh (F5): the open page reads its lists again; on a page without
        any (home, a wizard's form), ask AWS who the connection is."""
        page = self.current_page()
        if isinstance(page, FlowWizard):
            page = page.currentPage()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        else:
            self.check_identity()

    def open_settings(self) -> SettingsDialog:
        """Edit > Settings…: proxy, CA bundle and connect timeout for every AWS call."""
        dialog = SettingsDialog(self.context.settings.network, self)
        dialog.saved.connect(self.context.change_network)
        dialog.open()
        return dialog

    # -- connection ----------------------------------------------------------------------

    def _show_connection(self, connection: Connection) -> None:
        self.banner.setVisible(connection.is_sandbox)
        self.connection_bar.show_connection(connection)

    def switch_connection(self, mode: ConnectionMode, region: str, profile: str) -> None:
        if mode is ConnectionMode.PROFILE and not profile:
            show_error(
                MigrationAssistantError(
                    "No AWS profile is chosen.",
                    "Pick a profile from your AWS configuration, or use stored access keys.",
                ),
                self,
            )
            return
        running = running_work(self.context.work, self.current_page())
        if running:
            self.connection_bar.select(self.context.connection)
            explain_still_running(self, running, "switch the connection")
            return
        try:
            connection = self.context.candidate(mode, region, profile)
        except MigrationAssistantError as error:
            show_error(error, self)
            return
        self.connect_to(connection)

    def retry_connection(self) -> None:
        self.connect_to(self._attempt)

    def use_sandbox(self) -> None:
        self.switch_connection(ConnectionMode.SANDBOX, self.context.connection.region, "")

    def check_identity(self) -> None:
        """Ask AWS who the current connection is (at start and on "Who am I?"): on its
        door once it worked, else by connecting to it."""
        current = self.context.connection
        if self._identity_connection != current:
            self.connect_to(current)
            return
        self._start_connecting(current, self.context.refresh_identity)

    def connect_to(self, connection: Connection) -> None:
        self._start_connecting(connection, lambda: self.context.open_connection(connection))

    def _start_connecting(
        self, connection: Connection, verify: Callable[[], Coroutine[Any, Any, CallerIdentity]]
    ) -> None:
        self._attempt = connection
        self.connection_bar.show_connecting(connection)
        self.statusBar().showMessage(f"Connecting to {connection.label()} in {connection.region}…")
        self.context.work.start(
            self._connect(connection, verify), owner=self, name="connect", key="connect"
        )

    async def _connect(
        self, connection: Connection, verify: Callable[[], Coroutine[Any, Any, CallerIdentity]]
    ) -> None:
        before = self.context.connection
        try:
            # An SSO profile without a usable token signs in first (OperationCancelled when
            # the user closes the sign-in, as for the MFA dialog).
            await ensure_signed_in(self, connection, self.context.work)
            identity = await verify()
        except MigrationAssistantError as error:
            self._not_connected(connection, error)
        else:
            self._connected(connection, identity, changed=connection != before)
            await self._reconcile_pending()
        finally:
            self.ready.emit()

    def _connected(
        self, connection: Connection, identity: CallerIdentity, *, changed: bool
    ) -> None:
        self._identity, self._identity_connection = identity, connection
        self.connection_bar.show_connected(identity, connection)
        self.statusBar().showMessage(connected_text(identity, connection))
        page = self.current_page()
        if changed and page is not self.home and not running_work(self.context.work, page):
            # Its choices (VPCs, instances, buckets) belong to the previous connection.
            self.show_home()

    def _not_connected(self, connection: Connection, error: MigrationAssistantError) -> None:
        current = self.context.connection
        if isinstance(error, OperationCancelled) and connection != current:
            # The user cancelled a switch (the MFA dialog): back to what works.
            self.connection_bar.show_connection(current)
            if self._identity is not None and self._identity_connection == current:
                self.connection_bar.show_connected(self._identity, current)
            self.statusBar().showMessage(error.message)
            return
        self.connection_bar.show_failed(connection, error)
        if connection == current:
            self._identity = self._identity_connection = None
            if not isinstance(error, OperationCancelled):
                # Reopening it would fail again: the next start opens in the Sandbox.
                self.context.forget_saved_connection()
            self.statusBar().showMessage(f"Not connected: {error.plain()}")
        else:
            self.statusBar().showMessage(
                f"Could not connect to {connection.label()}: {error.plain()} "
                f"Still working with {current.label()} in {current.region}."
            )

    async def _reconcile_pending(self) -> None:
        try:
            # Resources whose create call never answered (the app was killed mid-call).
            notes = await reconcile_pending(self.context.flow_context("resources"))
        except MigrationAssistantError as error:
            show_error(error, self)
            return
        if notes:
            self.statusBar().showMessage(" ".join(notes) + " See Resources created by the app.")

    async def _ask_mfa(self, serial: str, problem: str) -> str:
        return await ask_mfa_code(self._attempt.profile, serial, problem, self)

    def ask_for_keys(self) -> CredentialsDialog:
        dialog = CredentialsDialog(self.context.store, self)
        dialog.open()
        return dialog

    # -- pages ---------------------------------------------------------------------------

    def open_flow(self, card: FlowCard) -> QWidget:
        self.show_home()
        page = card.build(self.context)
        page.setProperty("flowKey", card.key)
        if isinstance(page, FlowWizard):
            page.leave_requested.connect(self.show_home)
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.flow_title.setText(card.title)
        self.flow_header.show()
        return page

    def show_home(self) -> None:
        while self.pages.count() > 1:
            page = self.pages.widget(1)
            if page is None:
                break
            self.pages.removeWidget(page)
            page.deleteLater()
        self.pages.setCurrentWidget(self.home)
        self.flow_header.hide()

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    def leave_flow(self) -> QMessageBox | None:
        """ "← Home": refused, with the way out, while the open flow still runs something."""
        running = running_work(self.context.work, self.current_page())
        if running:
            return explain_still_running(self, running, "go Home")
        self.show_home()
        return None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        running = running_work(self.context.work, self.current_page())
        if not running or self._quit_confirmed:
            event.accept()
            return
        event.ignore()
        box, quit_button = ask_to_quit(self, running)
        box.finished.connect(lambda _: self._quit_if(box.clickedButton() is quit_button))

    def _quit_if(self, confirmed: bool) -> None:
        if confirmed:
            self._quit_confirmed = True
            self.close()
