"""Wizard "Sync a folder with S3": either way, with a preview of every path first.

Pages share ``wizard.state``, a ``FolderSyncChoices`` (``choices.py``): ``inputs`` (the
choose page), ``plan`` and ``leave_out`` (the preview page), ``result`` (the progress page).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from core.flows.shape import render_plan
from core.transfer import format_size
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.folder_sync.choices import FolderSyncChoices
from gui.wizards.folder_sync.choose import ChoosePage
from gui.wizards.folder_sync.preview import PreviewPage
from gui.wizards.folder_sync.progress import SyncProgressPage
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = ["CARD", "FolderSyncWizard"]


def review_commands(wizard: FlowWizard[FolderSyncChoices]) -> str:
    """The kinds of call the sync makes on the bucket, one placeholder for each path."""
    lines = render_plan(wizard.context.door, wizard.state.flow().plan())
    return "\n\n".join(lines) or "# A download changes only the folder: no call changes S3."


def result_rows(wizard: FlowWizard[FolderSyncChoices]) -> Mapping[str, str]:
    result = wizard.state.result
    assert result is not None, "the sync page comes first"
    rows = {
        "Uploaded": f"{result.uploaded:,}",
        "Downloaded": f"{result.downloaded:,}",
        "Deleted": f"{result.deleted:,}",
        "Unchanged or skipped": f"{result.skipped:,}",
        "Moved": format_size(result.bytes),
        "Failed": f"{result.failed:,}" if result.failed else "none",
        "Versioning": result.versioning or "never enabled",
    }
    for number, failure in enumerate(result.failures[:20], start=1):
        rows[f"Failure {number}"] = f"{failure.item.rel}: {failure.error or failure.item.detail}"
    return rows


class FolderSyncWizard(FlowWizard[FolderSyncChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Sync a folder with S3", FolderSyncChoices(), parent)
        self.add(ChoosePage())
        self.add(PreviewPage())
        self.add(ReviewPage("review", "The calls it makes", review_commands))
        self.add(SyncProgressPage())
        self.add(SummaryPage("result", "Synced", result_rows))


CARD = FlowCard(
    "folder-sync",
    "Sync a folder with S3",
    "Make a bucket folder match a local folder, or the other way round: a preview of every "
    "file first, verified copies, times kept, deletes only when you confirm them.",
    FolderSyncWizard,
    order=85,
)
