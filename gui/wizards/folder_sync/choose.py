"""Page 1 of "Sync a folder with S3": which way, the folder, the bucket and prefix (listed),
and the options. Writes ``inputs`` of ``wizard.state`` (``FolderSyncChoices``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from core.errors import MigrationAssistantError, ValidationError
from core.flows.buckets import bucket_names
from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs
from core.sync.items import CompareMode, Direction
from core.sync.rules import FilterRule
from core.transfer.planner import parse_duration
from gui.wizards.base import FormPage
from gui.wizards.folder_sync.choices import FolderSyncChoices

__all__ = ["ChoosePage", "parse_rules"]

DIRECTIONS = {
    Direction.UP: "Folder → S3 (make S3 match the folder)",
    Direction.DOWN: "S3 → folder (make the folder match S3)",
}
COMPARES = {
    CompareMode.SIZE_MTIME: "Size and modification time (fast; the default)",
    CompareMode.CHECKSUM: "Contents (checksums: finds changes that kept size and time)",
}


def parse_rules(text: str) -> tuple[FilterRule, ...]:
    """One rule a line, as in .gitignore: ``*.tmp`` leaves out, ``!keep.tmp`` brings back."""
    rules = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        rules.append(FilterRule(line[1:] if include else line, include=include))
    return tuple(rules)


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name)
    return widget


class ChoosePage(FormPage[FolderSyncChoices]):
    def __init__(self) -> None:
        super().__init__(
            "choose",
            "What to sync, which way",
            "Nothing is changed until you have seen the preview of every file's action.",
        )
        self.direction = QComboBox()
        for direction, title in DIRECTIONS.items():
            self.direction.addItem(title, direction)
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("/srv/www/site")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Browse for the folder")
        browse.clicked.connect(self.browse)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder, 1)
        line.addWidget(browse)
        self.bucket = QComboBox()
        self.bucket.setPlaceholderText("Reading your buckets…")
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("empty: the whole bucket")
        self.compare = QComboBox()
        for mode, title in COMPARES.items():
            self.compare.addItem(title, mode)
        self.rules = QPlainTextEdit()
        self.rules.setPlaceholderText("*.tmp\ncache/\n!keep.tmp")
        self.rules.setMaximumHeight(80)
        self.delete = QCheckBox("Also delete what only the destination has (you confirm each)")
        self.follow = QCheckBox("Follow symbolic links (default: skip them, with a note)")
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 32)
        self.concurrency.setValue(8)
        self.retry_for = QLineEdit("15m")
        for widget, name in (
            (self.direction, "Direction"),
            (self.folder, "Folder"),
            (self.bucket, "Bucket"),
            (self.prefix, "Prefix in the bucket"),
            (self.compare, "Compare by"),
            (self.rules, "Exclude and include rules"),
            (self.delete, "Delete what only the destination has"),
            (self.follow, "Follow symbolic links"),
            (self.concurrency, "Files at once"),
            (self.retry_for, "Wait out an outage for"),
        ):
            _named(widget, name)
        self.add_field("Direction", "direction", self.direction)
        self.add_field("Folder", "folder", row)
        self.add_field("Bucket", "bucket", self.bucket)
        self.add_field("Prefix", "prefix", self.prefix, "A folder in the bucket, e.g. site/2024.")
        self.add_field("Compare by", "compare", self.compare)
        self.add_field(
            "Rules",
            "rules",
            self.rules,
            "One a line, as in .gitignore: *.tmp leaves out, !keep.tmp brings back; the last "
            "matching line decides, and a folder left out is not read at all.",
        )
        self.add_field("Deletes", "delete", self.delete)
        self.add_field("Symbolic links", "follow_symlinks", self.follow)
        self.add_field("Files at once", "concurrency", self.concurrency)
        self.add_field(
            "Wait out an outage for",
            "retry_for",
            self.retry_for,
            "While the network is down each file waits and is tried again by itself this "
            "long, e.g. 15m, 2h; then it fails, and syncing again carries on from there.",
        )
        self.choices_ready = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        self.flow.state.forget_plan()
        self.choices_ready = False

        def show(names: list[str]) -> None:
            chosen = self.bucket.currentText()
            self.bucket.clear()
            self.bucket.addItems(names)
            self.bucket.setPlaceholderText("No bucket yet" if not names else "")
            if chosen:
                self.bucket.setCurrentText(chosen)
            self.choices_ready = True

        def failed(error: MigrationAssistantError) -> None:
            self.show_error(error)
            self.choices_ready = True

        self.load_choices("buckets", bucket_names(self.flow.context.door), show, failed)

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose the folder to sync")
        if chosen:
            self.folder.setText(chosen)

    def collect(self) -> None:
        text = self.folder.text().strip()
        if not text:
            raise ValidationError("folder", "Choose the folder to sync.")
        bucket = self.bucket.currentText().strip()
        if not bucket:
            raise ValidationError("bucket", "Choose a bucket.")
        inputs = FolderSyncInputs(
            folder=Path(text).expanduser(),
            bucket=bucket,
            prefix=self.prefix.text().strip(),
            direction=Direction(self.direction.currentData()),
            compare=CompareMode(self.compare.currentData()),
            delete=self.delete.isChecked(),
            rules=parse_rules(self.rules.toPlainText()),
            follow_symlinks=self.follow.isChecked(),
            concurrency=self.concurrency.value(),
            retry_for=parse_duration(self.retry_for.text().strip() or "15m"),
        )
        problems = FolderSyncFlow(inputs).problems()
        if problems:
            field, message = next(iter(problems.items()))
            for other, text in list(problems.items())[1:]:
                self.show_error(ValidationError(other, text))
            raise ValidationError(field, message)
        self.flow.state.inputs = inputs
