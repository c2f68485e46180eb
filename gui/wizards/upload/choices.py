"""What the pages of "Upload a large file" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from core.flows.upload import UploadInputs
from core.transfer import UploadPlan, UploadResult

__all__ = ["UploadChoices"]


@dataclass
class UploadChoices:
    """Attributes:
    inputs: the flow's inputs (``UploadFlow``): the file page writes the file, bucket and
        key (``choose_file``), the settings page the options. Chosen before the wizard
        opens, the file, bucket and key prefill the file page (the Unfinished uploads page
        does, to resume).
    plan: how the file is cut into parts (settings page).
    result: the upload as the progress page ended it.
    """

    inputs: UploadInputs | None = None
    plan: UploadPlan | None = None
    result: UploadResult | None = None

    def choose_file(self, source: Path, bucket: str, key: str) -> None:
        """The file and where it goes, keeping the options chosen already."""
        if self.inputs is None:
            self.inputs = UploadInputs(source, bucket, key)
        else:
            self.inputs = replace(self.inputs, source=source, bucket=bucket, key=key)
