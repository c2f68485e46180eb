"""A progress page for read-only work that runs again each time it is shown (the form before
it may have changed) and stops when the user goes Back: nothing it does needs cleaning up."""

from __future__ import annotations

from typing import TypeVar

from gui.wizards.base import ProgressPage

__all__ = ["RepeatableCheckPage"]

S = TypeVar("S")


class RepeatableCheckPage(ProgressPage[S]):
    back_cancels = True  # only reads: Back may stop it (see cleanupPage)

    def clear_view(self) -> None:
        """Forget what the previous run showed beyond the log and the status line."""

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self.runner.busy:
            return
        self.succeeded = False
        self.last_error = None
        self.log.clear()
        self.status.clear()
        self.clear_view()
        self.completeChanged.emit()
        self.start()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name
        # Back while running: stop reading the servers.
        self.runner.cancel()
