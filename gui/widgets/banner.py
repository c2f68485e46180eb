"""The Sandbox banner, shown whenever the Sandbox is the active connection."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["SANDBOX_TEXT", "SandboxBanner"]

SANDBOX_TEXT = "Sandbox: nothing leaves this computer"


class SandboxBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            f"<b>{SANDBOX_TEXT}</b> &nbsp;·&nbsp; a simulated AWS for rehearsing every wizard. "
            "No account is used and nothing is billed.",
            parent,
        )
        self.setObjectName("sandboxBanner")
        self.setWordWrap(True)
