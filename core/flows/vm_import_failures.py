"""Why an import failed, from AWS's StatusMessage: the cause and the fix in plain words.

VM Import ends a failed task ``deleted`` with a terse StatusMessage ("ClientError: Footers
not identical"). Each known one is mapped to what it means and what to do; the ones that
say VM Import could not recognise the operating system offer the other route, which does
not need to: ``import-snapshot`` of the disk, then ``register-image`` from the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.aws import EC2, AwsCall, aws_call
from core.vm_image import DiskFormat

__all__ = ["ImportFailure", "explain_failure", "snapshot_route"]


@dataclass(frozen=True)
class ImportFailure:
    """``snapshot_route``: the import-snapshot then register-image route may work."""

    message: str
    cause: str
    fix: str
    snapshot_route: bool = False

    def plain(self) -> str:
        return f"The import failed: {self.cause} {self.fix}"


_REEXPORT = (
    "Export the VM again (as an OVA, or a stream-optimized VMDK), then run the import again."
)
_OS_ROUTE = (
    "If the operating system is supported but VM Import cannot recognise it, import the "
    "disk as a snapshot and register the AMI from it (the commands below)."
)
# (words found in the StatusMessage, lower case) -> cause, fix, whether to offer the route
_KNOWN: tuple[tuple[tuple[str, ...], str, str, bool], ...] = (
    (
        ("cancelled",),
        "The import was cancelled.",
        "Run it again when you are ready: the same image starts a new import.",
        False,
    ),
    (
        ("service role", "vmimport"),
        "VM Import cannot act as the IAM role vmimport: it is missing or lacks permissions.",
        "Run the import again: the app checks the role first (allow adding the bucket to it "
        "when asked, --update-role).",
        False,
    ),
    (
        ("we do not have access",),
        "VM Import could not read the image from S3 through the role vmimport.",
        "Check that the object exists and that the role vmimport may read its bucket "
        "(run the import again with --update-role), and that the object is not encrypted "
        "with a KMS key the role cannot use.",
        False,
    ),
    (
        ("region",),
        "The image bucket is in another region than the import.",
        "Upload the image to a bucket in the import's region (or connect to the bucket's "
        "region), then import again.",
        False,
    ),
    (
        ("footers not identical",),
        "The VHD's two footers differ: the file was changed or cut short while it was "
        "copied or uploaded.",
        "Copy the VHD again from the source, check it here again, then upload it again.",
        False,
    ),
    (
        ("uncompressed data has invalid length",),
        "The VMDK is damaged or cut short, or not truly stream-optimized.",
        _REEXPORT,
        False,
    ),
    (
        ("unsupported vmdk", "unsupported specified file format", "invalid vmdk"),
        "VM Import does not take this disk format or variant.",
        _REEXPORT,
        False,
    ),
    (
        ("unable to determine kernel version", "unsupported kernel"),
        "VM Import could not find a kernel it supports on the disk.",
        "Boot the VM with a kernel of a supported distribution release, remove others, "
        f"export again. {_OS_ROUTE}",
        True,
    ),
    (
        ("unknown os", "unsupported os", "could not determine the os", "missing os"),
        "VM Import could not recognise the operating system.",
        f"Check that the OS is one VM Import supports. {_OS_ROUTE}",
        True,
    ),
    (
        ("fstab",),
        "VM Import could not read /etc/fstab, or it lists disks that will not exist on EC2.",
        "Make /etc/fstab name file systems by UUID, comment out network and removable "
        f"mounts, shut down cleanly and export again. {_OS_ROUTE}",
        True,
    ),
    (
        ("logical volume group activation failed",),
        "The LVM volume group on the disk could not be activated.",
        "Check the volume group is complete (all its physical volumes are in the image) and "
        "not encrypted, then export again.",
        False,
    ),
    (
        ("firstbootfailure", "first boot"),
        "The converted VM did not start on EC2 (often missing drivers or an agent in the way).",
        "Remove VMware Tools or Hyper-V integration services, install the virtio / "
        "ENA drivers the guest needs, shut down cleanly and export again.",
        False,
    ),
)


def explain_failure(message: str) -> ImportFailure:
    """The cause and fix of a failed import's StatusMessage (a general one if unknown)."""
    lowered = message.lower()
    for words, cause, fix, route in _KNOWN:
        if any(word in lowered for word in words):
            return ImportFailure(message, cause, fix, route)
    return ImportFailure(
        message,
        f"AWS said: {message or 'no reason given'}.",
        "See 'Troubleshoot VM Import/Export' in the AWS documentation for this message; fix "
        "the VM, export again and run the import again.",
    )


def snapshot_route(
    bucket: str, key: str, image_format: DiskFormat, description: str
) -> list[AwsCall[Any]]:
    """The other route: the disk as a snapshot, then an AMI registered from it. An OVA's
    disk must be taken out of it first (an OVA is no disk format import-snapshot takes)."""
    disk_format = DiskFormat.VMDK if image_format is DiskFormat.OVA else image_format
    name = key.rsplit("/", 1)[-1]
    return [
        aws_call(
            EC2.import_snapshot,
            Description=description or name,
            DiskContainer={
                "Format": disk_format.value.upper(),
                "UserBucket": {"S3Bucket": bucket, "S3Key": key},
            },
        ),
        aws_call(
            EC2.register_image,
            Name=name,
            Architecture="x86_64",
            RootDeviceName="/dev/sda1",
            VirtualizationType="hvm",
            EnaSupport=True,
            BlockDeviceMappings=[
                {
                    "DeviceName": "/dev/sda1",
                    "Ebs": {"SnapshotId": "<SnapshotId from describe-import-snapshot-tasks>"},
                }
            ],
        ),
    ]
