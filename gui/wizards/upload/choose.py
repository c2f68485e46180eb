"""Pages 1-2 of "Upload a large file": what to upload where, then how.

Fields of ``wizard.state`` (``UploadChoices``) written here: ``inputs`` (the file, bucket
and key; then the options), ``plan`` (UploadPlan).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
)

from core.errors import MigrationAssistantError, ValidationError
from core.flows.buckets import bucket_names, create_bucket, validate_bucket_name
from core.transfer import (
    ChecksumChoice,
    UploadOptions,
    UploadPlan,
    format_size,
    parse_duration,
    parse_rate,
    parse_size,
)
from core.transfer import plan_upload as make_plan
from core.transfer.control import STORAGE_CLASSES
from gui.widgets.rows import side_by_side
from gui.wizards.base import FormPage
from gui.wizards.upload.choices import UploadChoices

__all__ = ["FilePage", "SettingsPage"]

CHECKSUM_TITLES = {
    ChecksumChoice.CRC64NVME: "CRC64NVME (fastest, whole-object check; the default)",
    ChecksumChoice.CRC32: "CRC32 (whole-object check)",
    ChecksumChoice.SHA256: "SHA-256 (strongest; slower)",
    ChecksumChoice.MD5: "MD5 (Content-MD5)",
    ChecksumChoice.NONE: "None (only the final ETag check)",
}


class FilePage(FormPage[UploadChoices]):
    """The file (Browse, or drop it on the page), the bucket and the key."""

    def __init__(self) -> None:
        super().__init__(
            "file",
            "What to upload, and where",
            "Choose a file (or drop it here), the S3 bucket, and the name it gets there.",
        )
        self.setAcceptDrops(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("/backups/books-dump.sql.gz")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = side_by_side(self.path, browse)
        self.bucket = QComboBox()
        self.bucket.setPlaceholderText("Reading your buckets…")
        self.new_bucket = QPushButton("Create bucket…")
        self.new_bucket.clicked.connect(self.ask_new_bucket)
        bucket_row = side_by_side(self.bucket, self.new_bucket)
        self.key = QLineEdit()
        self.add_field("File", "file", row, "Any size up to 48.8 TiB; it is read, never changed.")
        self.add_field("Bucket", "bucket", bucket_row)
        self.add_field("Name in S3 (key)", "key", self.key, "Defaults to the file's name.")
        self._auto_key = ""
        self.path.textChanged.connect(self._default_key)
        self.choices_ready = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        inputs = self.flow.state.inputs
        if inputs is not None:
            self.path.setText(str(inputs.source))
            self.key.setText(inputs.key)
        self.load_buckets(inputs.bucket if inputs is not None else None)

    def load_buckets(self, select: str | None = None) -> None:
        self.choices_ready = False
        door = self.flow.context.door

        def show(names: list[str]) -> None:
            self.bucket.clear()
            self.bucket.addItems(names)
            self.bucket.setPlaceholderText("No bucket yet: create one" if not names else "")
            if select:
                self.bucket.setCurrentText(select)
            self.choices_ready = True

        def failed(error: MigrationAssistantError) -> None:
            self.show_error(error)
            self.choices_ready = True

        self.load_choices("buckets", bucket_names(door), show, failed)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the file to upload")
        if chosen:
            self.path.setText(chosen)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        local = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if local:
            self.path.setText(local[0])
            event.acceptProposedAction()

    def _default_key(self, text: str) -> None:
        # Follow the file's name until the user types a key of their own.
        name = Path(text.strip()).name
        if name and self.key.text() in ("", self._auto_key):
            self.key.setText(name)
            self._auto_key = name

    def ask_new_bucket(self) -> None:
        name, ok = QInputDialog.getText(self, "Create bucket", "Name of the new bucket:")
        if ok and name.strip():
            self.create_bucket(name.strip())

    def create_bucket(self, name: str) -> None:
        """Create bucket ``name`` (validated first) and record it in the ledger."""
        self.clear_errors()
        try:
            validate_bucket_name(name)
        except ValidationError as error:
            self.show_error(error)
            return
        ctx = self.flow.context.flow_context("upload")
        self.flow.context.work.start(
            create_bucket(ctx, name),
            owner=self,
            name=f"create bucket {name}",
            on_result=self.load_buckets,
            on_error=self.show_error,
        )

    def collect(self) -> None:
        text = self.path.text().strip()
        if not text:
            raise ValidationError("file", "Choose the file to upload.")
        path = Path(text).expanduser()
        if not path.is_file():
            raise ValidationError("file", f"There is no file at {path}.", "Check the path.")
        try:
            with path.open("rb"):
                pass
        except OSError as error:
            raise ValidationError(
                "file", f"The file cannot be read: {error.strerror}.", "Check its permissions."
            ) from error
        bucket = self.bucket.currentText().strip()
        if not bucket:
            raise ValidationError("bucket", "Choose a bucket, or create one.")
        key = self.key.text().strip().lstrip("/")
        if not key:
            raise ValidationError("key", "Enter the name the file gets in S3.")
        self.flow.state.choose_file(path, bucket, key)


class SettingsPage(FormPage[UploadChoices]):
    """Part size, concurrency, checksum and bandwidth, with the automatic values and why."""

    def __init__(self) -> None:
        super().__init__(
            "settings",
            "How to send it",
            "The defaults suit most links; change them only for a reason.",
        )
        self.part_size = QLineEdit()
        self.part_size.setPlaceholderText("automatic")
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 32)
        self.concurrency.setValue(4)
        self.checksum = QComboBox()
        for choice, title in CHECKSUM_TITLES.items():
            self.checksum.addItem(title, choice)
        self.bandwidth = QLineEdit()
        self.bandwidth.setPlaceholderText("unlimited")
        self.retry_for = QLineEdit("15m")
        self.storage_class = QComboBox()
        self.storage_class.addItem("The bucket's default (usually Standard)", "")
        for storage_class, title in STORAGE_CLASSES.items():
            self.storage_class.addItem(title, storage_class)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Without this the form sizes the wrapped label for a narrow width and clips it.
        self.reason.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.add_field(
            "Part size",
            "part_size",
            self.part_size,
            "Empty: automatic. 5MiB to 5GiB, e.g. 64MiB (MiB = 1,048,576 bytes, MB = 1,000,000).",
        )
        self.add_field(
            "Parts at once",
            "concurrency",
            self.concurrency,
            "More parts at once help on fast links; each holds a network connection.",
        )
        self.add_field("Checksum per part", "checksum", self.checksum)
        self.add_field(
            "Bandwidth limit",
            "max_bandwidth",
            self.bandwidth,
            "Empty: as fast as the link allows. E.g. 20MB for 20 megabytes a second.",
        )
        self.add_field(
            "Wait out an outage for",
            "retry_for",
            self.retry_for,
            "While the network is down the upload waits and tries again by itself this long, "
            "e.g. 15m, 2h; then it stops, and running it again resumes it.",
        )
        self.add_field(
            "Storage class",
            "storage_class",
            self.storage_class,
            "Glacier classes are for archives: cheaper to keep, slower and paid to read back.",
        )
        self.form.addRow("Plan", self.reason)
        self.part_size.textChanged.connect(self.explain)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        self.explain()

    def _plan(self) -> UploadPlan:
        inputs = self.flow.state.inputs
        assert inputs is not None, "the file page comes first"
        path = inputs.source
        text = self.part_size.text().strip()
        part_size = parse_size(text, "part_size") if text else None
        return make_plan(path.stat().st_size, part_size)

    def explain(self) -> None:
        try:
            plan = self._plan()
        except ValidationError as error:
            self.reason.setText(error.plain())
            return
        if plan.multipart:
            self.reason.setText(
                f"{format_size(plan.size)} in {plan.part_count:,} parts of "
                f"{format_size(plan.part_size)}. {plan.reason}"
            )
        else:
            self.reason.setText(f"{format_size(plan.size)} in one request. {plan.reason}")

    def collect(self) -> None:
        plan = self._plan()
        rate_text = self.bandwidth.text().strip()
        options = UploadOptions(
            part_size=plan.part_size if self.part_size.text().strip() else None,
            concurrency=self.concurrency.value(),
            checksum=ChecksumChoice(self.checksum.currentData()),
            max_bandwidth=parse_rate(rate_text, "max_bandwidth") if rate_text else None,
            retry_for=parse_duration(self.retry_for.text().strip() or "15m"),
            storage_class=str(self.storage_class.currentData()),
        )
        options.validate()
        state = self.flow.state
        assert state.inputs is not None, "the file page comes first"
        state.plan = plan
        state.inputs = replace(state.inputs, options=options)
