"""What the pages of "Move a virtual machine" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.flows.vm_export import VmExportInputs, VmExportResult
from core.flows.vm_import import VmImportInputs
from core.flows.vm_import_task import VmImportResult
from core.vm_image import ImageReport

__all__ = ["VmImportChoices"]


@dataclass
class VmImportChoices:
    """Attributes:
    inputs: the flow's inputs: the image page writes the file, format, bucket, key and
        description; the checklist page ``update_role``.
    report: the image as its check found it (image page).
    confirmed: the preparation items ticked (checklist page).
    result: how the import ended (import page).
    exporting: the first page's choice: export an AMI rather than import a VM.
    export: the export's inputs (export page); exported: how it ended.
    """

    inputs: VmImportInputs | None = None
    report: ImageReport | None = None
    confirmed: frozenset[str] = field(default_factory=frozenset)
    result: VmImportResult | None = None
    exporting: bool = False
    export: VmExportInputs | None = None
    exported: VmExportResult | None = None
