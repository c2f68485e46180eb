"""The error dialog sizes to its text: a long fix widens it and no line is cut off."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from core.credentials import keyring_fix
from core.errors import CredentialStoreUnavailable, MigrationAssistantError
from gui.main_window import MainWindow
from gui.widgets.error_dialog import show_error


def shown(qtbot: QtBot, box: QMessageBox) -> QMessageBox:
    qtbot.waitUntil(box.isVisible, timeout=5_000)
    return box


def clipped_labels(box: QMessageBox) -> list[str]:
    """The labels whose wrapped text needs more height than they got."""
    return [
        label.text()
        for label in box.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.heightForWidth(label.width()) > label.height()
    ]


def test_a_long_message_widens_the_dialog_and_nothing_is_cut_off(
    window: MainWindow, qtbot: QtBot
) -> None:
    short = shown(qtbot, show_error(MigrationAssistantError("No AWS profile is chosen."), window))
    long = shown(
        qtbot,
        show_error(
            CredentialStoreUnavailable(
                "This computer has no usable keyring to keep your AWS keys and passwords in.",
                keyring_fix("linux"),
                details="keyring backend found: keyring.backends.fail.Keyring",
            ),
            window,
        ),
    )

    assert long.width() > short.width()
    fix = long.findChild(QLabel, "qt_msgbox_informativelabel")
    assert fix is not None
    assert fix.width() >= 70 * fix.fontMetrics().averageCharWidth()  # lines that read well
    assert clipped_labels(long) == []
    assert clipped_labels(short) == []
    screen = long.screen()
    assert long.width() <= screen.availableGeometry().width()
    for box in (short, long):
        box.close()
