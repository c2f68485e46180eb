"""The first steps of the scenario, shared by the endpoint, task and teardown tests."""

from __future__ import annotations

from dataclasses import dataclass

from core.credentials import CredentialStore
from core.database import password_name
from core.flows.context import FlowContext
from core.flows.endpoints import (
    EndpointResult,
    EndpointSpec,
    EndpointType,
    create_endpoint,
    target_spec_from_rds,
)
from core.flows.network_access import allow_mysql_from_replication_instance
from core.flows.prerequisites import ensure_dms_roles
from core.flows.replication_instance import (
    ReplicationInstanceResult,
    ReplicationInstanceSpec,
    create_replication_instance,
)
from core.flows.target_database import DatabaseResult, DatabaseSpec, create_database

DB_PASSWORD = "Target-secret1"
SOURCE_PASSWORD = "Source-secret1"
# The login's name, as every flow saves and reads it.
SOURCE_PASSWORD_NAME = password_name("dms_user", "db1.example.com", 3306)


@dataclass(frozen=True)
class Built:
    database: DatabaseResult
    instance: ReplicationInstanceResult
    source: EndpointResult
    target: EndpointResult


async def build_part_one(
    ctx: FlowContext, store: CredentialStore
) -> tuple[DatabaseResult, ReplicationInstanceResult]:
    await ensure_dms_roles(ctx)
    database = await create_database(
        DatabaseSpec("books-db", database_name="books", new_security_group_name="books-db-mysql"),
        DB_PASSWORD,
        store,
        ctx,
    )
    instance = await create_replication_instance(ReplicationInstanceSpec("books-repl"), ctx)
    await allow_mysql_from_replication_instance(
        ctx, database.security_group_ids[0], private_ip=instance.private_ip
    )
    return database, instance


def source_spec() -> EndpointSpec:
    return EndpointSpec(
        identifier="source-books",
        endpoint_type=EndpointType.SOURCE,
        server_name="db1.example.com",
        username="dms_user",
        password_name=SOURCE_PASSWORD_NAME,
        database_name="books",
    )


async def build_all(ctx: FlowContext, store: CredentialStore) -> Built:
    store.set(SOURCE_PASSWORD_NAME, SOURCE_PASSWORD)
    database, instance = await build_part_one(ctx, store)
    source = await create_endpoint(source_spec(), store, ctx)
    target = await create_endpoint(await target_spec_from_rds(ctx, database.identifier), store, ctx)
    return Built(database, instance, source, target)
