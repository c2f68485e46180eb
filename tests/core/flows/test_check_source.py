"""CheckSourceFlow: problems without connecting, no AWS call in its plan, the preflight's
report from its run on a real MariaDB server."""

from __future__ import annotations

import pytest

from core.database import DatabaseAddress, DatabaseLogin, MigrationType
from core.errors import ValidationError
from core.events import RecordingSink, StatusChanged
from core.flows.check_source import CheckSourceFlow, CheckSourceInputs
from core.flows.context import FlowContext, SinkContext
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer


def _flow(server: MariaDBServer, *schemas: str, password: str = DMS_PASSWORD) -> CheckSourceFlow:
    address = DatabaseAddress(server.host, "dms", server.port)
    return CheckSourceFlow(CheckSourceInputs(address, schemas, MigrationType.CDC), password)


async def test_the_run_is_the_preflight_report_with_its_events(dms_source: MariaDBServer) -> None:
    sink = RecordingSink()
    flow = _flow(dms_source, "shop")
    assert flow.problems() == {}

    report = await flow.run(SinkContext(sink))

    assert report.ready
    assert report.schemas == ("shop",)
    assert report.migration_type is MigrationType.CDC
    statuses = {event.subject: event.status for event in sink.of_type(StatusChanged)}
    assert statuses == {check.id: "pass" for check in report.checks}


async def test_a_wizard_may_pass_its_flow_context(
    dms_source: MariaDBServer, offline_ctx: FlowContext
) -> None:
    login = DatabaseLogin(dms_source.host, "dms", DMS_PASSWORD, port=dms_source.port)

    report = await CheckSourceFlow.for_login(login, ["shop"]).run(offline_ctx)

    assert report.ready
    assert offline_ctx.door.records == []  # MySQL only: the door is never used


def test_the_plan_is_empty_and_the_password_is_in_no_repr() -> None:
    flow = CheckSourceFlow(CheckSourceInputs(DatabaseAddress("db", "dms")), "s3cret-pw")
    assert flow.plan() == ()
    assert "s3cret-pw" not in repr(flow)
    assert "s3cret-pw" not in repr(flow.inputs)
    assert flow.login.password == "s3cret-pw"


def test_problems_name_every_bad_field_without_connecting() -> None:
    bad = DatabaseAddress(" ", "", 0, connect_timeout=0)
    flow = CheckSourceFlow(CheckSourceInputs(bad, ("shop", "")), "pw")

    problems = flow.problems()

    assert set(problems) == {"host", "user", "port", "timeout", "schemas"}
    assert problems["port"] == "0 is not a TCP port. Use a number from 1 to 65535 (MySQL: 3306)."


async def test_the_run_refuses_a_bad_field_before_connecting() -> None:
    # Port 9 on this machine: a connection attempt would fail differently.
    flow = CheckSourceFlow(CheckSourceInputs(DatabaseAddress("127.0.0.1", "", 9)), "pw")
    with pytest.raises(ValidationError) as refused:
        await flow.run(SinkContext())
    assert refused.value.field == "user"
