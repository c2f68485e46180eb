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

from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard, QWizardPage

from gui.context import AppContext
from gui.leave_guard import explain_still_running, running_work
from gui.widgets.keyring_question import ask_where_to_keep_secrets

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

    A wizard that ``keeps_secrets`` (saves or reads database passwords) asks, when it opens
    on a real account with no usable keyring, before anything can be created: keep secrets
    in memory until the app closes, or go Home (``leave_requested``).

    Attributes:
        context: the app's connection, ledger and credential store.
        state: what the pages collected so far (the wizard's own dataclass).
        keyring_question: that question while it is open.

    Signals:
        finished_flow(): the last page was accepted.
        leave_requested(): the wizard cannot go on; the window shows Home.
    """

    finished_flow = Signal()
    leave_requested = Signal()
    keeps_secrets: ClassVar[bool] = False

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
        self.keyring_question: QMessageBox | None = None
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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        store = self.context.store
        if self.keeps_secrets and self.keyring_question is None and store.needs_choice():
            problem = store.problem()
            assert problem is not None, "needs_choice() means the keyring has a problem"
            box, memory = ask_where_to_keep_secrets(self, problem, "Go Home")
            box.finished.connect(lambda _: self._secrets_answered(box.clickedButton() is memory))
            self.keyring_question = box

    def _secrets_answered(self, in_memory: bool) -> None:
        self.keyring_question = None
        if in_memory:
            self.context.store.keep_in_memory()
        else:
            self.leave_requested.emit()

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
