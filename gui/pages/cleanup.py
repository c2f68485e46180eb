"""After a cancelled creation: offer to delete exactly what that run created."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox

from core.credentials import CredentialStore
from core.flows.context import FlowContext
from core.flows.teardown import TeardownSummary, delete_created
from gui.pages.teardown_dialog import entry_label
from gui.wizards.base import ProgressPage

__all__ = ["offer_cleanup"]


def offer_cleanup(
    page: ProgressPage[Any],
    ctx: FlowContext | None,
    store: CredentialStore,
    *,
    keep_hint: str = "",
    on_deleted: Callable[[], None] | None = None,
) -> QMessageBox | None:
    """Ask "Delete what was created?" (non-blocking; returns the box, None if nothing was
    created). The answer's outcome goes to the page's log. The deletion is a job of the
    page that blocks leaving it, as any operation: leaving would cancel it half-way."""
    if ctx is None or not ctx.created:
        return None
    box = QMessageBox(page)
    box.setObjectName("cleanupQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Delete what was created?")
    box.setText("The run was cancelled. Delete what it had already created?")
    listing = "\n".join(entry_label(entry) for entry in ctx.created)
    box.setInformativeText(
        f"{listing}\n\n{keep_hint or 'Kept resources stay listed on the Resources page.'}"
    )
    delete = box.addButton("Delete them", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Keep them", QMessageBox.ButtonRole.RejectRole)

    def answered() -> None:
        if box.clickedButton() is not delete:
            page.append_log("Kept what was created; it is listed on the Resources page.")
            return
        page.append_log("Deleting what this run created…")
        page.flow.context.work.start(
            delete_created(ctx, store),
            owner=page,
            name="Deleting what was created",
            on_result=lambda summary: _report(page, summary, on_deleted),
            on_error=lambda error: page.append_log(f"✖ {error.plain()}"),
            blocks_leaving=True,
        )

    box.finished.connect(answered)
    box.open()
    return box


def _report(
    page: ProgressPage[Any], summary: TeardownSummary, on_deleted: Callable[[], None] | None
) -> None:
    if on_deleted is not None:
        on_deleted()
    for line in summary.lines():
        page.append_log(line)
    page.append_log("Clean-up finished." if summary.complete else "Clean-up left some behind.")
