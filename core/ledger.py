"""The ledger: every AWS resource the app created, so nothing billed is forgotten.

Stored as JSON under the platform's data directory, rewritten atomically. No secrets: only
identifiers, where the resource lives, and which wizard made it.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.fileio import atomic_write_json, locked, read_json

__all__ = ["TEARDOWN_ORDER", "EntryState", "Ledger", "LedgerEntry", "ResourceKind"]


class ResourceKind(enum.StrEnum):
    REPLICATION_TASK = "dms-replication-task"
    DMS_ENDPOINT = "dms-endpoint"
    REPLICATION_INSTANCE = "dms-replication-instance"
    REPLICATION_SUBNET_GROUP = "dms-replication-subnet-group"
    RDS_INSTANCE = "rds-db-instance"
    DB_SUBNET_GROUP = "rds-db-subnet-group"
    SECURITY_GROUP_RULE = "ec2-security-group-rule"
    SECURITY_GROUP = "ec2-security-group"
    IMPORT_TASK = "ec2-import-image-task"
    EXPORT_TASK = "ec2-export-image-task"
    EC2_IMAGE = "ec2-image"
    EBS_SNAPSHOT = "ebs-snapshot"
    MULTIPART_UPLOAD = "s3-multipart-upload"
    S3_OBJECT = "s3-object"
    S3_BUCKET = "s3-bucket"
    IAM_ROLE = "iam-role"


# Dependents before what they depend on: a task before its endpoints and instance, an
# instance before its subnet group, rules before their groups, an AMI before the snapshots
# it is registered from, roles last (shared).
TEARDOWN_ORDER: tuple[ResourceKind, ...] = tuple(ResourceKind)


class EntryState(enum.StrEnum):
    """``creating``: written just before the create call, so a crash mid-call still leaves a
    trace; its ``resource_id`` is the name we asked for until the call confirms the id."""

    CREATING = "creating"
    CREATED = "created"


@dataclass(frozen=True)
class LedgerEntry:
    kind: ResourceKind
    resource_id: str
    region: str
    scope: str  # 'sandbox' or the AWS account id
    wizard: str
    arn: str = ""
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    deleted_at: str | None = None
    # Whatever teardown needs besides the id (e.g. a rule's group id); never a secret.
    details: dict[str, str] = field(default_factory=dict)
    state: EntryState = EntryState.CREATED

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.kind.value, self.resource_id, self.region, self.scope)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["kind"] = self.kind.value
        data["state"] = self.state.value
        return data

    @property
    def pending(self) -> bool:
        return self.state is EntryState.CREATING

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LedgerEntry:
        # Ledgers written before record-before-create have no state: they were all created.
        state = EntryState(data.get("state", EntryState.CREATED.value))
        return cls(**{**data, "kind": ResourceKind(data["kind"]), "state": state})


class Ledger:
    """The list of created resources in a JSON file, safe to change from several threads
    and processes at once (the upload worker writes it too)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> list[LedgerEntry]:
        raw = read_json(self.path, {"resources": []})
        return [LedgerEntry.from_json(item) for item in raw.get("resources", [])]

    def _write(self, entries: Iterable[LedgerEntry]) -> None:
        atomic_write_json(
            self.path, {"version": 1, "resources": [entry.to_json() for entry in entries]}
        )

    def record(self, entry: LedgerEntry) -> LedgerEntry:
        """Add ``entry``; recording the same resource again revives it and keeps one row."""
        with locked(self.path):
            entries = [item for item in self._read() if item.key != entry.key]
            entries.append(entry)
            self._write(entries)
        return entry

    def replace(self, old: LedgerEntry, new: LedgerEntry) -> LedgerEntry:
        """Put ``new`` where ``old`` was (a pending entry confirmed with its real id)."""
        with locked(self.path):
            entries = [item for item in self._read() if item.key not in (old.key, new.key)]
            entries.append(new)
            self._write(entries)
        return new

    def forget(self, entry: LedgerEntry) -> None:
        """Drop ``entry`` entirely: AWS refused the create, so nothing exists to list."""
        with locked(self.path):
            self._write(item for item in self._read() if item.key != entry.key)

    def mark_deleted(self, entry: LedgerEntry) -> None:
        now = datetime.now(UTC).isoformat()
        with locked(self.path):
            self._write(
                dataclasses.replace(item, deleted_at=now) if item.key == entry.key else item
                for item in self._read()
            )

    def entries(self, scope: str | None = None, include_deleted: bool = False) -> list[LedgerEntry]:
        with locked(self.path):
            items = self._read()
        return [
            item
            for item in items
            if (scope is None or item.scope == scope)
            and (include_deleted or item.deleted_at is None)
        ]

    def pending(self, scope: str) -> list[LedgerEntry]:
        """Entries written before a create call whose answer never came back (crash, kill)."""
        return [item for item in self.entries(scope) if item.pending]

    def find(self, kind: ResourceKind, resource_id: str, scope: str) -> LedgerEntry | None:
        for item in self.entries(scope):
            if item.kind is kind and item.resource_id == resource_id:
                return item
        return None


def in_teardown_order(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """``entries`` sorted so each is deleted before anything it depends on; newest first
    within a kind."""
    rank = {kind: index for index, kind in enumerate(TEARDOWN_ORDER)}
    by_age = sorted(entries, key=lambda item: item.created_at, reverse=True)
    return sorted(by_age, key=lambda item: rank[item.kind])
