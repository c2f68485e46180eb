"""What the pages of "Create the replication instance" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass

from core.flows.replication_instance import ReplicationInstanceResult, ReplicationInstanceSpec

__all__ = ["ReplicationInstanceChoices"]


@dataclass
class ReplicationInstanceChoices:
    """Attributes:
    spec: the flow's inputs (``ReplicationInstanceFlow``): made by the server page,
        completed by the network page.
    result: the replication instance made by the creation page (its public and private IP).
    """

    spec: ReplicationInstanceSpec | None = None
    result: ReplicationInstanceResult | None = None
