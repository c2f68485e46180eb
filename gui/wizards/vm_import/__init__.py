"""Wizard "Move a virtual machine": a VM's disk image to an AMI with VM Import/Export.

Pages share ``wizard.state``, a ``VmImportChoices`` (``choices.py``). The first page
chooses the way: importing, the image page writes ``inputs`` and ``report``, the checklist
page ``confirmed`` and the role consent, the import page ``result``; exporting (the second
path, ``export_pages.py``), the export page writes ``export`` and its run ``exported``.
Each review renders its flow's plan, each summary its result.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from core.flows.shape import render_plan
from core.flows.vm_export import VmExportFlow
from core.flows.vm_import import VmImportFlow
from core.flows.vm_import_failures import ImportFailure
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.text_pages import ReviewPage, SummaryPage
from gui.wizards.vm_import.choices import VmImportChoices
from gui.wizards.vm_import.export_pages import (
    ChoosePage,
    ExportPage,
    ExportProgressPage,
    LastSummaryPage,
)
from gui.wizards.vm_import.pages import (
    ChecklistPage,
    ImagePage,
    ImportProgressPage,
)

__all__ = ["CARD", "VmImportChoices", "VmImportWizard", "result_rows", "review_commands"]


def _plan_text(wizard: FlowWizard[VmImportChoices], flow: VmImportFlow | VmExportFlow) -> str:
    return "\n".join(render_plan(wizard.context.door, flow.plan()))


def _failure_rows(failure: ImportFailure) -> dict[str, str]:
    return {
        "AWS said": failure.message or "(no message)",
        "Why": failure.cause,
        "What to do": failure.fix,
    }


def review_commands(wizard: FlowWizard[VmImportChoices]) -> str:
    inputs = wizard.state.inputs
    assert inputs is not None, "the form pages come first"
    return _plan_text(wizard, VmImportFlow(inputs))


def result_rows(wizard: FlowWizard[VmImportChoices]) -> Mapping[str, str]:
    result = wizard.state.result
    assert result is not None, "the import page comes first"
    rows = {"Import task": f"{result.import_task_id} ({result.status})"}
    if result.completed:
        rows["AMI"] = result.image_id
        rows["Snapshots"] = ", ".join(result.snapshot_ids)
        rows["Launch an instance from it"] = result.launch
        return rows
    assert result.failure is not None, "an import without an AMI is explained"
    rows.update(_failure_rows(result.failure))
    if result.other_route:
        rows["The other route"] = "\n".join(result.other_route)
    return rows


def export_commands(wizard: FlowWizard[VmImportChoices]) -> str:
    inputs = wizard.state.export
    assert inputs is not None, "the export page comes first"
    return _plan_text(wizard, VmExportFlow(inputs))


def export_rows(wizard: FlowWizard[VmImportChoices]) -> Mapping[str, str]:
    result = wizard.state.exported
    assert result is not None, "the export page comes first"
    rows = {"Export task": f"{result.export_task_id} ({result.status})"}
    if result.completed:
        rows["Disk image"] = f"s3://{result.bucket}/{result.key}"
    elif result.failure is not None:
        rows.update(_failure_rows(result.failure))
    return rows


class VmImportWizard(FlowWizard[VmImportChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Move a virtual machine", VmImportChoices(), parent)
        self.add(ChoosePage())
        self.add(ImagePage())
        self.add(ChecklistPage())
        self.add(ReviewPage("review", "Review the import", review_commands))
        self.add(ImportProgressPage())
        self.add(LastSummaryPage("result", "How the import ended", result_rows))
        self.add(ExportPage())
        self.add(ReviewPage("export-review", "Review the export", export_commands))
        self.add(ExportProgressPage())
        self.add(SummaryPage("export-result", "How the export ended", export_rows))


CARD = FlowCard(
    "vm-import",
    "Move a virtual machine",
    "Lift and shift a VM: its exported disk image (OVA, VMDK, VHD) checked, uploaded and "
    "imported as an AMI you can launch.",
    VmImportWizard,
    order=85,
)
