"""What the guided migration will do: its inputs, and per step the calls that change the
account, composed from the step flows' own plans.

A value an earlier step of the same run makes (the new database's address and security
group, the replication instance's IP and ARN, the endpoints' and the task's ARNs) is a
placeholder here, given to the same builders the run gives the real value to.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.flows.connection_tests import connection_test_call
from core.flows.endpoints import EndpointSpec, planned_endpoint, rds_target_spec
from core.flows.migrate_mysql_progress import GuidedStep
from core.flows.migration_task import (
    MigrationTaskFlow,
    MigrationTaskInputs,
    MigrationType,
    TablePrepMode,
    TaskSpec,
    start_task_call,
)
from core.flows.network_access import NetworkAccessFlow, NetworkAccessInputs
from core.flows.prerequisites import PrerequisitesFlow, PrerequisitesInputs
from core.flows.replication_instance import ReplicationInstanceFlow, ReplicationInstanceSpec
from core.flows.shape import PlannedCall
from core.flows.table_mapping import TableMapping
from core.flows.target_database import DatabaseSpec, planned_calls

__all__ = [
    "DATABASE_ADDRESS",
    "DATABASE_GROUP",
    "REPLICATION_ARN",
    "REPLICATION_GROUP",
    "REPLICATION_IP",
    "SOURCE_ARN",
    "TARGET_ARN",
    "TASK_ARN",
    "MigrateMysqlInputs",
    "network_inputs",
    "step_plans",
    "target_endpoint_spec",
    "task_spec",
]

DATABASE_ADDRESS = "<address of the new database>"
DATABASE_GROUP = "<security group of the new database>"
REPLICATION_IP = "<private IP of the replication instance>"
REPLICATION_GROUP = "<security group of the replication instance>"
REPLICATION_ARN = "<ARN of the replication instance>"
SOURCE_ARN = "<ARN of the source endpoint>"
TARGET_ARN = "<ARN of the target endpoint>"
TASK_ARN = "<ARN of the task>"


@dataclass(frozen=True)
class MigrateMysqlInputs:
    """Everything the user chose up front. ``allow_by_security_group`` opens 3306 to the
    replication instance's group instead of its private IP."""

    database: DatabaseSpec
    replication_instance: ReplicationInstanceSpec
    source: EndpointSpec
    task_identifier: str
    table_mapping: TableMapping
    migration_type: MigrationType = MigrationType.FULL_LOAD
    target_table_prep_mode: TablePrepMode = TablePrepMode.DROP_AND_CREATE
    target_endpoint_identifier: str = ""
    allow_by_security_group: bool = False


def network_inputs(
    inputs: MigrateMysqlInputs, group_id: str, *, private_ip: str, source_group_id: str
) -> NetworkAccessInputs:
    """The 3306 rule into the database's group: from the instance's group when chosen (and
    it has one), else from its private IP."""
    if inputs.allow_by_security_group and source_group_id:
        return NetworkAccessInputs(group_id, source_group_id=source_group_id)
    return NetworkAccessInputs(group_id, private_ip=private_ip)


def target_endpoint_spec(
    inputs: MigrateMysqlInputs, address: str, port: int, password_name: str = ""
) -> EndpointSpec:
    """The target endpoint of the new database (the run reads ``address`` from RDS)."""
    database = inputs.database
    return rds_target_spec(
        database.identifier,
        inputs.target_endpoint_identifier,
        address=address,
        port=port,
        username=database.master_username,
        engine=database.engine,
        password_name=password_name,
    )


def task_spec(
    inputs: MigrateMysqlInputs, replication_instance_arn: str, source_arn: str, target_arn: str
) -> TaskSpec:
    return TaskSpec(
        identifier=inputs.task_identifier,
        replication_instance_arn=replication_instance_arn,
        source_endpoint_arn=source_arn,
        target_endpoint_arn=target_arn,
        table_mapping=inputs.table_mapping,
        migration_type=inputs.migration_type,
        target_table_prep_mode=inputs.target_table_prep_mode,
    )


def step_plans(inputs: MigrateMysqlInputs) -> dict[GuidedStep, list[PlannedCall]]:
    """Each step's account-changing calls, in the order the run makes them. A step whose
    resource an earlier run made adopts it instead (its creates are then skipped)."""
    network = network_inputs(
        inputs, DATABASE_GROUP, private_ip=REPLICATION_IP, source_group_id=REPLICATION_GROUP
    )
    target = target_endpoint_spec(inputs, DATABASE_ADDRESS, inputs.database.port)
    task = MigrationTaskInputs(task_spec(inputs, REPLICATION_ARN, SOURCE_ARN, TARGET_ARN))
    return {
        GuidedStep.PREREQUISITES: list(PrerequisitesFlow(PrerequisitesInputs()).plan()),
        GuidedStep.DATABASE: planned_calls(inputs.database),
        GuidedStep.REPLICATION_INSTANCE: ReplicationInstanceFlow(
            inputs.replication_instance
        ).plan(),
        GuidedStep.NETWORK: NetworkAccessFlow(network).plan(),
        GuidedStep.SOURCE_ENDPOINT: [planned_endpoint(inputs.source)],
        GuidedStep.TARGET_ENDPOINT: [planned_endpoint(target)],
        GuidedStep.CONNECTION_TESTS: [
            PlannedCall(connection_test_call(REPLICATION_ARN, SOURCE_ARN)),
            PlannedCall(connection_test_call(REPLICATION_ARN, TARGET_ARN)),
        ],
        GuidedStep.TASK: MigrationTaskFlow(task).plan(),
        GuidedStep.RUN: [
            PlannedCall(start_task_call(TASK_ARN), "Only if the task has not been started:")
        ],
    }
