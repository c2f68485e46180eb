"""Enter AWS access keys; they go straight to the OS keyring and nowhere else."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.credentials import AccessKeys, CredentialStore, save_access_keys
from core.errors import MigrationAssistantError

__all__ = ["CredentialsDialog"]


class CredentialsDialog(QDialog):
    """Access key id and secret. On OK they are saved in the keyring; a keyring problem is
    shown in the dialog, which stays open."""

    def __init__(self, store: CredentialStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("AWS access keys")
        self.setObjectName("credentialsDialog")
        self.store = store
        self.key_id = QLineEdit()
        self.key_id.setPlaceholderText("AKIA…")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        intro = QLabel(
            "Keys are kept in your operating system's keyring, never in a file. "
            "Prefer an AWS profile with single sign-on when your organisation has one."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Access key ID", self.key_id)
        form.addRow("Secret access key", self.secret)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def save(self) -> None:
        key_id, secret = self.key_id.text().strip(), self.secret.text().strip()
        if not key_id or not secret:
            self._show_problem("Enter both the access key ID and the secret access key.")
            return
        if not key_id.isalnum() or len(key_id) < 16:
            self._show_problem("An access key ID is 16 or more letters and digits (AKIA…).")
            return
        try:
            save_access_keys(self.store, AccessKeys(key_id, secret))
        except MigrationAssistantError as error:
            self._show_problem(error.plain())
            return
        self.secret.clear()
        self.accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
