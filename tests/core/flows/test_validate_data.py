"""ValidateDataFlow: problems per server without connecting, no AWS call in its plan, and
the comparison's report from its run on two real MariaDB servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.database import DatabaseAddress, DatabaseLogin, TableVerdict, ValidationOptions
from core.errors import ValidationError
from core.events import RecordingSink, StatusChanged
from core.flows.context import FlowContext, SinkContext
from core.flows.validate_data import ValidateDataFlow, ValidateDataInputs
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer

SCHEMA = "flow_validate"


@pytest.fixture
def copied(dms_source: MariaDBServer, mariadb_target: MariaDBServer) -> Iterator[None]:
    """``people`` on both servers; the target lacks row 3."""
    for server in (dms_source, mariadb_target):
        server.execute(
            f"CREATE DATABASE {SCHEMA}",
            f"CREATE TABLE {SCHEMA}.people (id INT PRIMARY KEY, name VARCHAR(20))",
            f"INSERT INTO {SCHEMA}.people VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        )
    mariadb_target.execute(f"DELETE FROM {SCHEMA}.people WHERE id = 3")
    yield
    for server in (dms_source, mariadb_target):
        server.execute(f"DROP DATABASE {SCHEMA}")


def _inputs(source: MariaDBServer, target: MariaDBServer) -> ValidateDataInputs:
    return ValidateDataInputs(
        DatabaseAddress(source.host, "validator", source.port),
        DatabaseAddress(target.host, "dms", target.port),
        (SCHEMA,),
    )


@pytest.mark.usefixtures("copied")
async def test_the_run_is_the_comparison_with_its_events(
    dms_source: MariaDBServer, mariadb_target: MariaDBServer
) -> None:
    sink = RecordingSink()
    flow = ValidateDataFlow(_inputs(dms_source, mariadb_target), DMS_PASSWORD, DMS_PASSWORD)
    assert flow.problems() == {}

    report = await flow.run(SinkContext(sink))

    [table] = report.tables
    assert table.verdict is TableVerdict.ROW_COUNT_DIFFERS
    assert (table.source_rows, table.target_rows) == (3, 2)
    assert [sample.values for sample in table.samples] == [("3",)]
    statuses = [event.subject for event in sink.of_type(StatusChanged)]
    assert statuses == [f"{SCHEMA}.people"]


@pytest.mark.usefixtures("copied")
async def test_a_wizard_may_pass_its_logins_and_flow_context(
    dms_source: MariaDBServer, mariadb_target: MariaDBServer, offline_ctx: FlowContext
) -> None:
    source = DatabaseLogin(dms_source.host, "validator", DMS_PASSWORD, port=dms_source.port)
    target = DatabaseLogin(mariadb_target.host, "dms", DMS_PASSWORD, port=mariadb_target.port)
    flow = ValidateDataFlow.for_logins(source, target, (SCHEMA,))
    assert flow.inputs == _inputs(dms_source, mariadb_target)

    report = await flow.run(offline_ctx)

    assert not report.identical
    assert offline_ctx.door.records == []


def test_the_plan_is_empty_and_no_password_is_in_a_repr() -> None:
    address = DatabaseAddress("db", "dms")
    flow = ValidateDataFlow(ValidateDataInputs(address, address, ("s",)), "src-pw", "tgt-pw")
    assert flow.plan() == ()
    assert "src-pw" not in repr(flow)
    assert "tgt-pw" not in repr(flow)
    assert [login.password for login in flow.logins] == ["src-pw", "tgt-pw"]


def test_problems_name_each_server_s_fields_and_the_choices() -> None:
    inputs = ValidateDataInputs(
        DatabaseAddress("", "dms", 3306),
        DatabaseAddress("db", "", 70000),
        (),
        ValidationOptions(chunk_rows=0),
    )

    problems = ValidateDataFlow(inputs, "pw", "pw").problems()

    assert set(problems) == {"source.host", "target.user", "target.port", "schemas", "chunk_rows"}
    assert problems["schemas"] == "Choose at least one schema to validate."


async def test_the_run_refuses_a_bad_field_before_connecting() -> None:
    address = DatabaseAddress("127.0.0.1", "dms", 9)
    flow = ValidateDataFlow(ValidateDataInputs(address, address, ()), "pw", "pw")
    with pytest.raises(ValidationError) as refused:
        await flow.run(SinkContext())
    assert refused.value.field == "schemas"
