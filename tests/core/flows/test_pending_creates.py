"""Record before you create: the ledger hears of a resource before AWS does."""

from __future__ import annotations

import asyncio

import pytest

from core.aws import S3, CallRecord, CallState
from core.credentials import InMemoryStore, database_password_name
from core.errors import QuotaExceeded
from core.flows.context import FlowContext
from core.flows.pending_creates import reconcile_pending
from core.flows.replication_instance import ReplicationInstanceSpec, create_replication_instance
from core.flows.target_database import DatabaseSpec, create_database
from core.flows.teardown import delete_created
from core.flows.vm_import_role import create_role_call
from core.flows.vm_import_task import ImportRequest, import_image_call
from core.ledger import EntryState, LedgerEntry, ResourceKind
from core.vm_image import DiskFormat
from tests.fixtures.faults import inject_error
from tests.fixtures.held_answers import hold_answer

PASSWORD = "Books-secret1"


def _rds_entries(ctx: FlowContext) -> list[LedgerEntry]:
    return [e for e in ctx.ledger.entries("sandbox") if e.kind is ResourceKind.RDS_INSTANCE]


async def test_the_ledger_lists_the_instance_as_creating_before_the_create_call_is_sent(
    moto_ctx: FlowContext,
) -> None:
    seen_at_call: list[list[LedgerEntry]] = []

    def on_call(record: CallRecord) -> None:
        if record.operation == "create_db_instance" and record.state is CallState.RUNNING:
            seen_at_call.append(_rds_entries(moto_ctx))

    moto_ctx.door.add_listener(on_call)
    await create_database(DatabaseSpec("books-db"), PASSWORD, InMemoryStore(), moto_ctx)

    assert [(e.resource_id, e.state, e.arn) for e in seen_at_call[0]] == [
        ("books-db", EntryState.CREATING, "")
    ]
    (confirmed,) = _rds_entries(moto_ctx)
    assert confirmed.state is EntryState.CREATED
    assert confirmed.arn.startswith("arn:aws:rds:")


async def test_a_refused_create_leaves_nothing_listed_and_no_password(
    moto_ctx: FlowContext,
) -> None:
    inject_error(moto_ctx.door, "rds", "CreateDBInstance", "InstanceQuotaExceeded", "Too many.")
    store = InMemoryStore()

    with pytest.raises(QuotaExceeded):
        await create_database(DatabaseSpec("books-db"), PASSWORD, store, moto_ctx)

    assert _rds_entries(moto_ctx) == []
    assert store.get(database_password_name("sandbox", "books-db")) is None


async def test_cancel_during_the_create_waits_for_the_answer_and_offers_what_was_made(
    moto_ctx: FlowContext,
) -> None:
    held = hold_answer(moto_ctx.door, "rds", "CreateDBInstance")
    run = asyncio.ensure_future(
        create_database(DatabaseSpec("books-db"), PASSWORD, InMemoryStore(), moto_ctx)
    )
    await asyncio.to_thread(held.arrived.wait, 30)

    run.cancel()
    held.release()
    with pytest.raises(asyncio.CancelledError):
        await run

    (entry,) = _rds_entries(moto_ctx)
    assert entry.state is EntryState.CREATED
    assert entry.arn.startswith("arn:aws:rds:")
    assert entry in moto_ctx.created  # what "Cancel, and delete what was created" deletes
    summary = await delete_created(moto_ctx)
    assert "DB instance books-db" in [item.label for item in summary.deleted]


async def test_reconcile_confirms_what_aws_made_and_drops_what_it_never_made(
    moto_ctx: FlowContext,
) -> None:
    # As a killed run leaves them: one create that reached AWS, one that never did.
    await create_replication_instance(ReplicationInstanceSpec("made-by-aws"), moto_ctx)
    made = next(
        e for e in moto_ctx.ledger.entries("sandbox") if e.kind is ResourceKind.REPLICATION_INSTANCE
    )
    moto_ctx.ledger.forget(made)
    for name in ("made-by-aws", "never-sent"):
        moto_ctx.ledger.record(
            LedgerEntry(
                ResourceKind.REPLICATION_INSTANCE,
                name,
                "us-east-1",
                "sandbox",
                "killed-run",
                state=EntryState.CREATING,
            )
        )

    notes = await reconcile_pending(moto_ctx)

    listed = [
        (e.resource_id, e.state, e.arn)
        for e in moto_ctx.ledger.entries("sandbox")
        if e.kind is ResourceKind.REPLICATION_INSTANCE
    ]
    assert listed == [("made-by-aws", EntryState.CREATED, made.arn)]
    assert any("never-sent" in note and "no longer listed" in note for note in notes)
    assert any("made-by-aws" in note and made.arn in note for note in notes)


async def test_an_entry_aws_cannot_be_asked_about_stays_listed_as_creating(
    offline_ctx: FlowContext,
) -> None:
    pending = LedgerEntry(
        ResourceKind.RDS_INSTANCE,
        "books-db",
        "us-east-1",
        "sandbox",
        "x",
        state=EntryState.CREATING,
    )
    offline_ctx.ledger.record(pending)

    notes = await reconcile_pending(offline_ctx)

    assert offline_ctx.ledger.pending("sandbox") == [pending]
    assert "stays listed" in notes[0]


async def test_a_killed_vm_import_is_found_by_its_token_and_one_never_sent_is_dropped(
    sandbox_ctx: FlowContext,
) -> None:
    # Import tasks have no name: the finder looks for the tag carrying the client token.
    await sandbox_ctx.door.run(create_role_call())
    await sandbox_ctx.door.call(S3.create_bucket, Bucket="vm-images")
    await sandbox_ctx.door.call(S3.put_object, Bucket="vm-images", Key="web01.vmdk", Body=b"x")
    request = ImportRequest("vm-images", "web01.vmdk", DiskFormat.VMDK, token="ma-reached-aws")
    started = await sandbox_ctx.door.run(import_image_call(request))
    for token in ("ma-reached-aws", "ma-never-sent"):
        sandbox_ctx.ledger.record(
            LedgerEntry(
                ResourceKind.IMPORT_TASK,
                token,
                sandbox_ctx.region,
                "sandbox",
                "killed-run",
                state=EntryState.CREATING,
                details={"client_token": token},
            )
        )

    notes = await reconcile_pending(sandbox_ctx)

    listed = [
        (e.resource_id, e.state)
        for e in sandbox_ctx.ledger.entries("sandbox")
        if e.kind is ResourceKind.IMPORT_TASK
    ]
    assert listed == [(str(started["ImportTaskId"]), EntryState.CREATED)]
    assert any("ma-never-sent" in note and "no longer listed" in note for note in notes)
