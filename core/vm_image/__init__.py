"""A VM's disk image checked on this computer before anything is uploaded (no AWS, no Qt).

``check_image(path, declared)`` finds the format from the file's own bytes (OVA, VMDK,
VHD, VHDX; raw only when the user says so), checks what VM Import would refuse after the
upload, and returns an ``ImageReport``; ``ImageRefused`` says in one sentence why not.
``PREPARATION`` is the checklist of what to do to the VM that no byte can show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.vm_image.checklist import PREPARATION, PreparationItem, unconfirmed
from core.vm_image.formats import (
    DiskFormat,
    DiskImage,
    ImageRefused,
    Refusal,
    detect_disk,
)
from core.vm_image.ova import MAX_VOLUMES, is_tar, read_appliance

__all__ = [
    "MAX_VOLUMES",
    "PREPARATION",
    "DiskFormat",
    "DiskImage",
    "ImageRefused",
    "ImageReport",
    "PreparationItem",
    "Refusal",
    "check_image",
    "check_stream",
    "unconfirmed",
]


@dataclass(frozen=True)
class ImageReport:
    """What the file is: its format for import-image, its size, its disks (one, or each
    of an OVA's), and warnings that do not stop the import."""

    name: str
    format: DiskFormat
    size: int
    disks: tuple[DiskImage, ...]
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        if self.format is DiskFormat.OVA:
            inner = ", ".join(f"{disk.name} ({disk.described})" for disk in self.disks)
            return f"{self.name}: an OVA with {len(self.disks)} disk(s): {inner}."
        return f"{self.name}: a {self.disks[0].described} disk image."


def check_stream(
    stream: BinaryIO, size: int, name: str, declared: DiskFormat | None = None
) -> ImageReport:
    """``check_image`` over an open stream of ``size`` bytes (the Sandbox checks objects
    with it too)."""
    if is_tar(stream):
        if declared not in (None, DiskFormat.OVA):
            raise ImageRefused(
                f"{name} is an OVA (a tar archive), not {str(declared).upper()} as chosen.",
                "Choose the format ova (or let it be found from the file).",
                reason=Refusal.WRONG_FORMAT,
            )
        appliance = read_appliance(stream, name)
        return ImageReport(name, DiskFormat.OVA, size, appliance.disks, appliance.notes)
    if declared is DiskFormat.OVA:
        raise ImageRefused(
            f"{name} is not an OVA: it is no tar archive.",
            "Choose the format of the disk itself, or let it be found from the file.",
            reason=Refusal.WRONG_FORMAT,
        )
    disk = detect_disk(stream, size, name, declared)
    return ImageReport(name, disk.format, size, (disk,))


def check_image(path: Path, declared: DiskFormat | None = None) -> ImageReport:
    """Check the image at ``path``; ImageRefused (a ValidationError of the ``file`` field)
    with the reason and the fix when VM Import would refuse it."""
    if not path.is_file():
        raise ImageRefused(f"There is no file at {path}.", "Check the path.")
    try:
        with path.open("rb") as stream:
            return check_stream(stream, path.stat().st_size, path.name, declared)
    except OSError as error:
        raise ImageRefused(
            f"{path.name} cannot be read: {error.strerror}.", "Check its permissions."
        ) from error
