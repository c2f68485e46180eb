"""A wizard embedded in the main window, and the typed object its pages share.

A wizard keeps what its pages collected in ``wizard.state``: an instance of its own
dataclass (``TargetDatabaseChoices`` in ``gui/wizards/target_database/choices.py``, one
``choices`` module or class per wizard), given to ``FlowWizard[S]`` when it is built. Its
pages are ``WizardPage[S]`` (``FormPage``, ``ProgressPage``, the review and summary pages),
added with ``add`` so mypy checks that each page reads the state its wizard has; pages read
and write that object's fields, never each other's widgets.

A page several wizards share is generic over a Protocol of the fields it reads
(``MonitorPage`` over ``WatchesTask``) and is added with its type given,
``MonitorPage[MigrationTaskChoices](...)``: mypy does not infer it from ``add``.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard, QWizardPage

from gui.context import AppContext
from gui.leave_guard import explain_still_running, running_work

__all__ = ["BUTTON_NAMES", "FlowWizard", "WizardPage"]

S = TypeVar("S")

# Stable object names and accessible names of the wizard's buttons, so tests and assistive
# tools find them whatever their text ("Done" for Finish). QWizard's own Cancel is never
# shown (NoCancelButton): the Cancel a user sees is a running page's, ``wizard-cancel``
# (gui.wizards.base.ProgressPage).
BUTTON_NAMES: dict[QWizard.WizardButton, tuple[str, str]] = {
    QWizard.WizardButton.NextButton: ("wizard-next", "Next page"),
    QWizard.WizardButton.BackButton: ("wizard-back", "Previous page"),
    QWizard.WizardButton.FinishButton: ("wizard-finish", "Finish"),
}


class FlowWizard(QWizard, Generic[S]):
    """A wizard shown inside the main window (not a separate dialog).

    Esc does nothing here. A QWizard is a QDialog, whose Esc calls ``reject()`` and hides
    it: embedded, that hid the page and its Cancel while its work went on, leaving the user
    nothing to press. The wizard is a part of the window, like a pane of a settings window,
    so Esc is not "close" for it (it still closes a dialog or a drop-down opened over it);
    leaving is "← Home", and stopping a run is its page's Cancel, which asks what to keep.

    Attributes:
        context: the app's connection, ledger and credential store.
        state: what the pages collected so far (the wizard's own dataclass).

    Signals:
        finished_flow(): the last page was accepted.
    """

    finished_flow = Signal()

    def __init__(
        self, context: AppContext, title: str, state: S, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Widget)
        self.setWindowTitle(title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Done")
        self.context = context
        self.state: S = state
        self.accepted.connect(self.finished_flow)
        back = self.button(QWizard.WizardButton.BackButton)
        back.clicked.disconnect()
        back.clicked.connect(self.go_back)
        for which, (name, accessible) in BUTTON_NAMES.items():
            button = self.button(which)
            button.setObjectName(name)
            button.setAccessibleName(accessible)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # see the class docstring: never reject() an embedded wizard
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Nothing: an embedded wizard is never dismissed as a dialog would be (Esc, or a
        close on it); the window's "← Home" leaves it."""

    def add(self, page: WizardPage[S]) -> int:
        """``addPage`` for a page that reads this wizard's state (a page that reads none
        may be added with ``addPage``)."""
        return self.addPage(page)

    def go_back(self) -> QMessageBox | None:
        """Back, unless the page still runs something that Back would leave running unseen
        (a page whose work Back may simply stop says so with ``back_cancels``)."""
        page = self.currentPage()
        running = running_work(self.context.work, page)
        if running and not getattr(page, "back_cancels", False):
            return explain_still_running(self, running, "go back")
        self.back()
        return None

    def page_named(self, name: str) -> QWizardPage:
        for page_id in self.pageIds():
            page = self.page(page_id)
            if page is not None and page.objectName() == name:
                return page
        raise KeyError(name)


class WizardPage(QWizardPage, Generic[S]):
    """A page of a ``FlowWizard[S]``: ``flow`` is its wizard, ``flow.state`` typed ``S``."""

    @property
    def flow(self) -> FlowWizard[S]:
        wizard = self.wizard()
        assert isinstance(wizard, FlowWizard)
        return wizard
