"""Page "Unfinished uploads": multipart uploads a bucket still holds (billed, and invisible
in a bucket listing), whether this computer's journal knows them or not. Resume, abort, or
add a lifecycle rule that cleans them up after some days."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import MigrationAssistantError
from core.flows.buckets import bucket_names
from core.flows.context import FlowContext
from core.flows.unfinished_uploads import (
    AbortChoice,
    UnfinishedUploadsFlow,
    UnfinishedUploadsInputs,
)
from core.transfer import JournalStore, UnfinishedUpload, adopt_unfinished, format_size
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.upload import CARD as UPLOAD_CARD
from gui.wizards.upload import UploadWizard

__all__ = ["CARD", "UnfinishedUploadsPage"]

_COLUMNS = ("Key", "Started", "Age", "Parts", "Size held", "This computer")


@runtime_checkable
class OpensFlows(Protocol):
    """The main window, as this page needs it: it opens another flow in its place (named by
    what it does, so the page need not import the window that lists the page)."""

    def open_flow(self, card: FlowCard) -> QWidget: ...


def describe_age(seconds: float) -> str:
    """How long ago an upload began, as a person says it (billing grows with it)."""
    minutes = seconds / 60
    if minutes < 1:
        return "just now"
    if minutes < 90:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"


class UnfinishedUploadsPage(QWidget):
    """Attributes:
    uploads: what the table shows, row by row.
    busy: it still reads or changes something in the background.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unfinishedUploadsPage")
        self.context = context
        self.journals = JournalStore.default(context.paths)
        self.uploads: list[UnfinishedUpload] = []
        intro = QLabel(
            "An upload that was stopped keeps its parts in S3, billed as storage but not shown "
            "in the bucket. Resume it, or abort it to delete the parts."
        )
        intro.setWordWrap(True)
        self.bucket = QComboBox()
        bucket_label = QLabel("&Bucket")
        bucket_label.setBuddy(self.bucket)
        self.bucket.setAccessibleName("Bucket")
        self.bucket.setMinimumContentsLength(24)
        refresh = QPushButton("Refresh")
        refresh.setAccessibleName("Refresh the unfinished uploads")
        refresh.clicked.connect(self.refresh)
        self.bucket.currentTextChanged.connect(lambda _: self.refresh())
        top = QHBoxLayout()
        top.addWidget(bucket_label)
        top.addWidget(self.bucket)
        top.addWidget(refresh)
        top.addStretch(1)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setAccessibleName("Unfinished uploads")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._actions())
        layout.addWidget(self.message)
        self.load_buckets()

    def _actions(self) -> QHBoxLayout:
        self.resume_button = QPushButton("Resume…")
        self.resume_button.clicked.connect(self.resume_selected)
        self.abort_button = QPushButton("Abort selected…")
        self.abort_button.clicked.connect(self.ask_abort)
        self.days = QSpinBox()
        self.days.setAccessibleName("Days before the cleanup rule aborts an upload")
        self.days.setRange(1, 365)
        self.days.setValue(7)
        self.days.setSuffix(" days")
        self.rule_button = QPushButton("Add cleanup rule")
        self.rule_button.setToolTip(
            "A lifecycle rule on the bucket: S3 aborts uploads still unfinished after this long."
        )
        self.rule_button.clicked.connect(self.add_rule)
        actions = QHBoxLayout()
        actions.addWidget(self.resume_button)
        actions.addWidget(self.abort_button)
        actions.addStretch(1)
        actions.addWidget(QLabel("Clean up automatically after"))
        actions.addWidget(self.days)
        actions.addWidget(self.rule_button)
        return actions

    def _ctx(self) -> FlowContext:
        return self.context.flow_context(UnfinishedUploadsFlow.key)

    def _flow(self, inputs: UnfinishedUploadsInputs) -> UnfinishedUploadsFlow:
        return UnfinishedUploadsFlow(inputs, journals=self.journals)

    # -- reading -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.context.work.busy(self)

    def load_buckets(self) -> None:
        def show(names: list[str]) -> None:
            self.bucket.clear()
            self.bucket.addItems(names)
            if not names:
                self.say("There is no bucket in this account and region yet.")

        self.context.work.start(
            bucket_names(self.context.door),
            owner=self,
            name="list buckets",
            key="buckets",
            on_result=show,
            on_error=self.show_error,
        )

    def refresh(self) -> None:
        bucket = self.bucket.currentText()
        if not bucket:
            return
        self.context.work.start(
            self._flow(UnfinishedUploadsInputs(bucket)).listing(self._ctx()),
            owner=self,
            name=f"list the unfinished uploads in {bucket}",
            key="uploads",
            on_result=self.show_uploads,
            on_error=self.show_error,
        )

    def show_uploads(self, uploads: list[UnfinishedUpload]) -> None:
        self.uploads = uploads
        self.table.setRowCount(len(uploads))
        for row, upload in enumerate(uploads):
            known = f"yes: {upload.file}" if upload.known else "no: choose the file to resume"
            cells = (
                upload.key,
                upload.initiated.astimezone().strftime("%Y-%m-%d %H:%M"),
                describe_age(upload.age_seconds()),
                str(upload.parts),
                format_size(upload.bytes),
                known,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        held = sum(upload.bytes for upload in uploads)
        self.say(
            f"{len(uploads)} unfinished upload(s) holding {format_size(held)}."
            if uploads
            else "No unfinished uploads in this bucket: nothing hidden is billed."
        )

    def selected(self) -> list[UnfinishedUpload]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.uploads[row] for row in rows if row < len(self.uploads)]

    def say(self, text: str) -> None:
        self.message.setObjectName("")
        self.message.setText(text)

    def show_error(self, error: MigrationAssistantError) -> None:
        self.message.setObjectName("fieldError")
        self.message.setText(error.plain())
        self.message.style().polish(self.message)

    # -- acting --------------------------------------------------------------------------

    def ask_abort(self) -> QMessageBox | None:
        chosen = self.selected()
        if not chosen:
            self.say("Select the uploads to abort first.")
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Abort uploads")
        box.setText(f"Abort {len(chosen)} upload(s) and delete their parts in S3?")
        box.setInformativeText("They cannot be resumed afterwards.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(lambda: self.abort(chosen))
        box.open()
        return box

    def abort(self, chosen: list[UnfinishedUpload]) -> None:
        # The uploads shown are one bucket's, the one they were listed from.
        choices = tuple(AbortChoice.of(upload) for upload in chosen)
        flow = self._flow(UnfinishedUploadsInputs(chosen[0].bucket, abort=choices))
        self.context.work.start(
            flow.run(self._ctx()),
            owner=self,
            name=f"abort {len(chosen)} upload(s)",
            on_result=lambda _: self.refresh(),
            on_error=self.show_error,
        )

    def add_rule(self) -> None:
        bucket, days = self.bucket.currentText(), self.days.value()

        def done(_: object) -> None:
            self.say(f"S3 now aborts uploads in {bucket} left unfinished for {days} days.")

        flow = self._flow(UnfinishedUploadsInputs(bucket, rule_days=days))
        self.context.work.start(
            flow.run(self._ctx()),
            owner=self,
            name=f"add a cleanup rule to {bucket}",
            on_result=done,
            on_error=self.show_error,
        )

    def resume_selected(self) -> None:
        """Resume the selected upload in the upload wizard; an upload this computer does
        not know needs its file, which the user picks."""
        chosen = self.selected()
        if len(chosen) != 1:
            self.say("Select one upload to resume.")
            return
        upload = chosen[0]
        if upload.known and upload.file:
            self._open_wizard(upload, Path(upload.file))
            return
        picked, _ = QFileDialog.getOpenFileName(self, f"The file uploaded as {upload.key}")
        if picked:
            self.resume_from(upload, Path(picked))

    def resume_from(self, upload: UnfinishedUpload, source: Path) -> None:
        """Adopt ``upload`` (unknown to this computer) for ``source``, then resume it."""
        adopted = source

        async def adopt() -> None:
            await adopt_unfinished(self.context.door, self.journals, upload, adopted)

        self.context.work.start(
            adopt(),
            owner=self,
            name=f"adopt the upload of {upload.key}",
            on_result=lambda _: self._open_wizard(upload, adopted),
            on_error=self.show_error,
        )

    def _open_wizard(self, upload: UnfinishedUpload, source: Path) -> None:
        window = self.window()
        if not isinstance(window, OpensFlows):
            return
        wizard = window.open_flow(UPLOAD_CARD)
        if isinstance(wizard, UploadWizard):
            wizard.state.choose_file(source, upload.bucket, upload.key)
            wizard.restart()


CARD = FlowCard(
    UnfinishedUploadsFlow.key,
    "Unfinished uploads",
    "Uploads stopped half-way keep their parts in S3, billed but hidden: resume them, or "
    "delete them.",
    UnfinishedUploadsPage,
    order=85,
)
