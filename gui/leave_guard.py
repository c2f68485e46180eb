"""Leaving a page, or quitting, while it still runs something.

Going Home, or switching the connection (a flow's choices belong to one account and region),
would drop a running operation without its cleanup question, so it is refused with the way out
(the page's own Cancel asks what to keep). Quitting is the user's call: we say
what stays behind and where to find it, and quit only when they confirm.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.tasks import BackgroundWork

__all__ = ["ask_to_quit", "explain_still_running", "running_work"]


def running_work(work: BackgroundWork, page: QWidget | None) -> list[str]:
    """What ``page`` (or anything inside it) still runs that leaving would drop: the names
    of its jobs in ``work`` that block leaving (long operations; a listing or a poll just
    stops with its page)."""
    if page is None:
        return []
    return [job.name for job in work.running() if job.blocks_leaving and _inside(job.owner, page)]


def _inside(owner: QObject | None, page: QWidget) -> bool:
    while owner is not None:
        if owner is page:
            return True
        owner = owner.parent()
    return False


def explain_still_running(parent: QWidget, running: list[str], then: str) -> QMessageBox:
    """Why ``then`` (what the user asked for, e.g. "go Home") must wait."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Still running",
        f"{running[0]} is still running.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setInformativeText(
        f"Let it finish, or press Cancel on this page first, then {then}: Cancel asks what "
        "to keep and what to delete, so nothing is left behind by accident."
    )
    box.open()
    return box


def ask_to_quit(parent: QWidget, running: list[str]) -> tuple[QMessageBox, QWidget]:
    """The question, open; and its "Quit anyway" button (clicked: the user confirmed)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Quit while work is running?",
        f"{running[0]} is still running.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        "If you quit now it stops where it is. Everything created so far is kept and listed "
        "under “Resources created by the app”, so you can delete it or carry on; an upload "
        "keeps its parts and resumes from “Unfinished uploads”."
    )
    quit_button = box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("Keep working", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.open()
    return box, quit_button
