"""Ask for the MFA code a role profile needs (botocore would ask on the terminal)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.aws.mfa import valid_mfa_code
from core.errors import OperationCancelled

__all__ = ["MfaDialog", "ask_mfa_code"]


class MfaDialog(QDialog):
    """The device's serial, a six-digit field checked before anything is sent, OK/Cancel.
    ``problem`` says why it asks again (AWS refused the last code)."""

    def __init__(self, profile: str, serial: str, problem: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("MFA code")
        self.setObjectName("mfa-dialog")
        self.setAccessibleName("MFA code")
        intro = QLabel(
            f"The AWS profile {profile} assumes a role that needs a code from your MFA device."
            if profile
            else "This AWS connection assumes a role that needs a code from your MFA device."
        )
        intro.setWordWrap(True)
        self.serial = QLabel(serial)
        self.serial.setObjectName("mfa-serial")
        self.serial.setAccessibleName("MFA device")
        self.code = QLineEdit()
        self.code.setObjectName("mfa-code")
        self.code.setAccessibleName("MFA code")
        self.code.setPlaceholderText("6 digits")
        self.code.setMaxLength(6)
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}")))
        self.problem = QLabel(problem)
        self.problem.setObjectName("fieldError")
        self.problem.setAccessibleName("Problem with the MFA code")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        form = QFormLayout()
        form.addRow("MFA device", self.serial)
        form.addRow("Code", self.code)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setAccessibleName("Send the MFA code")
        self.cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setAccessibleName("Cancel connecting")
        buttons.accepted.connect(self.send)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def send(self) -> None:
        if not valid_mfa_code(self.code.text()):
            self.problem.setText("Enter the 6 digits your MFA device shows.")
            self.problem.show()
            return
        self.accept()


async def ask_mfa_code(profile: str, serial: str, problem: str, parent: QWidget | None) -> str:
    """Open the dialog and wait for it; the code, or OperationCancelled on Cancel."""
    dialog = MfaDialog(profile, serial, problem, parent)
    answered: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not answered.done():
            answered.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        result = await answered
    finally:
        code = dialog.code.text().strip()
        dialog.close()
        dialog.deleteLater()
    if result != QDialog.DialogCode.Accepted.value:
        raise OperationCancelled("No MFA code was entered; the connection is unchanged.")
    return code
