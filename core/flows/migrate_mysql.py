""" "Migrate a MySQL database": the whole scenario as one resumable flow, ``MigrateMysqlFlow``,
composed of the step flows; its plan per step is ``core.flows.migrate_mysql_plan``'s.

Progress is saved after every step in a JSON file under ``AppPaths.data_dir``. Running the
flow again (after the app was closed or crashed) skips finished steps and adopts resources
an earlier run created (found in the ledger) instead of creating them twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core.credentials import CredentialStore
from core.errors import MigrationAssistantError
from core.flows import input_checks as check
from core.flows.context import FlowContext
from core.flows.endpoints import (
    ConnectionTestResult,
    EndpointSpec,
    create_endpoint,
    endpoint_problems,
    run_connection_test,
    target_spec_from_rds,
)
from core.flows.migrate_mysql_plan import MigrateMysqlInputs, network_inputs, step_plans, task_spec
from core.flows.migrate_mysql_progress import GuidedProgress, GuidedStep
from core.flows.migration_task import (
    MigrationTaskFlow,
    MigrationTaskInputs,
    MigrationType,
    TaskSnapshot,
    monitor_task,
    start_task,
)
from core.flows.network_access import NetworkAccessFlow, onprem_instructions
from core.flows.prerequisites import PrerequisitesFlow, PrerequisitesInputs
from core.flows.replication_instance import (
    ReplicationInstanceFlow,
    ReplicationInstanceResult,
    wait_for_replication_instance,
)
from core.flows.shape import Flow, PlannedCall, all_problems
from core.flows.target_database import TargetDatabaseFlow, wait_for_database
from core.ledger import ResourceKind

__all__ = [
    "GuidedProgress",
    "GuidedResult",
    "GuidedStep",
    "MigrateMysqlFlow",
    "MigrateMysqlInputs",
    "run_guided_migration",
]


@dataclass
class GuidedResult:
    database_endpoint: str = ""
    database_port: int = 0
    replication_instance: ReplicationInstanceResult | None = None
    source_arn: str = ""
    target_arn: str = ""
    tests: list[ConnectionTestResult] = field(default_factory=list)
    task_arn: str = ""
    final: TaskSnapshot | None = None
    onprem_instructions: str = ""
    skipped: list[GuidedStep] = field(default_factory=list)


_ALWAYS_RUN = (GuidedStep.DATABASE, GuidedStep.REPLICATION_INSTANCE, GuidedStep.RUN)


def _finished(migration_type: MigrationType) -> Callable[[TaskSnapshot], bool]:
    """A full load ends by itself (stopped, 'Load complete'); ongoing replication counts as
    done once the full load is in and it is running (the user stops it when they switch
    over)."""

    def finished(snapshot: TaskSnapshot) -> bool:
        if snapshot.load_complete:
            return True
        ongoing = migration_type is not MigrationType.FULL_LOAD
        return ongoing and snapshot.status == "running" and snapshot.progress_percent >= 100

    return finished


@dataclass
class _Run:
    """One run of the guided flow: a method per step, each returning the ids to save."""

    inputs: MigrateMysqlInputs
    password: str
    store: CredentialStore
    ctx: FlowContext
    on_snapshot: Callable[[TaskSnapshot], None] | None
    done: dict[GuidedStep, dict[str, str]] = field(default_factory=dict)
    result: GuidedResult = field(default_factory=GuidedResult)

    async def created_before(self, kind: ResourceKind, resource_id: str) -> bool:
        return self.ctx.ledger.find(kind, resource_id, await self.ctx.scope()) is not None

    async def prerequisites(self) -> dict[str, str]:
        roles = await PrerequisitesFlow(PrerequisitesInputs()).run(self.ctx)
        wrong = [role for role in roles.roles if role.fix]
        if wrong:
            raise MigrationAssistantError(
                " ".join(role.summary for role in wrong), "\n".join(role.fix for role in wrong)
            )
        return {}

    async def database(self) -> dict[str, str]:
        identifier = check.validate_db_instance_identifier(self.inputs.database.identifier)
        if await self.created_before(ResourceKind.RDS_INSTANCE, identifier):
            ready = await wait_for_database(self.ctx, identifier)
            endpoint = ready.get("Endpoint", {})
            groups = [group["VpcSecurityGroupId"] for group in ready.get("VpcSecurityGroups", [])]
            self.result.database_endpoint = str(endpoint.get("Address", ""))
            self.result.database_port = int(endpoint.get("Port", 0))
            return {"identifier": identifier, "security_group_id": groups[0] if groups else ""}
        flow = TargetDatabaseFlow(self.inputs.database, self.password, self.store)
        created = await flow.run(self.ctx)
        self.result.database_endpoint, self.result.database_port = created.endpoint, created.port
        return {"identifier": identifier, "security_group_id": created.security_group_ids[0]}

    async def replication_instance(self) -> dict[str, str]:
        spec = self.inputs.replication_instance
        identifier = check.validate_dms_identifier(spec.identifier, "replication_instance")
        if await self.created_before(ResourceKind.REPLICATION_INSTANCE, identifier):
            instance = await wait_for_replication_instance(self.ctx, identifier)
        else:
            instance = await ReplicationInstanceFlow(spec).run(self.ctx)
        self.result.replication_instance = instance
        return {"identifier": identifier, "arn": instance.arn}

    async def network(self) -> dict[str, str]:
        group_id = self.done[GuidedStep.DATABASE]["security_group_id"]
        instance = self.result.replication_instance
        assert instance is not None  # the replication instance step always runs first
        groups = instance.security_group_ids
        rule = network_inputs(
            self.inputs,
            group_id,
            private_ip=instance.private_ip,
            source_group_id=groups[0] if groups else "",
        )
        await NetworkAccessFlow(rule).run(self.ctx)
        return {"group_id": group_id}

    async def endpoint(self, spec: EndpointSpec) -> dict[str, str]:
        identifier = check.validate_dms_identifier(spec.identifier, "endpoint")
        if await self.created_before(ResourceKind.DMS_ENDPOINT, identifier):
            found = await check.dms_lookup(self.ctx.door, "endpoint", identifier)
            if found is not None:
                return {"arn": str(found["EndpointArn"])}
        return {"arn": (await create_endpoint(spec, self.store, self.ctx)).arn}

    async def source_endpoint(self) -> dict[str, str]:
        return await self.endpoint(self.inputs.source)

    async def target_endpoint(self) -> dict[str, str]:
        target = await target_spec_from_rds(
            self.ctx,
            self.done[GuidedStep.DATABASE]["identifier"],
            self.inputs.target_endpoint_identifier,
        )
        return await self.endpoint(target)

    async def connection_tests(self) -> dict[str, str]:
        instance_arn = self.done[GuidedStep.REPLICATION_INSTANCE]["arn"]
        for label, step in (
            ("Source", GuidedStep.SOURCE_ENDPOINT),
            ("Target", GuidedStep.TARGET_ENDPOINT),
        ):
            test = await run_connection_test(
                self.ctx, instance_arn, self.done[step]["arn"], label=label
            )
            self.result.tests.append(test)
            if not test.succeeded:
                raise MigrationAssistantError(
                    f"{label} connection test failed: {test.message}",
                    " ".join(test.likely_fixes),
                )
        return {}

    async def task(self) -> dict[str, str]:
        identifier = check.validate_dms_identifier(self.inputs.task_identifier, "task")
        if await self.created_before(ResourceKind.REPLICATION_TASK, identifier):
            found = await check.dms_lookup(self.ctx.door, "task", identifier)
            if found is not None:
                return {"identifier": identifier, "arn": str(found["ReplicationTaskArn"])}
        spec = task_spec(
            self.inputs,
            self.done[GuidedStep.REPLICATION_INSTANCE]["arn"],
            self.done[GuidedStep.SOURCE_ENDPOINT]["arn"],
            self.done[GuidedStep.TARGET_ENDPOINT]["arn"],
        )
        task = await MigrationTaskFlow(MigrationTaskInputs(spec)).run(self.ctx)
        return {"identifier": identifier, "arn": task.arn}

    async def run(self) -> dict[str, str]:
        arn = self.done[GuidedStep.TASK]["arn"]
        found = await check.dms_lookup(
            self.ctx.door, "task", self.done[GuidedStep.TASK]["identifier"]
        )
        starting = found is not None and found.get("Status") == "ready"
        if starting:
            await start_task(self.ctx, arn)
        final = await monitor_task(
            self.ctx,
            arn,
            on_snapshot=self.on_snapshot,
            until=_finished(self.inputs.migration_type),
            just_started=starting,
        )
        self.result.final = final
        if final.status == "failed":
            raise MigrationAssistantError(
                f"The migration task failed: {final.last_failure or 'no message'}",
                "Fix the cause shown, then resume the task from the monitoring page.",
            )
        return {"arn": arn, "status": final.status}

    def step_method(self, step: GuidedStep) -> Callable[[], Awaitable[dict[str, str]]]:
        method: Callable[[], Awaitable[dict[str, str]]] = getattr(
            self, step.value.replace("-", "_")
        )
        return method


async def run_guided_migration(
    inputs: MigrateMysqlInputs,
    database_password: str,
    store: CredentialStore,
    ctx: FlowContext,
    progress: GuidedProgress,
    *,
    on_snapshot: Callable[[TaskSnapshot], None] | None = None,
) -> GuidedResult:
    """Run (or continue) the scenario to Load complete. ``database_password`` is needed
    only while the database step is not done. Cancel by cancelling the asyncio task; the
    saved progress lets the next run continue."""
    run = _Run(inputs, database_password, store, ctx, on_snapshot)
    for step in GuidedStep:
        # These three always run: they adopt what exists and fill in the result.
        if progress.is_done(step) and step not in _ALWAYS_RUN:
            run.done[step] = progress.ids(step)
            run.result.skipped.append(step)
            continue
        ctx.report.note(f"Guided migration: {step.value}")
        run.done[step] = await run.step_method(step)()
        progress.mark_done(step, **run.done[step])
    result = run.result
    result.source_arn = run.done[GuidedStep.SOURCE_ENDPOINT]["arn"]
    result.target_arn = run.done[GuidedStep.TARGET_ENDPOINT]["arn"]
    result.task_arn = run.done[GuidedStep.TASK]["arn"]
    if result.replication_instance is not None:
        result.onprem_instructions = onprem_instructions(
            result.replication_instance.public_ip,
            db_user=inputs.source.username,
            database=inputs.source.database_name,
            server_name=inputs.source.server_name,
            port=inputs.source.port,
            engine=inputs.source.engine,
        )
    return result


class MigrateMysqlFlow(Flow[MigrateMysqlInputs, GuidedResult]):
    """The whole migration, resumable: ``progress`` (saved per connection) skips the steps
    an earlier run finished. Given apart: the database's master password (needed only
    while the database step is not done) and the store passwords are read from."""

    key = "migrate-mysql"

    def __init__(
        self,
        inputs: MigrateMysqlInputs,
        database_password: str,
        store: CredentialStore,
        progress: GuidedProgress,
        *,
        on_snapshot: Callable[[TaskSnapshot], None] | None = None,
    ) -> None:
        super().__init__(inputs)
        self._password = database_password
        self._store = store
        self._progress = progress
        self._on_snapshot = on_snapshot

    def problems(self) -> dict[str, str]:
        """Each step's fields, as ``database.identifier``, ``source.password`` ..."""
        inputs = self.inputs
        database = TargetDatabaseFlow(inputs.database, self._password, self._store).problems()
        if self._progress.is_done(GuidedStep.DATABASE):
            database.pop("master_password", None)  # made already: no password needed
        parts = {
            "database": database,
            "replication_instance": ReplicationInstanceFlow(inputs.replication_instance).problems(),
            "source": endpoint_problems(inputs.source, self._store),
            "task": all_problems(
                lambda: check.validate_dms_identifier(inputs.task_identifier, "task"),
                inputs.table_mapping.to_document,
            ),
        }
        return {
            f"{part}.{name}": text for part, found in parts.items() for name, text in found.items()
        }

    def step_plans(self) -> dict[GuidedStep, list[PlannedCall]]:
        """The plan per step, for a review that marks the steps already done."""
        return step_plans(self.inputs)

    def plan(self) -> list[PlannedCall]:
        per_step = self.step_plans()
        return [planned for step in GuidedStep for planned in per_step[step]]

    async def run(self, ctx: FlowContext) -> GuidedResult:
        return await run_guided_migration(
            self.inputs,
            self._password,
            self._store,
            ctx,
            self._progress,
            on_snapshot=self._on_snapshot,
        )
