"""The guided "Migrate a MySQL database" flow: to Load complete, and resumable."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from core.aws import DMS, AwsDoor
from core.credentials import InMemoryStore
from core.events import Event, StatusChanged
from core.flows.context import FlowContext
from core.flows.migrate_mysql import (
    GuidedProgress,
    GuidedStep,
    MigrateMysqlFlow,
    MigrateMysqlInputs,
    run_guided_migration,
)
from core.flows.migrate_mysql_choices import GuidedChoices, load_choices, save_choices
from core.flows.replication_instance import ReplicationInstanceSpec
from core.flows.shape import render_plan
from core.flows.table_mapping import TableMapping
from core.flows.target_database import DatabaseSpec
from core.ledger import Ledger
from core.paths import AppPaths
from core.sandbox.server import SandboxServer
from tests.fixtures.chain import DB_PASSWORD, SOURCE_PASSWORD, SOURCE_PASSWORD_NAME, source_spec
from tests.fixtures.clock import FakeClock
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands

INPUTS = MigrateMysqlInputs(
    database=DatabaseSpec("books-db", database_name="books", new_security_group_name="books-sql"),
    replication_instance=ReplicationInstanceSpec("books-repl"),
    source=source_spec(),
    task_identifier="books-migration",
    table_mapping=TableMapping.include_all("books"),
)
CREATES = {
    "create_role",
    "create_db_instance",
    "create_db_subnet_group",
    "create_security_group",
    "create_replication_subnet_group",
    "create_replication_instance",
    "create_endpoint",
    "create_replication_task",
    "authorize_security_group_ingress",
}


def _store() -> InMemoryStore:
    store = InMemoryStore()
    store.set(SOURCE_PASSWORD_NAME, SOURCE_PASSWORD)
    return store


async def test_runs_from_nothing_to_load_complete(
    sandbox_door: AwsDoor, app_paths: AppPaths, sandbox: SandboxServer
) -> None:
    ctx = FlowContext(sandbox_door, Ledger(app_paths.ledger_file), clock=FakeClock())
    progress = GuidedProgress.for_connection(app_paths, "sandbox", "us-east-1")

    result = await run_guided_migration(INPUTS, DB_PASSWORD, _store(), ctx, progress)

    assert result.final is not None
    assert result.final.load_complete
    assert "books.authors" in [table.name for table in result.final.tables]
    assert result.database_endpoint.startswith("books-db.")
    assert result.replication_instance is not None
    assert result.replication_instance.public_ip in result.onprem_instructions
    assert [test.succeeded for test in result.tests] == [True, True]
    assert progress.next_step is None
    assert progress.path.parent.parent == app_paths.data_dir


async def test_resumes_after_the_app_was_closed_without_duplicates(
    sandbox_door: AwsDoor, app_paths: AppPaths, sandbox: SandboxServer
) -> None:
    store = _store()
    ledger = Ledger(app_paths.ledger_file)
    first = FlowContext(sandbox_door, ledger, clock=FakeClock())
    runs: list[asyncio.Task[object]] = []

    def close_app_while_replication_instance_starts(event: Event) -> None:
        if isinstance(event, StatusChanged) and event.subject.startswith("Replication instance"):
            runs[0].cancel()

    first.sink = close_app_while_replication_instance_starts
    progress = GuidedProgress.for_connection(app_paths, "sandbox", "us-east-1")
    runs.append(
        asyncio.create_task(run_guided_migration(INPUTS, DB_PASSWORD, store, first, progress))
    )
    with pytest.raises(asyncio.CancelledError):
        await runs[0]
    assert progress.next_step is GuidedStep.REPLICATION_INSTANCE

    # A new app session: new door records, new context, progress read back from disk.
    calls_before = len(sandbox_door.records)
    second = FlowContext(sandbox_door, Ledger(app_paths.ledger_file), clock=FakeClock())
    reloaded = GuidedProgress.for_connection(app_paths, "sandbox", "us-east-1")
    assert reloaded.is_done(GuidedStep.DATABASE)

    result = await run_guided_migration(INPUTS, "", store, second, reloaded)

    assert result.final is not None
    assert result.final.load_complete
    creates = Counter(r.operation for r in sandbox_door.records if r.operation in CREATES)
    assert creates["create_db_instance"] == 1
    assert creates["create_replication_instance"] == 1
    assert creates["create_replication_task"] == 1
    second_run = [r.operation for r in sandbox_door.records[calls_before:]]
    assert "create_db_instance" not in second_run
    assert "create_replication_instance" not in second_run
    listed = await sandbox_door.call(DMS.describe_replication_instances)
    assert len(listed["ReplicationInstances"]) == 1
    keys = [entry.key for entry in ledger.entries("sandbox")]
    assert len(keys) == len(set(keys))

    # And once more: everything is done, nothing is created.
    calls_before = len(sandbox_door.records)
    third = FlowContext(sandbox_door, Ledger(app_paths.ledger_file), clock=FakeClock())
    again = await run_guided_migration(INPUTS, "", store, third, reloaded)
    assert again.final is not None
    assert again.final.load_complete
    assert not [r for r in sandbox_door.records[calls_before:] if r.operation in CREATES]
    assert account_changes(sandbox_door, calls_before) == []  # not even a start


async def test_the_review_step_by_step_is_what_the_run_did(
    sandbox_door: AwsDoor, app_paths: AppPaths, sandbox: SandboxServer
) -> None:
    ctx = FlowContext(sandbox_door, Ledger(app_paths.ledger_file), clock=FakeClock())
    progress = GuidedProgress.for_connection(app_paths, "sandbox", "us-east-1")
    flow = MigrateMysqlFlow(INPUTS, DB_PASSWORD, _store(), progress)
    assert flow.problems() == {}
    assert list(flow.step_plans()) == list(GuidedStep)
    reviewed = commands(render_plan(sandbox_door, flow.plan()))

    result = await flow.run(ctx)

    assert result.final is not None
    assert result.final.load_complete
    # A fresh Sandbox: every "only if missing" call (roles, subnet groups, groups) is made.
    assert_review_is_what_was_done(reviewed, account_changes(sandbox_door))
    shown = "\n".join(reviewed)
    assert DB_PASSWORD not in shown
    assert SOURCE_PASSWORD not in shown


def test_the_review_names_what_earlier_steps_make_by_placeholders() -> None:
    plans = MigrateMysqlFlow(
        replace(INPUTS, allow_by_security_group=True), "", InMemoryStore(), _nowhere()
    ).step_plans()

    (rule,) = plans[GuidedStep.NETWORK]
    assert rule.call.params["GroupId"] == "<security group of the new database>"
    pairs = rule.call.params["IpPermissions"][0]["UserIdGroupPairs"]
    assert pairs[0]["GroupId"] == "<security group of the replication instance>"
    (target,) = plans[GuidedStep.TARGET_ENDPOINT]
    assert target.call.params["ServerName"] == "<address of the new database>"
    assert target.call.params["Username"] == "admin"
    (start,) = plans[GuidedStep.RUN]
    assert start.call.params["ReplicationTaskArn"] == "<ARN of the task>"
    assert [planned.call.name for planned in plans[GuidedStep.CONNECTION_TESTS]] == [
        "test_connection",
        "test_connection",
    ]


def test_problems_name_each_steps_bad_fields_before_any_call() -> None:
    inputs = replace(
        INPUTS,
        task_identifier="1-task",
        replication_instance=ReplicationInstanceSpec("books-repl", allocated_storage=1),
    )

    problems = MigrateMysqlFlow(inputs, "short", InMemoryStore(), _nowhere()).problems()

    assert set(problems) == {
        "database.master_password",
        "replication_instance.allocated_storage",
        "source.password",
        "task.identifier",
    }


def test_the_choices_make_the_names_and_come_back_after_a_restart(app_paths: AppPaths) -> None:
    choices = GuidedChoices(
        source_server="db1.example.com", target_identifier="shop-db", task_identifier="shop-move"
    )

    inputs = choices.inputs()
    save_choices(app_paths, "sandbox", "us-east-1", choices)

    assert inputs.database.new_security_group_name == "shop-db-mysql"
    assert inputs.source.identifier == "shop-move-source"
    assert inputs.target_endpoint_identifier == "shop-move-target"
    assert inputs.table_mapping.selections[0].schema == "books"
    assert load_choices(app_paths, "sandbox", "us-east-1") == choices
    assert load_choices(app_paths, "sandbox", "eu-west-1") is None


def _nowhere() -> GuidedProgress:
    """Progress that was never saved (nothing done), in a file never written."""
    return GuidedProgress(Path("/nonexistent/migrate-mysql.json"))
