"""Which disk format a file holds, read from its own bytes, and whether VM Import takes it.

VM Import accepts stream-optimized VMDK, fixed or dynamic VHD, VHDX, raw, and OVA (a tar of
an .ovf and its disks; see ``core.vm_image.ova``). The checks here find on this computer,
in a second, what AWS would otherwise report only after the upload and a long conversion:
a VMDK of the wrong create type, a VHD whose two footers differ ("Footers not identical")
or that was cut short, a file that is no disk image at all. Each refusal is an
``ImageRefused`` with one plain sentence and the fix.
"""

from __future__ import annotations

import enum
import re
import struct
from dataclasses import dataclass
from typing import BinaryIO, NoReturn

from core.errors import ValidationError

__all__ = [
    "SECTOR",
    "DiskFormat",
    "DiskImage",
    "ImageRefused",
    "Refusal",
    "detect_disk",
    "read_at",
    "vhd_checksum",
]

SECTOR = 512
FIELD = "file"


class DiskFormat(enum.StrEnum):
    """The ``Format`` names import-image takes (lower case here, as the CLI accepts)."""

    OVA = "ova"
    VMDK = "vmdk"
    VHD = "vhd"
    VHDX = "vhdx"
    RAW = "raw"


class Refusal(enum.StrEnum):
    """Why an image was refused, for whoever answers it as AWS would (the Sandbox)."""

    NOT_A_DISK = "not a disk image"
    UNSUPPORTED = "a variant VM Import does not take"
    CUT_SHORT = "cut short"
    FOOTERS_DIFFER = "footers not identical"
    WRONG_FORMAT = "not the chosen format"
    DAMAGED = "damaged"


class ImageRefused(ValidationError):
    """The file cannot be imported as it is; the message says why, the fix what to do."""

    def __init__(self, message: str, fix: str = "", reason: Refusal = Refusal.DAMAGED) -> None:
        super().__init__(FIELD, message, fix)
        self.reason = reason


@dataclass(frozen=True)
class DiskImage:
    """One disk as its bytes describe it.

    Attributes:
        name: the file's name (inside the OVA for an appliance's disk).
        format: VMDK, VHD, VHDX or RAW.
        size: bytes of the file.
        capacity: bytes of the virtual disk when the header says (None: not read).
        kind: what sort of that format, in words ("stream-optimized", "dynamic").
    """

    name: str
    format: DiskFormat
    size: int
    capacity: int | None = None
    kind: str = ""

    @property
    def described(self) -> str:
        return f"{self.kind} {self.format.value.upper()}".strip()


def read_at(stream: BinaryIO, offset: int, length: int) -> bytes:
    """``length`` bytes from ``offset`` (fewer at the end; none before the start)."""
    if offset < 0:
        return b""
    stream.seek(offset)
    return stream.read(length)


# -- VMDK -----------------------------------------------------------------------------------

# SparseExtentHeader (VMware's Virtual Disk Format 5.0), little-endian.
_SPARSE = struct.Struct("<4sIIQQQQIQQQB4sH")
_GD_AT_END = 0xFFFFFFFFFFFFFFFF
_CREATE_TYPE = re.compile(rb'createType\s*=\s*"?([A-Za-z0-9_]+)"?')
_STREAM_OPTIMIZED = "streamOptimized"
_CONVERT_VMDK = (
    "Export the VM as an OVA from vSphere or VMware Workstation, or convert the disk: "
    "qemu-img convert -O vmdk -o subformat=streamOptimized IN.vmdk OUT.vmdk "
    "(or vmware-vdiskmanager -r IN.vmdk -t 5 OUT.vmdk)."
)


def _create_type(descriptor: bytes) -> str:
    found = _CREATE_TYPE.search(descriptor)
    return found.group(1).decode("ascii") if found else ""


def _sparse_vmdk(stream: BinaryIO, size: int, name: str) -> DiskImage:
    header = read_at(stream, 0, SECTOR)
    if len(header) < _SPARSE.size:
        raise ImageRefused(f"{name} is cut short: its VMDK header is incomplete.")
    (_, _, _, capacity, _, desc_offset, desc_size, _, _, gd_offset, _, _, _, compress) = (
        _SPARSE.unpack_from(header)
    )
    descriptor = read_at(stream, desc_offset * SECTOR, desc_size * SECTOR) if desc_size else b""
    create_type = _create_type(descriptor)
    if create_type != _STREAM_OPTIMIZED:
        shown = create_type or "with no embedded descriptor"
        raise ImageRefused(
            f"{name} is a {shown} VMDK; VM Import takes only stream-optimized VMDK files.",
            _CONVERT_VMDK,
            reason=Refusal.UNSUPPORTED,
        )
    if compress != 1:
        raise ImageRefused(
            f"{name} says it is stream-optimized, but its grains are not compressed, so it "
            "was altered or badly converted.",
            _CONVERT_VMDK,
        )
    # A stream-optimized file ends with a footer (a copy of the header) and an end marker;
    # a file cut short in copying loses them ("Uncompressed data has invalid length").
    if gd_offset == _GD_AT_END and read_at(stream, size - 2 * SECTOR, 4) != b"KDMV":
        raise ImageRefused(
            f"{name} is cut short: the footer a stream-optimized VMDK ends with is missing.",
            "Copy or export the disk again, and check that its size matches the original.",
            reason=Refusal.CUT_SHORT,
        )
    return DiskImage(name, DiskFormat.VMDK, size, capacity * SECTOR, "stream-optimized")


def _descriptor_vmdk(head: bytes, name: str) -> NoReturn:
    create_type = _create_type(head) or "unknown"
    raise ImageRefused(
        f"{name} is only a VMDK descriptor (create type {create_type}) that points to "
        "other files; VM Import needs one stream-optimized VMDK holding the disk itself.",
        _CONVERT_VMDK,
        reason=Refusal.UNSUPPORTED,
    )


# -- VHD ------------------------------------------------------------------------------------

_VHD_COOKIE = b"conectix"
_VHD_FOOTER = struct.Struct(">8sIIQI4sI4sQQIII")
_VHD_CHECKSUM_AT = 64
_VHD_TYPES = {2: "fixed", 3: "dynamic", 4: "differencing"}
_COPY_AGAIN = "Copy the file again from the source (or export it again) and check its size."


def vhd_checksum(footer: bytes) -> int:
    """The ones' complement of the sum of the footer's bytes, its checksum field left out."""
    body = footer[:_VHD_CHECKSUM_AT] + footer[_VHD_CHECKSUM_AT + 4 : SECTOR]
    return ~sum(body) & 0xFFFFFFFF


def _vhd(stream: BinaryIO, size: int, name: str, head: bytes) -> DiskImage:
    footer = read_at(stream, size - SECTOR, SECTOR)
    if not footer.startswith(_VHD_COOKIE):
        raise ImageRefused(
            f"{name} is cut short: it starts like a dynamic VHD, but the footer every VHD "
            "ends with is missing.",
            _COPY_AGAIN,
            reason=Refusal.CUT_SHORT,
        )
    fields = _VHD_FOOTER.unpack_from(footer)
    data_offset, capacity, disk_type, checksum = fields[3], fields[9], fields[11], fields[12]
    if checksum != vhd_checksum(footer):
        raise ImageRefused(f"{name} is damaged: its VHD footer's checksum is wrong.", _COPY_AGAIN)
    kind = _VHD_TYPES.get(disk_type, "")
    if kind == "differencing":
        raise ImageRefused(
            f"{name} is a differencing VHD: it holds only changes to a parent disk.",
            "Merge it into its parent in Hyper-V Manager (Edit Disk, Merge) or convert it "
            "to a fixed or dynamic VHD, then choose that file.",
            reason=Refusal.UNSUPPORTED,
        )
    if not kind:
        raise ImageRefused(f"{name} has an unknown VHD disk type ({disk_type}).", _COPY_AGAIN)
    if kind == "fixed" and size != capacity + SECTOR:
        raise ImageRefused(
            f"{name} is a fixed VHD of {capacity} bytes, but the file holds {size - SECTOR}: "
            "it was cut short or added to.",
            _COPY_AGAIN,
            reason=Refusal.CUT_SHORT,
        )
    if kind == "dynamic":
        if head != footer:
            raise ImageRefused(
                f"{name}'s two VHD footers differ (AWS says 'Footers not identical'): the "
                "copy at the start no longer matches the one at the end.",
                _COPY_AGAIN,
                reason=Refusal.FOOTERS_DIFFER,
            )
        if read_at(stream, data_offset, 8) != b"cxsparse":
            raise ImageRefused(f"{name} is damaged: its dynamic disk header is missing.")
    return DiskImage(name, DiskFormat.VHD, size, capacity, kind)


# -- VHDX -----------------------------------------------------------------------------------

_KIB = 1024


def _vhdx(stream: BinaryIO, size: int, name: str) -> DiskImage:
    if read_at(stream, 64 * _KIB, 4) != b"head" or read_at(stream, 192 * _KIB, 4) != b"regi":
        raise ImageRefused(
            f"{name} starts like a VHDX, but its header or region table is missing: the "
            "file is damaged or cut short.",
            _COPY_AGAIN,
        )
    return DiskImage(name, DiskFormat.VHDX, size)


# -- raw and the rest -----------------------------------------------------------------------

_OTHER_KINDS: tuple[tuple[int, bytes, str, str], ...] = (
    (
        0,
        b"QFI\xfb",
        "a QCOW2 disk (KVM or QEMU), which VM Import does not take",
        "Convert it: qemu-img convert -O vmdk -o subformat=streamOptimized IN.qcow2 OUT.vmdk.",
    ),
    (
        0x8001,
        b"CD001",
        "an ISO disc image, not a virtual machine's disk",
        "Choose the VM's disk file (.ova, .vmdk, .vhd, .vhdx or a raw disk).",
    ),
    (
        0,
        b"\x1f\x8b",
        "compressed with gzip",
        "Unpack it first (gunzip), then choose the disk image inside.",
    ),
    (0, b"PK\x03\x04", "a ZIP archive", "Unpack it first, then choose the disk image inside."),
)


def raw_disk(size: int, name: str, head: bytes) -> DiskImage:
    """A raw disk, as the user says it is: only its size can be checked."""
    if size % SECTOR:
        raise ImageRefused(
            f"{name} cannot be a raw disk: its size ({size} bytes) is not a whole number "
            "of 512-byte sectors.",
            _COPY_AGAIN,
            Refusal.NOT_A_DISK,
        )
    kind = "partitioned" if head[510:512] == b"\x55\xaa" else ""
    return DiskImage(name, DiskFormat.RAW, size, size, kind)


def _not_a_disk(stream: BinaryIO, name: str) -> ImageRefused:
    for offset, magic, what, fix in _OTHER_KINDS:
        if read_at(stream, offset, len(magic)) == magic:
            return ImageRefused(f"{name} is {what}.", fix, Refusal.NOT_A_DISK)
    return ImageRefused(
        f"{name} is not a disk image VM Import can take: its bytes match no OVA, VMDK, VHD "
        "or VHDX.",
        "Choose the VM's exported disk (.ova, .vmdk, .vhd or .vhdx). If it is a raw disk "
        "image, choose the raw format (--format raw).",
        reason=Refusal.NOT_A_DISK,
    )


def detect_disk(
    stream: BinaryIO, size: int, name: str, declared: DiskFormat | None = None
) -> DiskImage:
    """The one disk ``stream`` (``size`` bytes) holds; ImageRefused when VM Import would
    refuse it. ``declared`` RAW takes any sector-aligned file that is no other format."""
    if size == 0:
        raise ImageRefused(f"{name} is empty.", "Choose the VM's exported disk image.")
    head = read_at(stream, 0, SECTOR)
    found: DiskImage | None = None
    if head.startswith(b"KDMV"):
        found = _sparse_vmdk(stream, size, name)
    elif head.startswith(b"vhdxfile"):
        found = _vhdx(stream, size, name)
    elif head.startswith(_VHD_COOKIE) or read_at(stream, size - SECTOR, 8) == _VHD_COOKIE:
        found = _vhd(stream, size, name, head)
    elif size < 64 * _KIB and b"createType" in head and b"Disk DescriptorFile" in head:
        _descriptor_vmdk(head, name)
    if found is None:
        if declared is DiskFormat.RAW:
            return raw_disk(size, name, head)
        raise _not_a_disk(stream, name)
    if declared is not None and declared is not found.format:
        raise ImageRefused(
            f"{name} is a {found.described} disk, not {declared.value.upper()} as chosen.",
            f"Choose the format {found.format.value} (or let it be found from the file).",
            reason=Refusal.WRONG_FORMAT,
        )
    return found
