"""The pages of "Move a virtual machine": the image, the preparation checklist, the import.

Fields of ``wizard.state`` (``VmImportChoices``): the image page writes ``inputs`` and
``report``; the checklist page ``confirmed`` and ``inputs.update_role``; the import page
``result``. Every rule is core's: the image check, the checklist, the flow.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
)

from core.errors import MigrationAssistantError, ValidationError
from core.events import Event, StatusChanged
from core.flows.buckets import bucket_names
from core.flows.context import FlowContext
from core.flows.vm_import import VmImportFlow, VmImportInputs
from core.flows.vm_import_task import VmImportResult
from core.ledger import ResourceKind
from core.transfer import JournalStore
from core.vm_image import PREPARATION, DiskFormat, unconfirmed
from gui.widgets.rows import side_by_side
from gui.wizards.base import FormPage, Operation, ProgressPage
from gui.wizards.vm_import.choices import VmImportChoices

__all__ = ["ChecklistPage", "ImagePage", "ImportProgressPage"]

WIZARD = "vm-import"
AUTO_FORMAT = "Found from the file"
AWS_FIRST_LOOK = 15.0  # seconds before the first look at a task on AWS (it takes minutes)


class ImagePage(FormPage[VmImportChoices]):
    """The exported image (its format found from its bytes), the bucket and the key."""

    def __init__(self) -> None:
        super().__init__(
            "image",
            "Which virtual machine",
            "Choose the VM's exported disk image: an OVA, a VMDK, a VHD or VHDX, or a raw disk. "
            "It is checked here before anything is uploaded.",
        )
        self.path = QLineEdit()
        self.path.setAccessibleName("Disk image file")
        self.path.setPlaceholderText("/exports/web01.ova")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Browse for the disk image")
        browse.clicked.connect(self.browse)
        row = side_by_side(self.path, browse)
        self.format = QComboBox()
        self.format.setAccessibleName("Image format")
        self.format.addItem(AUTO_FORMAT, None)
        for choice in DiskFormat:
            self.format.addItem(choice.value.upper(), choice)
        self.bucket = QComboBox()
        self.bucket.setAccessibleName("Image bucket")
        self.bucket.setEditable(True)
        self.key = QLineEdit()
        self.key.setAccessibleName("Name in S3")
        self.description = QLineEdit()
        self.description.setAccessibleName("AMI description")
        self.add_field("Image file", "file", row)
        self.add_field("Format", "format", self.format, "Raw disks must be chosen as RAW.")
        self.add_field(
            "Bucket",
            "bucket",
            self.bucket,
            "In this connection's region (VM Import reads only there); made if it is new.",
        )
        self.add_field("Name in S3 (key)", "key", self.key, "Defaults to the file's name.")
        self.add_field("Description", "description", self.description)
        self.choices_ready = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()

        def show(names: list[str]) -> None:
            current = self.bucket.currentText()
            self.bucket.clear()
            self.bucket.addItems(names)
            self.bucket.setCurrentText(current)
            self.choices_ready = True

        def failed(error: MigrationAssistantError) -> None:
            self.show_error(error)
            self.choices_ready = True

        self.load_choices("buckets", bucket_names(self.flow.context.door), show, failed)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the VM's disk image")
        if chosen:
            self.path.setText(chosen)

    def collect(self) -> None:
        text = self.path.text().strip()
        if not text:
            raise ValidationError("file", "Choose the VM's disk image.")
        inputs = VmImportInputs(
            Path(text).expanduser(),
            self.bucket.currentText().strip(),
            region=self.flow.context.connection.region,
            key=self.key.text().strip().lstrip("/"),
            format=self.format.currentData(),
            description=self.description.text().strip(),
        )
        flow = VmImportFlow(inputs)
        report = flow.check()  # its refusal keeps the message and the fix apart
        problems = flow.problems()
        if problems:
            field, message = next(iter(problems.items()))
            raise ValidationError(field, message)
        self.flow.state.inputs, self.flow.state.report = inputs, report


class ChecklistPage(FormPage[VmImportChoices]):
    """What AWS asks of the VM before its export, ticked one by one, each with why."""

    def __init__(self) -> None:
        super().__init__(
            "checklist",
            "Is the VM prepared?",
            "VM Import cannot see these in the image. Tick each once it is true of the VM "
            "the image was exported from.",
        )
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.form.insertRow(0, self.found)
        self.boxes: dict[str, QCheckBox] = {}
        for item in PREPARATION:
            box = QCheckBox(item.label)
            box.setAccessibleName(item.label)
            self.boxes[item.key] = box
            self.add_field("", item.key, box, item.why)
        self.update_role = QCheckBox("Allow adding the bucket to an existing vmimport role")
        self.update_role.setAccessibleName("Allow adding the bucket to the vmimport role")
        self.add_field(
            "",
            "update_role",
            self.update_role,
            "Only if the role exists but cannot read this bucket; a missing role is created.",
        )

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        report = self.flow.state.report
        if report is not None:
            self.found.setText(" ".join([report.summary(), *report.notes]))

    def collect(self) -> None:
        ticked = frozenset(key for key, box in self.boxes.items() if box.isChecked())
        missing = unconfirmed(ticked)
        if missing:
            raise ValidationError(missing[0].key, f"Tick this once it is done: {missing[0].why}")
        inputs = self.flow.state.inputs
        assert inputs is not None, "the image page comes first"
        self.flow.state.confirmed = ticked
        self.flow.state.inputs = replace(inputs, update_role=self.update_role.isChecked())


class ImportProgressPage(ProgressPage[VmImportChoices]):
    """The upload, then the import task: its stage in plain words and its percent. Once
    the task exists, "Cancel the import in AWS" asks AWS to stop it (Cancel only stops
    following it)."""

    def __init__(self) -> None:
        super().__init__(
            "import",
            "Importing the virtual machine",
            "Closing the app leaves the import running in AWS; opening this again follows it.",
        )
        self.cancel_import = QPushButton("Cancel the import in AWS")
        self.cancel_import.setAccessibleName("Cancel the import in AWS")
        self.cancel_import.hide()
        self.cancel_import.clicked.connect(self.ask_aws_to_cancel)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.cancel_import)
        self.ctx: FlowContext | None = None
        self.flow_object: VmImportFlow | None = None
        self.task_id = ""

    def operation(self) -> Operation:
        context = self.flow.context
        inputs = self.flow.state.inputs
        assert inputs is not None, "the form pages come first"
        first_look = context.sandbox_pace if context.connection.is_sandbox else AWS_FIRST_LOOK
        flow = VmImportFlow(
            inputs, journals=JournalStore.default(context.paths), first_delay=first_look
        )
        self.flow_object = flow

        async def run(sink: Any) -> VmImportResult:
            self.ctx = context.flow_context(WIZARD, sink)
            return await flow.run(self.ctx)

        return run

    def show_event(self, event: Event) -> None:
        super().show_event(event)
        if self.ctx is not None and isinstance(event, StatusChanged):
            started = [
                entry
                for entry in self.ctx.created
                if entry.kind is ResourceKind.IMPORT_TASK and not entry.pending
            ]
            self.task_id = started[-1].resource_id if started else ""
            self.cancel_import.setVisible(bool(self.task_id) and self.runner.busy)

    def ask_aws_to_cancel(self) -> None:
        if self.ctx is None or self.flow_object is None or not self.task_id:
            return
        self.cancel_import.setEnabled(False)
        self.flow.context.work.start(
            self.flow_object.cancel(self.ctx, self.task_id),
            owner=self,
            name=f"cancel import {self.task_id}",
            on_error=lambda error: self.append_log(f"✖ {error.plain()}"),
        )

    def on_success(self, result: VmImportResult) -> None:
        self.cancel_import.hide()
        self.flow.state.result = result
