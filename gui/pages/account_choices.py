"""What the account already has, for the pickers of the endpoint and task wizards."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox

from gui.context import AppContext

__all__ = ["Choice", "fill_combo", "list_endpoints", "list_replication_instances"]


@dataclass(frozen=True)
class Choice:
    """One pickable resource: ``label`` for people, ``arn`` for DMS."""

    identifier: str
    arn: str
    label: str
    status: str = ""
    extra: str = ""


async def list_replication_instances(context: AppContext) -> list[Choice]:
    found = await context.door.collect(
        "dms", "describe_replication_instances", "ReplicationInstances"
    )
    choices = [
        Choice(
            identifier=str(item["ReplicationInstanceIdentifier"]),
            arn=str(item["ReplicationInstanceArn"]),
            label=f"{item['ReplicationInstanceIdentifier']} "
            f"({item.get('ReplicationInstanceStatus', '')}, "
            f"{item.get('ReplicationInstanceClass', '')})",
            status=str(item.get("ReplicationInstanceStatus", "")),
        )
        for item in found
    ]
    # Available ones first: only those can test connections and run tasks.
    return sorted(choices, key=lambda choice: (choice.status != "available", choice.identifier))


async def list_endpoints(context: AppContext, endpoint_type: str) -> list[Choice]:
    """Endpoints of ``endpoint_type`` ('source' or 'target'); ``extra`` is the database name."""
    found = await context.door.collect("dms", "describe_endpoints", "Endpoints")
    return [
        Choice(
            identifier=str(item["EndpointIdentifier"]),
            arn=str(item["EndpointArn"]),
            label=f"{item['EndpointIdentifier']} ({item.get('EngineName', '')} at "
            f"{item.get('ServerName', '?')}:{item.get('Port', '')})",
            status=str(item.get("Status", "")),
            extra=str(item.get("DatabaseName", "")),
        )
        for item in found
        if str(item.get("EndpointType", "")).lower() == endpoint_type
    ]


def fill_combo(combo: QComboBox, choices: list[Choice], empty: str) -> None:
    """Put ``choices`` in ``combo`` (data: the ARN); ``empty`` is shown when there are none."""
    combo.clear()
    for choice in choices:
        combo.addItem(choice.label, choice.arn)
    if choices:
        combo.setCurrentIndex(0)
    else:
        combo.setPlaceholderText(empty)
