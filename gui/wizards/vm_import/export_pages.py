"""The way in, or the way back: the first page's choice, and the pages of an export.

``ChoosePage`` writes ``exporting`` and sends Next to the image page or the export page;
``ExportPage`` writes ``export`` (the AMI from the account's own, the bucket, prefix and
format); ``ExportProgressPage`` writes ``exported``. The import's summary ends the import's
path (``LastSummaryPage``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QRadioButton, QVBoxLayout

from core.errors import MigrationAssistantError, ValidationError
from core.flows.buckets import bucket_names
from core.flows.vm_export import (
    EXPORT_FORMATS,
    ImageChoice,
    VmExportFlow,
    VmExportInputs,
    VmExportResult,
    own_images,
)
from gui.wizards.base import FlowWizard, FormPage, Operation, ProgressPage, WizardPage
from gui.wizards.text_pages import SummaryPage
from gui.wizards.vm_import.choices import VmImportChoices

__all__ = ["ChoosePage", "ExportPage", "ExportProgressPage", "LastSummaryPage", "page_id"]

WIZARD = "vm-import"


def page_id(wizard: FlowWizard[Any], name: str) -> int:
    return next(number for number in wizard.pageIds() if wizard.page(number).objectName() == name)


class ChoosePage(WizardPage[VmImportChoices]):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("choose")
        self.setTitle("Move a virtual machine")
        self.setSubTitle("Into AWS as an AMI, or an AMI back out as a disk image.")
        self.importing = QRadioButton("Import a VM's exported disk image (OVA, VMDK, VHD, raw)")
        self.importing.setAccessibleName("Import a virtual machine")
        self.importing.setChecked(True)
        self.exporting = QRadioButton("Export an AMI of this account to S3 as a disk image")
        self.exporting.setAccessibleName("Export an AMI")
        hint = QLabel(
            "Importing checks the image here, uploads it and runs VM Import; exporting runs "
            "VM Export into a bucket of yours. Both use the IAM role vmimport."
        )
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.importing, self.exporting, hint):
            layout.addWidget(widget)
        layout.addStretch(1)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        self.flow.state.exporting = self.exporting.isChecked()
        return True

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return page_id(self.flow, "export" if self.exporting.isChecked() else "image")


class LastSummaryPage(SummaryPage[VmImportChoices]):
    """A summary that ends its path (the export's pages come after it in the wizard)."""

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1


class ExportPage(FormPage[VmImportChoices]):
    def __init__(self) -> None:
        super().__init__(
            "export", "Which AMI, and where", "VM Export writes the AMI's disk into the bucket."
        )
        self.image = QComboBox()
        self.image.setAccessibleName("AMI to export")
        self.bucket = QComboBox()
        self.bucket.setAccessibleName("Export bucket")
        self.bucket.setEditable(True)
        self.prefix = QLineEdit("exports/")
        self.prefix.setAccessibleName("Prefix in the bucket")
        self.format = QComboBox()
        self.format.setAccessibleName("Disk format")
        self.format.addItems(list(EXPORT_FORMATS))
        self.update_role = QCheckBox("Allow the vmimport role to write to this bucket")
        self.update_role.setAccessibleName("Allow the vmimport role to write to the bucket")
        self.add_field("AMI", "image_id", self.image)
        self.add_field("Bucket", "bucket", self.bucket, "In this connection's region.")
        self.add_field("Prefix", "prefix", self.prefix, "The file is PREFIX<task id>.<format>.")
        self.add_field("Format", "disk_format", self.format)
        self.add_field(
            "", "update_role", self.update_role, "Only if the role exists but cannot write there."
        )
        self.choices_ready = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        door = self.flow.context.door

        def show_images(images: list[ImageChoice]) -> None:
            self.image.clear()
            for image in images:
                self.image.addItem(image.label, image.image_id)
            self.choices_ready = True

        def show_buckets(names: list[str]) -> None:
            current = self.bucket.currentText()
            self.bucket.clear()
            self.bucket.addItems(names)
            self.bucket.setCurrentText(current)

        def failed(error: MigrationAssistantError) -> None:
            self.show_error(error)
            self.choices_ready = True

        self.load_choices("images", own_images(door), show_images, failed)
        self.load_choices("buckets", bucket_names(door), show_buckets)

    def collect(self) -> None:
        image_id = self.image.currentData()
        if not image_id:
            raise ValidationError("image_id", "Choose the AMI to export.")
        inputs = VmExportInputs(
            str(image_id),
            self.bucket.currentText().strip(),
            prefix=self.prefix.text().strip(),
            disk_format=self.format.currentText(),
            update_role=self.update_role.isChecked(),
            region=self.flow.context.connection.region,
        )
        problems = VmExportFlow(inputs).problems()
        if problems:
            field, message = next(iter(problems.items()))
            raise ValidationError(field, message)
        self.flow.state.export = inputs


class ExportProgressPage(ProgressPage[VmImportChoices]):
    def __init__(self) -> None:
        super().__init__("export-run", "Exporting the AMI")

    def operation(self) -> Operation:
        context = self.flow.context
        inputs = self.flow.state.export
        assert inputs is not None, "the export page comes first"
        first_look = context.sandbox_pace if context.connection.is_sandbox else 15.0

        async def run(sink: Any) -> VmExportResult:
            flow = VmExportFlow(inputs, first_delay=first_look)
            return await flow.run(context.flow_context(WIZARD, sink))

        return run

    def on_success(self, result: VmExportResult) -> None:
        self.flow.state.exported = result
