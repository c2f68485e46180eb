"""What AWS asks you to do to a VM before exporting it, each with why it matters.

VM Import cannot check these from the image's bytes (they are about the guest system), so
the wizard shows each as a checkbox the user confirms and the command prints them. Source:
the VM Import/Export user guide, "Requirements" and "Prepare your VM".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["PREPARATION", "PreparationItem", "unconfirmed"]


@dataclass(frozen=True)
class PreparationItem:
    """``key`` names the item in inputs and saved choices; ``label`` is the checkbox."""

    key: str
    label: str
    why: str


PREPARATION: tuple[PreparationItem, ...] = (
    PreparationItem(
        "shut-down",
        "The VM was shut down cleanly before its disk was exported",
        "A disk copied from a running or suspended VM holds half-written files; the "
        "import may fail or the instance may not boot.",
    ),
    PreparationItem(
        "tools-removed",
        "VMware Tools or Hyper-V integration services are removed",
        "They expect the old hypervisor's devices; on EC2 they can stop the instance "
        "from booting or its network from starting.",
    ),
    PreparationItem(
        "dhcp",
        "The network interface gets its address by DHCP",
        "EC2 gives the instance its address by DHCP; a fixed address from your network "
        "leaves it unreachable.",
    ),
    PreparationItem(
        "remote-access",
        "Remote access is on (SSH for Linux, Remote Desktop for Windows), and the "
        "firewall lets it in",
        "There is no console to log in to on EC2: remote access is how you reach it.",
    ),
    PreparationItem(
        "no-cd-rom",
        "No CD or DVD drive (or ISO) is attached",
        "VM Import cannot convert CD-ROM devices; an attached one can fail the import.",
    ),
    PreparationItem(
        "single-boot",
        "One operating system on the disk (no dual boot)",
        "VM Import supports one operating system per image; it cannot convert a multi-boot disk.",
    ),
    PreparationItem(
        "unencrypted",
        "The volumes are not encrypted inside the VM (BitLocker, LUKS)",
        "VM Import must read the file systems to convert them; encrypted volumes make it "
        "fail. Encrypt on AWS instead (an encrypted AMI, or EBS encryption).",
    ),
    PreparationItem(
        "volumes",
        "The VM has at most 21 volumes",
        "VM Import takes at most 21 volumes per image.",
    ),
)


def unconfirmed(confirmed: Collection[str]) -> tuple[PreparationItem, ...]:
    """The items not yet ticked, in the checklist's order."""
    return tuple(item for item in PREPARATION if item.key not in confirmed)
