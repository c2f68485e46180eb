"""Format detection from a file's own bytes, on small images of each kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from core.vm_image import (
    PREPARATION,
    DiskFormat,
    ImageRefused,
    Refusal,
    check_image,
    unconfirmed,
)
from tests.fixtures import vm_images
from tests.fixtures.vm_images import DISK_BYTES


@pytest.mark.parametrize(
    ("write", "name", "expected", "kind"),
    [
        (vm_images.stream_optimized_vmdk, "web01.vmdk", DiskFormat.VMDK, "stream-optimized"),
        (vm_images.fixed_vhd, "web01.vhd", DiskFormat.VHD, "fixed"),
        (vm_images.dynamic_vhd, "web01.vhd", DiskFormat.VHD, "dynamic"),
        (vm_images.vhdx, "web01.vhdx", DiskFormat.VHDX, ""),
    ],
)
def test_finds_each_format_from_its_bytes(
    tmp_path: Path, write: Callable[[Path], Path], name: str, expected: DiskFormat, kind: str
) -> None:
    # The extension plays no part: each file is named .img.
    report = check_image(write(tmp_path / "disk.img"))
    assert report.format is expected
    [disk] = report.disks
    assert (disk.format, disk.kind) == (expected, kind)
    assert report.size == (tmp_path / "disk.img").stat().st_size
    if expected is not DiskFormat.VHDX:
        assert disk.capacity == DISK_BYTES


def test_an_ova_and_the_disks_inside_it(tmp_path: Path) -> None:
    report = check_image(vm_images.ova(tmp_path / "web01.ova"))
    assert report.format is DiskFormat.OVA
    assert [(disk.name, disk.described) for disk in report.disks] == [
        ("web01-disk1.vmdk", "stream-optimized VMDK")
    ]
    assert report.notes == ()
    assert report.summary() == (
        "web01.ova: an OVA with 1 disk(s): web01-disk1.vmdk (stream-optimized VMDK)."
    )


def test_an_ova_with_a_cd_drive_gets_a_warning(tmp_path: Path) -> None:
    report = check_image(vm_images.ova(tmp_path / "web01.ova", cd_drive=True))
    [note] = report.notes
    assert "CD/DVD drive" in note and "remove it" in note


@pytest.mark.parametrize(
    ("write", "said", "reason"),
    [
        (vm_images.random_file, "its bytes match no OVA, VMDK, VHD or VHDX", Refusal.NOT_A_DISK),
        (
            vm_images.sparse_vmdk,
            "monolithicSparse VMDK; VM Import takes only stream-optimized",
            Refusal.UNSUPPORTED,
        ),
        (
            vm_images.descriptor_vmdk,
            "only a VMDK descriptor (create type monolithicFlat)",
            Refusal.UNSUPPORTED,
        ),
        (
            vm_images.truncated_vmdk,
            "cut short: the footer a stream-optimized VMDK ends with",
            Refusal.CUT_SHORT,
        ),
        (vm_images.truncated_vhd, "cut short: it starts like a dynamic VHD", Refusal.CUT_SHORT),
        (vm_images.mismatched_footers_vhd, "Footers not identical", Refusal.FOOTERS_DIFFER),
        (vm_images.differencing_vhd, "differencing VHD", Refusal.UNSUPPORTED),
    ],
)
def test_refuses_what_vm_import_would_refuse(
    tmp_path: Path, write: Callable[[Path], Path], said: str, reason: Refusal
) -> None:
    with pytest.raises(ImageRefused) as refused:
        check_image(write(tmp_path / "disk.img"))
    assert said in refused.value.message
    assert refused.value.reason is reason
    assert refused.value.field == "file"
    assert refused.value.fix  # every refusal says what to do


def test_a_sparse_vmdk_refusal_names_the_conversion(tmp_path: Path) -> None:
    with pytest.raises(ImageRefused) as refused:
        check_image(vm_images.sparse_vmdk(tmp_path / "web01.vmdk"))
    assert "qemu-img convert -O vmdk -o subformat=streamOptimized" in refused.value.fix


def test_a_damaged_vhd_footer_is_refused(tmp_path: Path) -> None:
    path = vm_images.fixed_vhd(tmp_path / "web01.vhd")
    data = bytearray(path.read_bytes())
    data[-SECTOR_OFFSET_OF_TYPE] ^= 0xFF  # flip a byte the checksum covers
    path.write_bytes(bytes(data))
    with pytest.raises(ImageRefused, match="checksum is wrong"):
        check_image(path)


SECTOR_OFFSET_OF_TYPE = 512 - 60  # the disk type field, counted from the file's end


def test_random_bytes_are_a_disk_only_when_the_user_says_raw(tmp_path: Path) -> None:
    path = vm_images.random_file(tmp_path / "disk.bin")
    report = check_image(path, DiskFormat.RAW)
    assert (report.format, report.size) == (DiskFormat.RAW, 64 * 1024)
    assert check_image(vm_images.raw_disk(tmp_path / "mbr.raw"), DiskFormat.RAW).disks[0].kind == (
        "partitioned"
    )
    odd = vm_images.random_file(tmp_path / "odd.bin", size=1000)
    with pytest.raises(ImageRefused, match="not a whole number of 512-byte sectors"):
        check_image(odd, DiskFormat.RAW)


@pytest.mark.parametrize(
    ("write", "declared", "said"),
    [
        (vm_images.fixed_vhd, DiskFormat.VMDK, "is a fixed VHD disk, not VMDK as chosen"),
        (vm_images.stream_optimized_vmdk, DiskFormat.OVA, "is not an OVA"),
        (vm_images.ova, DiskFormat.VHD, "is an OVA (a tar archive), not VHD as chosen"),
        (vm_images.vhdx, DiskFormat.RAW, "is a VHDX disk, not RAW as chosen"),
    ],
)
def test_a_chosen_format_must_match_the_bytes(
    tmp_path: Path, write: Callable[[Path], Path], declared: DiskFormat, said: str
) -> None:
    with pytest.raises(ImageRefused) as refused:
        check_image(write(tmp_path / "disk.img"), declared)
    assert said in refused.value.message


def test_an_ova_is_refused_for_what_its_disks_are(tmp_path: Path) -> None:
    sparse = {"web01-disk1.vmdk": vm_images.disk_bytes("sparse")}
    with pytest.raises(ImageRefused, match=r"web01-disk1\.vmdk is a monolithicSparse VMDK"):
        check_image(vm_images.ova(tmp_path / "a.ova", sparse))
    with pytest.raises(ImageRefused, match=r"names the disk gone\.vmdk, but b\.ova does not hold"):
        check_image(vm_images.ova(tmp_path / "b.ova", named=["gone.vmdk"]))
    many = {f"disk{n}.vmdk": vm_images.disk_bytes("stream") for n in range(22)}
    with pytest.raises(ImageRefused, match="has 22 disks; VM Import takes at most 21"):
        check_image(vm_images.ova(tmp_path / "c.ova", many))


def test_other_files_are_named_for_what_they_are(tmp_path: Path) -> None:
    qcow = tmp_path / "disk.qcow2"
    qcow.write_bytes(b"QFI\xfb" + bytes(1020))
    with pytest.raises(ImageRefused, match="QCOW2") as refused:
        check_image(qcow)
    assert "qemu-img convert" in refused.value.fix
    empty = tmp_path / "empty.vmdk"
    empty.write_bytes(b"")
    with pytest.raises(ImageRefused, match="empty"):
        check_image(empty)
    with pytest.raises(ImageRefused, match="There is no file"):
        check_image(tmp_path / "missing.ova")


def test_the_preparation_checklist_says_why_for_each_item() -> None:
    keys = [item.key for item in PREPARATION]
    assert len(keys) == len(set(keys)) == 8
    assert all(item.label and item.why for item in PREPARATION)
    assert [item.key for item in unconfirmed({"shut-down", "dhcp"})] == [
        key for key in keys if key not in {"shut-down", "dhcp"}
    ]
