"""What a resource the app made is called on screen: "RDS database books-db"."""

from __future__ import annotations

from core.ledger import LedgerEntry, ResourceKind

__all__ = ["KIND_TITLES", "entry_label"]

KIND_TITLES: dict[ResourceKind, str] = {
    ResourceKind.REPLICATION_TASK: "Migration task",
    ResourceKind.DMS_ENDPOINT: "DMS endpoint",
    ResourceKind.REPLICATION_INSTANCE: "Replication instance",
    ResourceKind.REPLICATION_SUBNET_GROUP: "Replication subnet group",
    ResourceKind.RDS_INSTANCE: "RDS database",
    ResourceKind.DB_SUBNET_GROUP: "DB subnet group",
    ResourceKind.SECURITY_GROUP_RULE: "Firewall rule (security group)",
    ResourceKind.SECURITY_GROUP: "Security group",
    ResourceKind.IMPORT_TASK: "VM import task",
    ResourceKind.EXPORT_TASK: "VM export task",
    ResourceKind.EC2_IMAGE: "AMI",
    ResourceKind.EBS_SNAPSHOT: "EBS snapshot",
    ResourceKind.MULTIPART_UPLOAD: "Unfinished upload",
    ResourceKind.S3_OBJECT: "S3 object",
    ResourceKind.S3_BUCKET: "S3 bucket",
    ResourceKind.IAM_ROLE: "IAM role",
}


def entry_label(entry: LedgerEntry) -> str:
    return f"{KIND_TITLES.get(entry.kind, entry.kind.value)} {entry.resource_id}"
