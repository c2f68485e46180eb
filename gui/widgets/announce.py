"""Tell assistive tools (screen readers) that something changed that the user did not
cause by typing: a wait finished, a run failed, the connection changed. Qt announces only
what has the focus; a status line or an error label elsewhere stays silent without this."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget

__all__ = ["announce"]


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Say ``text`` for ``widget`` (its accessible description changes too, for tools that
    read descriptions rather than announcements); ``urgent`` interrupts what the reader is saying
    (an error), otherwise it waits its turn (a status)."""
    if not text:
        return
    widget.setAccessibleDescription(text)
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if urgent
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
