"""The teardown dialog offers to delete uploaded VM images only when the ledger has some."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from core.ledger import LedgerEntry, ResourceKind
from gui.pages.teardown_dialog import TeardownDialog


def _entry(kind: ResourceKind, resource_id: str, wizard: str) -> LedgerEntry:
    details = {"bucket": "vm-images", "key": "web01.ova"}
    return LedgerEntry(kind, resource_id, "us-east-1", "sandbox", wizard, details=details)


def test_uploaded_vm_images_go_only_when_ticked(qtbot: QtBot) -> None:
    image = _entry(ResourceKind.S3_OBJECT, "vm-images/web01.ova", "vm-import")
    ami = _entry(ResourceKind.EC2_IMAGE, "ami-0123456789abcdef0", "vm-import")
    dialog = TeardownDialog([image, ami])
    qtbot.addWidget(dialog)
    assert not dialog.include_vm_images.isHidden()
    assert dialog.options().include_vm_images is False
    dialog.include_vm_images.setChecked(True)
    assert dialog.options().include_vm_images is True

    other = TeardownDialog([_entry(ResourceKind.S3_OBJECT, "dumps/a.sql", "upload"), ami])
    qtbot.addWidget(other)
    assert other.include_vm_images.isHidden()
