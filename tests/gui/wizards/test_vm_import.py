"""Wizard "Move a virtual machine" through the real window against the Sandbox."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.wizards.text_pages import ReviewPage, SummaryPage
from gui.wizards.vm_import import VmImportWizard
from gui.wizards.vm_import.export_pages import ChoosePage, ExportPage, ExportProgressPage
from gui.wizards.vm_import.pages import ChecklistPage, ImagePage, ImportProgressPage
from tests.fixtures import vm_images
from tests.fixtures.wizards import leave_page, open_flow


def _image_page(window: MainWindow, qtbot: QtBot, image: Path) -> tuple[VmImportWizard, ImagePage]:
    wizard = open_flow(window, "vm-import", VmImportWizard)
    assert isinstance(wizard.currentPage(), ChoosePage)
    leave_page(wizard, qtbot)  # importing is the first choice
    page = wizard.currentPage()
    assert isinstance(page, ImagePage)
    qtbot.waitUntil(lambda: page.choices_ready, timeout=10_000)
    page.path.setText(str(image))
    page.bucket.setCurrentText("vm-images")
    return wizard, page


def _to_import_page(window: MainWindow, qtbot: QtBot, image: Path) -> ImportProgressPage:
    """Through the image and checklist pages (all ticked) and the review, to the import."""
    wizard, _ = _image_page(window, qtbot, image)
    leave_page(wizard, qtbot)
    checklist = wizard.currentPage()
    assert isinstance(checklist, ChecklistPage)
    for box in checklist.boxes.values():
        box.setChecked(True)
    leave_page(wizard, qtbot)
    leave_page(wizard, qtbot)
    progress = wizard.currentPage()
    assert isinstance(progress, ImportProgressPage)
    return progress


def _export(window: MainWindow, qtbot: QtBot, image_id: str) -> None:
    """And back out: the AMI exported as a disk image, by the card's second path."""
    window.show_home()
    wizard = open_flow(window, "vm-import", VmImportWizard)
    choose = wizard.currentPage()
    assert isinstance(choose, ChoosePage)
    choose.exporting.setChecked(True)
    leave_page(wizard, qtbot)
    export = wizard.currentPage()
    assert isinstance(export, ExportPage)
    qtbot.waitUntil(lambda: export.choices_ready, timeout=10_000)
    assert export.image.currentData() == image_id
    export.bucket.setCurrentText("vm-images")
    export.update_role.setChecked(True)  # the role may only read the bucket so far
    leave_page(wizard, qtbot)
    review = wizard.currentPage()
    assert isinstance(review, ReviewPage)
    assert "aws ec2 export-image" in review.text.toPlainText()
    leave_page(wizard, qtbot)
    running = wizard.currentPage()
    assert isinstance(running, ExportProgressPage)
    qtbot.waitUntil(lambda: running.succeeded or running.last_error is not None, timeout=30_000)
    assert running.last_error is None
    leave_page(wizard, qtbot)
    done = wizard.currentPage()
    assert isinstance(done, SummaryPage)
    assert done.values["Disk image"].text().startswith("s3://vm-images/exports/export-ami-")


def test_an_ova_becomes_an_ami_once_checked_and_the_checklist_ticked(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    wizard, page = _image_page(window, qtbot, vm_images.truncated_vhd(tmp_path / "web01.vhd"))
    calls = len(window.context.door.records)
    wizard.next()  # refused next to the field, before any call
    assert wizard.currentPage() is page
    assert "cut short" in page.visible_errors()["file"]
    assert "Copy the file again" in page.visible_errors()["file"]
    assert window.context.door.records[calls:] == []

    page.path.setText(str(vm_images.ova(tmp_path / "web01.ova", cd_drive=True)))
    leave_page(wizard, qtbot)
    checklist = wizard.currentPage()
    assert isinstance(checklist, ChecklistPage)
    assert "an OVA with 1 disk(s)" in checklist.found.text()
    assert "CD/DVD drive" in checklist.found.text()

    wizard.next()  # nothing ticked yet
    assert wizard.currentPage() is checklist
    assert "shut down" not in checklist.visible_errors()["shut-down"]  # the why, not the label
    assert "half-written files" in checklist.visible_errors()["shut-down"]

    for box in checklist.boxes.values():
        box.setChecked(True)
    leave_page(wizard, qtbot)
    review = wizard.currentPage()
    assert isinstance(review, ReviewPage)
    text = review.text.toPlainText()
    assert "aws iam create-role --role-name vmimport" in text
    assert "aws ec2 import-image" in text
    leave_page(wizard, qtbot)
    progress = wizard.currentPage()
    assert isinstance(progress, ImportProgressPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=30_000)
    assert progress.last_error is None
    assert "validating" in progress.log.toPlainText()

    leave_page(wizard, qtbot)
    summary = wizard.currentPage()
    assert isinstance(summary, SummaryPage)
    image_id = summary.values["AMI"].text()
    assert image_id.startswith("ami-")
    assert summary.values["Launch an instance from it"].text().startswith("aws ec2 run-instances")
    kinds = {entry.kind for entry in window.context.ledger.entries("sandbox")}
    assert {ResourceKind.EC2_IMAGE, ResourceKind.EBS_SNAPSHOT, ResourceKind.IMPORT_TASK} <= kinds
    assert wizard.button(wizard.WizardButton.FinishButton).isVisible()  # the import path ends

    _export(window, qtbot, image_id)


def test_a_failed_import_shows_its_cause_and_fix(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    sandbox = window.context.sandbox
    assert sandbox is not None
    sandbox.fail_imports("ClientError: Unable to determine kernel version")
    progress = _to_import_page(
        window, qtbot, vm_images.stream_optimized_vmdk(tmp_path / "web01.vmdk")
    )
    wizard = progress.flow
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=30_000)

    leave_page(wizard, qtbot)
    summary = wizard.currentPage()
    assert isinstance(summary, SummaryPage)
    assert "could not find a kernel" in summary.values["Why"].text()
    assert "aws ec2 import-snapshot" in summary.values["The other route"].text()

    sandbox.fail_imports("")
    sandbox.set_pace(0.2)  # slow enough to press the button while it converts
    try:
        window.show_home()
        again = _to_import_page(window, qtbot, tmp_path / "web01.vmdk")
        qtbot.waitUntil(again.cancel_import.isVisible, timeout=30_000)
        again.cancel_import.click()
        qtbot.waitUntil(lambda: again.succeeded or again.last_error is not None, timeout=30_000)
    finally:
        sandbox.set_pace(0)
    assert again.flow.state.result is not None
    assert again.flow.state.result.status == "deleted"
    assert again.flow.state.result.failure is not None
    assert again.flow.state.result.failure.cause == "The import was cancelled."
