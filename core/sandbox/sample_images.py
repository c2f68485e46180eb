"""Small, well-formed VM disk images for rehearsing VM Import in the Sandbox.

A stream-optimized VMDK (header, embedded descriptor, footer and end-of-stream marker, as
VMware's Virtual Disk Format describes; its disk is empty) and an OVA (a USTAR tar of an
.ovf descriptor and its disks). The tour imports one; the tests build their broken
variants on these.
"""

from __future__ import annotations

import io
import struct
import tarfile
from pathlib import Path

from core.vm_image.formats import SECTOR, vhd_checksum

__all__ = [
    "DISK_BYTES",
    "fixed_vhd_bytes",
    "ova_bytes",
    "sample_disk",
    "sample_ova",
    "sparse_header",
    "vhd_footer",
    "vmdk_bytes",
    "vmdk_descriptor",
]

DISK_BYTES = 1024 * 1024  # every sample's virtual disk: 1 MiB
_GD_AT_END = 0xFFFFFFFFFFFFFFFF


def vmdk_descriptor(create_type: str, extent: str) -> bytes:
    return (
        "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\n"
        f'createType="{create_type}"\n\n# Extent description\n'
        f'RW {DISK_BYTES // SECTOR} {extent}\n\nddb.virtualHWVersion = "4"\n'
    ).encode()


def sparse_header(*, version: int, flags: int, gd_offset: int, compress: int) -> bytes:
    header = struct.pack(
        "<4sIIQQQQIQQQB4sH",
        b"KDMV",
        version,
        flags,
        DISK_BYTES // SECTOR,  # capacity in sectors
        128,  # grain size in sectors
        1,  # descriptor offset (sectors)
        2,  # descriptor size (sectors)
        512,  # grain table entries per table
        0,
        gd_offset,
        128,  # overhead (sectors)
        0,
        b"\n \r\n",
        compress,
    )
    return header.ljust(SECTOR, b"\0")


def vmdk_bytes(create_type: str, *, stream: bool) -> bytes:
    descriptor = vmdk_descriptor(create_type, f'SPARSE "{create_type}.vmdk"').ljust(
        2 * SECTOR, b"\0"
    )
    if not stream:
        header = sparse_header(version=1, flags=3, gd_offset=21, compress=0)
        return (header + descriptor).ljust(128 * SECTOR, b"\0")
    header = sparse_header(version=3, flags=0x30001, gd_offset=_GD_AT_END, compress=1)
    footer = sparse_header(version=3, flags=0x30001, gd_offset=3, compress=1)
    footer_marker = struct.pack("<QII", 1, 0, 3).ljust(SECTOR, b"\0")
    end_of_stream = bytes(SECTOR)
    return header + descriptor + footer_marker + footer + end_of_stream


def _ovf(disks: list[str], *, cd_drive: bool) -> bytes:
    files = "".join(
        f'<File ovf:id="file{n}" ovf:href="{name}"/>' for n, name in enumerate(disks, 1)
    )
    disk_items = "".join(
        f'<Disk ovf:diskId="vmdisk{n}" ovf:fileRef="file{n}" ovf:capacity="{DISK_BYTES}" '
        'ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>'
        for n in range(1, len(disks) + 1)
    )
    cd = (
        "<Item><rasd:ElementName>CD/DVD drive 1</rasd:ElementName>"
        "<rasd:ResourceType>15</rasd:ResourceType></Item>"
        if cd_drive
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" '
        'xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" '
        'xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/'
        'CIM_ResourceAllocationSettingData">'
        f"<References>{files}</References>"
        f"<DiskSection><Info>Virtual disks</Info>{disk_items}</DiskSection>"
        '<VirtualSystem ovf:id="web01"><VirtualHardwareSection>'
        f"<Item><rasd:ResourceType>17</rasd:ResourceType></Item>{cd}"
        "</VirtualHardwareSection></VirtualSystem></Envelope>"
    ).encode()


def ova_bytes(
    disks: dict[str, bytes] | None = None,
    *,
    named: list[str] | None = None,
    cd_drive: bool = False,
) -> bytes:
    """An OVA holding ``disks`` (name -> bytes; default one stream-optimized VMDK); the
    .ovf names ``named`` (default: the disks held)."""
    if disks is None:
        disks = {"web01-disk1.vmdk": vmdk_bytes("streamOptimized", stream=True)}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        descriptor = _ovf(named or list(disks), cd_drive=cd_drive)
        for name, data in [("web01.ovf", descriptor), *disks.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def vhd_footer(disk_type: int, data_offset: int, timestamp: int = 0x2F000000) -> bytes:
    cylinders, heads, sectors = 30, 4, 17
    footer = bytearray(
        struct.pack(
            ">8sIIQI4sI4sQQIII16sB",
            b"conectix",
            2,  # features: reserved bit always set
            0x00010000,
            data_offset,
            timestamp,
            b"qemu",
            0x00050003,
            b"Wi2k",
            DISK_BYTES,
            DISK_BYTES,
            (cylinders << 16) | (heads << 8) | sectors,
            disk_type,
            0,
            bytes(range(16)),
            0,
        ).ljust(SECTOR, b"\0")
    )
    footer[64:68] = struct.pack(">I", vhd_checksum(bytes(footer)))
    return bytes(footer)


def fixed_vhd_bytes() -> bytes:
    return bytes(DISK_BYTES) + vhd_footer(2, 0xFFFFFFFFFFFFFFFF)


def sample_disk(disk_format: str) -> bytes:
    """An empty disk in ``disk_format`` (VMDK, VHD or RAW), as VM Export writes one."""
    if disk_format.upper() == "VMDK":
        return vmdk_bytes("streamOptimized", stream=True)
    if disk_format.upper() == "VHD":
        return fixed_vhd_bytes()
    return bytes(DISK_BYTES)


def sample_ova(path: Path) -> Path:
    """web01.ova: one empty stream-optimized disk, as an export from vSphere looks."""
    path.write_bytes(ova_bytes())
    return path
