"""The window path: QApplication + qasync loop, the main window, screenshots."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from core.aws.connection import available_profiles
from core.credentials import SERVICE, Keyring, KeyringStore
from core.logs import configure_logging
from core.paths import AppPaths
from core.settings import ConnectionMode, Settings
from gui.context import AppContext
from gui.excepthook import install_excepthook
from gui.main_window import MainWindow
from gui.qt_fixes import keep_true_alive
from gui.theme import follow_color_scheme, scheme_named

__all__ = ["ICON", "app_credential_store", "create_window", "run_app", "style_sheet"]

log = logging.getLogger("migration_assistant.gui")

# Package data (pyproject.toml), so it travels with the code: installed, editable or frozen.
RESOURCES = Path(__file__).resolve().parent / "resources"
ICON = RESOURCES / "icons" / "migration-assistant.svg"


def style_sheet() -> str:
    """The app's style sheet; a copy without it is broken, so that is an error, not a ""."""
    return (RESOURCES / "style.qss").read_text(encoding="utf-8")


def starting_settings(paths: AppPaths, force_sandbox: bool) -> Settings:
    """The saved choice, or the Sandbox when nothing usable is configured."""
    settings = Settings.load(paths.settings_file)
    if force_sandbox:
        return settings.replace(connection=ConnectionMode.SANDBOX)
    if settings.connection is ConnectionMode.PROFILE and settings.profile not in (
        available_profiles()
    ):
        log.info("saved profile %r is gone; opening in the Sandbox", settings.profile)
        return settings.replace(connection=ConnectionMode.SANDBOX, profile="")
    return settings


def app_credential_store(service: str = SERVICE) -> KeyringStore:
    """The store the app keeps secrets in: the OS keyring (the window falls back to memory
    where allowed, ``core.credentials.SessionStore``). The tour uses it too, under a
    service name of its own."""
    return KeyringStore(service)


def create_window(
    paths: AppPaths,
    store: Keyring,
    *,
    force_sandbox: bool = False,
    sandbox_pace: float | None = None,
) -> MainWindow:
    context = AppContext(
        paths, starting_settings(paths, force_sandbox), store, sandbox_pace=sandbox_pace
    )
    return MainWindow(context)


async def _save_when_ready(window: MainWindow, path: Path) -> None:
    ready = asyncio.Event()
    window.ready.connect(ready.set)
    window.check_identity()
    await ready.wait()
    # Let the layout settle after the account label changed (the loop runs Qt's events).
    for _ in range(3):
        await asyncio.sleep(0.02)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def route_qt_messages() -> None:
    """Qt's own messages go to our log instead of the terminal."""
    qt_log = logging.getLogger("migration_assistant.qt")

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        level = logging.WARNING if kind != QtMsgType.QtDebugMsg else logging.DEBUG
        qt_log.log(level, "%s", message)

    qInstallMessageHandler(handler)


def run_app(
    screenshot: Path | None = None, force_sandbox: bool = False, color_scheme: str | None = None
) -> int:
    paths = AppPaths.default().ensure()
    configure_logging(paths.log_file)
    route_qt_messages()
    keep_true_alive()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Migration Assistant")
    app.setDesktopFileName("migration-assistant")  # packaging/linux: taskbar icon, app name
    app.setWindowIcon(QIcon(str(ICON)))
    follow_color_scheme(app, style_sheet(), scheme_named(color_scheme or ""))
    window = create_window(paths, app_credential_store(), force_sandbox=force_sandbox)
    install_excepthook(window)
    exit_code = 0

    async def main() -> None:
        nonlocal exit_code
        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        window.show()
        if screenshot is not None:
            try:
                await _save_when_ready(window, screenshot)
            except OSError as error:
                print(f"Could not save the screenshot: {error}", file=sys.stderr)
                exit_code = 1
            return
        window.check_identity()
        await closed.wait()

    try:
        qasync.run(main())
    finally:
        window.context.shutdown()
    return exit_code
