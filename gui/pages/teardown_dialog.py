"""The confirmation before deleting everything: what goes, and the two choices that matter
(a final snapshot of each database; the shared IAM roles)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.flows.teardown import TeardownOptions
from core.flows.teardown_calls import VM_IMPORT_WIZARD
from core.ledger import LedgerEntry, ResourceKind, in_teardown_order
from gui.widgets.resource_titles import entry_label

__all__ = ["TeardownDialog"]


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldHint")
    label.setWordWrap(True)
    label.setContentsMargins(22, 0, 0, 4)
    return label


class TeardownDialog(QDialog):
    """Asks before deleting; ``options()`` gives the user's choices once accepted.

    Attributes:
        final_snapshot: keep a snapshot of each RDS database (shown only when there is one).
        include_iam_roles: delete the DMS IAM roles too (shown only when the app made them).
        include_vm_images: delete the disk images uploaded for VM imports (shown only then).
        delete_button: the button that confirms.
    """

    def __init__(self, entries: list[LedgerEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teardownDialog")
        self.setWindowTitle("Delete everything the app created?")
        self.setModal(True)
        self.resize(560, 420)
        ordered = in_teardown_order(entries)
        kinds = {entry.kind for entry in ordered}
        intro = QLabel(
            f"<b>{len(ordered)} resource(s) will be deleted from AWS, in this order.</b> "
            "Data in the database and the migration settings are lost unless you keep a "
            "snapshot. This cannot be undone."
        )
        intro.setWordWrap(True)
        listing = QPlainTextEdit("\n".join(entry_label(entry) for entry in ordered))
        listing.setReadOnly(True)
        self.final_snapshot = QCheckBox("Keep a final snapshot of each database")
        snapshot_hint = _hint(
            "You can restore the data from it later; it is billed as backup storage until "
            "you delete it."
        )
        for widget in (self.final_snapshot, snapshot_hint):
            widget.setVisible(ResourceKind.RDS_INSTANCE in kinds)
        self.include_iam_roles = QCheckBox("Also delete the IAM roles DMS uses")
        roles_hint = _hint(
            "dms-vpc-role and dms-cloudwatch-logs-role. Leave this off if other DMS work in "
            "the account still needs them."
        )
        for widget in (self.include_iam_roles, roles_hint):
            widget.setVisible(ResourceKind.IAM_ROLE in kinds)
        self.include_vm_images = QCheckBox("Also delete the uploaded VM disk images")
        images_hint = _hint(
            "The images uploaded for VM imports are your data; the AMIs made from them do "
            "not need them any more."
        )
        for widget in (self.include_vm_images, images_hint):
            widget.setVisible(
                any(
                    entry.kind is ResourceKind.S3_OBJECT and entry.wizard == VM_IMPORT_WIZARD
                    for entry in ordered
                )
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = buttons.addButton(
            "Delete them", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.delete_button.setObjectName("primaryButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(listing, 1)
        layout.addWidget(self.final_snapshot)
        layout.addWidget(snapshot_hint)
        layout.addWidget(self.include_iam_roles)
        layout.addWidget(roles_hint)
        layout.addWidget(self.include_vm_images)
        layout.addWidget(images_hint)
        layout.addWidget(buttons)

    def options(self) -> TeardownOptions:
        return TeardownOptions(
            include_iam_roles=self.include_iam_roles.isChecked(),
            final_snapshot=self.final_snapshot.isChecked(),
            include_vm_images=self.include_vm_images.isChecked(),
        )
