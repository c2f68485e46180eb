"""What the pages of "Sync a folder with S3" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs, FolderSyncResult
from core.paths import AppPaths
from core.sync.plan import SyncPlan

__all__ = ["FolderSyncChoices"]


@dataclass
class FolderSyncChoices:
    """Attributes:
    inputs: the flow's inputs (the choose page).
    plan: the preview (the preview page), kept on disk until the wizard closes.
    leave_out: paths the user unticked on the preview page.
    result: the sync as the progress page ended it.
    """

    inputs: FolderSyncInputs | None = None
    plan: SyncPlan | None = None
    leave_out: frozenset[str] = field(default_factory=frozenset)
    result: FolderSyncResult | None = None

    def flow(self, paths: AppPaths | None = None) -> FolderSyncFlow:
        """The flow of the inputs; with ``paths`` it keeps the sync state there."""
        assert self.inputs is not None, "the choose page comes first"
        return FolderSyncFlow(self.inputs, paths=paths)

    def forget_plan(self) -> None:
        if self.plan is not None:
            self.plan.close()
            self.plan = None
