"""An OVA: a tar holding an .ovf descriptor and the disks it names, each checked inside.

The .ovf's References list the files; its DiskSection says which are disks. Each disk is
checked where it lies in the tar (no unpacking): VM Import refuses an appliance whose disk
is not stream-optimized only after the whole upload, so it is found here first.
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree import ElementTree

from core.vm_image.formats import DiskFormat, DiskImage, ImageRefused, detect_disk, read_at

__all__ = ["MAX_VOLUMES", "Appliance", "is_tar", "read_appliance"]

MAX_VOLUMES = 21  # VM Import's limit on volumes per image
_CD_DRIVES = {"15", "16"}  # CIM ResourceType of a CD and a DVD drive


@dataclass(frozen=True)
class Appliance:
    """What an OVA holds: its descriptor's name, its disks, and notes (warnings) found."""

    descriptor: str
    disks: tuple[DiskImage, ...]
    notes: tuple[str, ...] = ()


def is_tar(stream: BinaryIO) -> bool:
    """A POSIX tar (as OVF requires): the 'ustar' magic of its first header."""
    return read_at(stream, 257, 5) == b"ustar"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ElementTree.Element, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return ""


@dataclass(frozen=True)
class _Descriptor:
    files: dict[str, str]  # ovf:id -> href
    disk_files: tuple[str, ...]  # hrefs of the files DiskSection names
    cd_drives: int


def _parse_descriptor(text: bytes, name: str) -> _Descriptor:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise ImageRefused(
            f"The OVA's descriptor {name} is not valid XML ({error}).",
            "Export the appliance again.",
        ) from error
    files: dict[str, str] = {}
    disk_refs: list[str] = []
    cd_drives = 0
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "File":
            files[_attribute(element, "id")] = _attribute(element, "href")
        elif tag == "Disk":
            disk_refs.append(_attribute(element, "fileRef"))
        elif tag == "ResourceType" and (element.text or "").strip() in _CD_DRIVES:
            cd_drives += 1
    disk_files = tuple(files[ref] for ref in disk_refs if ref in files)
    return _Descriptor(files, disk_files, cd_drives)


def _disk_in(archive: tarfile.TarFile, member: tarfile.TarInfo) -> DiskImage:
    stream = archive.extractfile(member)
    if stream is None:
        raise ImageRefused(f"{member.name} in the OVA is not a regular file.")
    with stream:
        image = detect_disk(stream, member.size, member.name)  # type: ignore[arg-type]
    if image.format is DiskFormat.RAW:  # pragma: no cover - detect_disk finds raw only if told
        raise ImageRefused(f"{member.name} in the OVA is not a disk image.")
    return image


def read_appliance(stream: BinaryIO, name: str) -> Appliance:
    """Check the OVA ``stream``: one .ovf, every disk it names present and importable, at
    most 21 of them. ImageRefused otherwise."""
    stream.seek(0)
    try:
        with tarfile.open(fileobj=stream, mode="r:") as archive:
            return _appliance(archive, name)
    except (tarfile.TarError, EOFError) as error:
        raise ImageRefused(
            f"{name} is damaged or cut short: its tar archive cannot be read ({error}).",
            "Copy or export the appliance again.",
        ) from error


def _appliance(archive: tarfile.TarFile, name: str) -> Appliance:
    members = {member.name: member for member in archive.getmembers()}
    descriptors = [member for member in members if member.lower().endswith(".ovf")]
    if not descriptors:
        raise ImageRefused(
            f"{name} is a tar archive without an .ovf descriptor, so it is no OVA.",
            "Export the VM as an OVA again, or choose its disk file.",
        )
    ovf = members[descriptors[0]]
    extracted = archive.extractfile(ovf)
    if extracted is None:
        raise ImageRefused(f"The OVA's descriptor {ovf.name} is not a regular file.")
    with extracted:
        descriptor = _parse_descriptor(extracted.read(), ovf.name)
    if not descriptor.disk_files:
        raise ImageRefused(f"The OVA's descriptor {ovf.name} names no disk.")
    if len(descriptor.disk_files) > MAX_VOLUMES:
        raise ImageRefused(
            f"{name} has {len(descriptor.disk_files)} disks; VM Import takes at most "
            f"{MAX_VOLUMES} volumes.",
            "Detach the disks the VM does not need to boot and export it again.",
        )
    missing = [href for href in descriptor.disk_files if href not in members]
    if missing:
        raise ImageRefused(
            f"The OVA's descriptor names the disk {missing[0]}, but {name} does not hold it.",
            "Export the appliance again as one OVA file (not an OVF with separate disks).",
        )
    disks = tuple(_disk_in(archive, members[href]) for href in descriptor.disk_files)
    notes: list[str] = []
    isos = [href for href in descriptor.files.values() if href.lower().endswith(".iso")]
    if isos or descriptor.cd_drives:
        notes.append(
            "The appliance has a CD/DVD drive"
            + (f" with {', '.join(isos)}" if isos else "")
            + ": remove it from the VM before exporting, or the import may fail."
        )
    return Appliance(ovf.name, disks, tuple(notes))
