"""The question asked on a real account when no keyring can keep secrets: the fix for this
computer, or keep them in memory until the app closes (never a plain file)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from core.errors import CredentialStoreUnavailable
from gui.widgets.error_dialog import fit_to_text

__all__ = ["ask_where_to_keep_secrets"]

MEMORY_CHOICE = (
    "Or keep them in memory: the database passwords and access keys you enter stay in the "
    "app until it closes, and you type them again next time."
)


def ask_where_to_keep_secrets(
    parent: QWidget, problem: CredentialStoreUnavailable, refuse: str
) -> tuple[QMessageBox, QAbstractButton]:
    """The question, open (window-modal, so nothing else can start meanwhile), and its
    "Keep in memory" button (clicked: the user chose memory). ``refuse`` is the other
    button's text, what happens instead ("Go Home"); Esc presses it."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "No keyring for your secrets",
        problem.message,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("keyringQuestion")
    box.setInformativeText(f"{problem.fix}\n\n{MEMORY_CHOICE}")
    if problem.details:
        box.setDetailedText(problem.details)
    memory = box.addButton("Keep in memory until the app closes", QMessageBox.ButtonRole.AcceptRole)
    memory.setObjectName("keep-in-memory")
    other = box.addButton(refuse, QMessageBox.ButtonRole.RejectRole)
    other.setObjectName("refuse-memory")
    box.setEscapeButton(other)
    box.setDefaultButton(other)
    fit_to_text(box)
    box.open()
    return box, memory
