"""Wizard "Move a virtual machine": a VM's disk image to an AMI with VM Import/Export.

Pages share ``wizard.state``, a ``VmImportChoices`` (``choices.py``): the image page writes
``inputs`` and ``report``, the checklist page ``confirmed`` and the role consent, the import
page ``result``; the review renders the flow's plan and the summary the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from core.flows.shape import render_plan
from core.flows.vm_import import VmImportFlow
from gui.context import AppContext
from gui.flows import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.text_pages import ReviewPage, SummaryPage
from gui.wizards.vm_import.choices import VmImportChoices
from gui.wizards.vm_import.pages import (
    ChecklistPage,
    ImagePage,
    ImportProgressPage,
)

__all__ = ["CARD", "VmImportChoices", "VmImportWizard", "result_rows", "review_commands"]


def review_commands(wizard: FlowWizard[VmImportChoices]) -> str:
    inputs = wizard.state.inputs
    assert inputs is not None, "the form pages come first"
    return "\n".join(render_plan(wizard.context.door, VmImportFlow(inputs).plan()))


def result_rows(wizard: FlowWizard[VmImportChoices]) -> Mapping[str, str]:
    result = wizard.state.result
    assert result is not None, "the import page comes first"
    rows = {"Import task": f"{result.import_task_id} ({result.status})"}
    if result.completed:
        rows["AMI"] = result.image_id
        rows["Snapshots"] = ", ".join(result.snapshot_ids)
        rows["Launch an instance from it"] = result.launch
        return rows
    failure = result.failure
    assert failure is not None, "an import without an AMI is explained"
    rows["AWS said"] = failure.message or "(no message)"
    rows["Why"] = failure.cause
    rows["What to do"] = failure.fix
    if result.other_route:
        rows["The other route"] = "\n".join(result.other_route)
    return rows


class VmImportWizard(FlowWizard[VmImportChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Move a virtual machine", VmImportChoices(), parent)
        self.add(ImagePage())
        self.add(ChecklistPage())
        self.add(ReviewPage("review", "Review the import", review_commands))
        self.add(ImportProgressPage())
        self.add(SummaryPage("result", "How the import ended", result_rows))


CARD = FlowCard(
    "vm-import",
    "Move a virtual machine",
    "Lift and shift a VM: its exported disk image (OVA, VMDK, VHD) checked, uploaded and "
    "imported as an AMI you can launch.",
    VmImportWizard,
    order=85,
)
