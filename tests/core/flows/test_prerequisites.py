"""The DMS roles: created when missing, left alone when right, reported when wrong."""

from __future__ import annotations

import json

import pytest

from core.aws import IAM
from core.errors import AccessDenied, AwsError
from core.events import Note, RecordingSink
from core.flows.context import FlowContext
from core.flows.prerequisites import (
    DMS_ROLES,
    PrerequisitesFlow,
    PrerequisitesInputs,
    RoleOutcome,
    ensure_dms_roles,
    retry_while_iam_propagates,
    trust_policy,
)
from core.flows.shape import render_plan
from core.ledger import ResourceKind
from tests.fixtures.clock import FakeClock
from tests.fixtures.faults import inject_error
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands

WRITES = {"create_role", "attach_role_policy", "update_assume_role_policy", "put_role_policy"}


async def test_creates_both_roles_records_them_and_waits_for_iam(moto_ctx: FlowContext) -> None:
    result = await ensure_dms_roles(moto_ctx, propagation_wait=10)

    assert [role.outcome for role in result.roles] == [RoleOutcome.CREATED] * 2
    assert result.ready
    ledger = moto_ctx.ledger.entries("sandbox")
    assert {(entry.kind, entry.resource_id) for entry in ledger} == {
        (ResourceKind.IAM_ROLE, "dms-vpc-role"),
        (ResourceKind.IAM_ROLE, "dms-cloudwatch-logs-role"),
    }
    attached = await moto_ctx.door.call(IAM.list_attached_role_policies, RoleName="dms-vpc-role")
    assert [item["PolicyArn"] for item in attached["AttachedPolicies"]] == [DMS_ROLES[0].policy_arn]
    assert isinstance(moto_ctx.clock, FakeClock)
    assert moto_ctx.clock.sleeps == [10]
    assert isinstance(moto_ctx.sink, RecordingSink)
    assert any("IAM roles take a moment" in note.text for note in moto_ctx.sink.of_type(Note))


async def test_the_review_shows_exactly_the_calls_that_create_missing_roles(
    moto_ctx: FlowContext,
) -> None:
    flow = PrerequisitesFlow(PrerequisitesInputs(propagation_wait=0))
    reviewed = commands(render_plan(moto_ctx.door, flow.plan()))

    await flow.run(moto_ctx)

    made = [record.cli for record in moto_ctx.door.records if record.operation in WRITES]
    assert_review_is_what_was_done(reviewed, made)
    assert reviewed == made  # nothing is known only at run time: the very same text
    assert "dms.amazonaws.com" in reviewed[0]


async def test_every_reviewed_call_is_only_for_a_missing_role_and_a_rerun_makes_none(
    moto_ctx: FlowContext,
) -> None:
    flow = PrerequisitesFlow(PrerequisitesInputs(propagation_wait=0))
    assert [planned.when for planned in flow.plan()] == [
        f"Only if the role {role.name} is missing:" for role in DMS_ROLES for _ in range(2)
    ]
    await flow.run(moto_ctx)
    calls_before = len(moto_ctx.door.records)

    again = await flow.run(moto_ctx)

    assert [role.outcome for role in again.roles] == [RoleOutcome.ALREADY_CORRECT] * 2
    assert account_changes(moto_ctx.door, calls_before) == []


def test_a_negative_wait_is_a_problem_before_any_call() -> None:
    flow = PrerequisitesFlow(PrerequisitesInputs(propagation_wait=-1))
    assert list(flow.problems()) == ["propagation_wait"]
    assert PrerequisitesFlow(PrerequisitesInputs()).problems() == {}


async def test_running_again_changes_nothing(moto_ctx: FlowContext) -> None:
    await ensure_dms_roles(moto_ctx)
    ledger_before = moto_ctx.ledger.entries("sandbox")
    calls_before = len(moto_ctx.door.records)

    again = await ensure_dms_roles(moto_ctx)

    assert [role.outcome for role in again.roles] == [RoleOutcome.ALREADY_CORRECT] * 2
    assert [role.summary for role in again.roles] == [
        "dms-vpc-role: already correct",
        "dms-cloudwatch-logs-role: already correct",
    ]
    second_run = moto_ctx.door.records[calls_before:]
    assert second_run
    assert not [record for record in second_run if record.operation in WRITES]
    assert moto_ctx.ledger.entries("sandbox") == ledger_before


async def test_a_wrong_role_is_reported_with_the_fix_and_left_alone(
    moto_ctx: FlowContext,
) -> None:
    await moto_ctx.door.call(
        IAM.create_role,
        RoleName="dms-vpc-role",
        AssumeRolePolicyDocument=json.dumps(trust_policy("ec2.amazonaws.com")),
    )
    calls_before = len(moto_ctx.door.records)

    result = await ensure_dms_roles(moto_ctx)

    vpc_role = result.roles[0]
    assert vpc_role.outcome is RoleOutcome.NEEDS_FIX
    assert not result.ready
    assert "does not let dms.amazonaws.com assume it" in vpc_role.problems[0]
    assert "AmazonDMSVPCManagementRole is not attached" in vpc_role.problems[1]
    assert "aws iam update-assume-role-policy --role-name dms-vpc-role" in vpc_role.fix
    assert "aws iam attach-role-policy --role-name dms-vpc-role" in vpc_role.fix
    touched = [
        record
        for record in moto_ctx.door.records[calls_before:]
        if record.operation in WRITES and "dms-vpc-role" in record.cli
    ]
    assert touched == []
    assert moto_ctx.ledger.find(ResourceKind.IAM_ROLE, "dms-vpc-role", "sandbox") is None


async def test_access_denied_is_a_plain_message(moto_ctx: FlowContext) -> None:
    inject_error(
        moto_ctx.door,
        "iam",
        "GetRole",
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:GetRole",
        status=403,
    )
    with pytest.raises(AccessDenied) as caught:
        await ensure_dms_roles(moto_ctx)
    assert caught.value.message.startswith("AWS denied access to 'iam get-role'")
    assert "administrator" in caught.value.fix


async def test_retries_while_dms_does_not_see_the_role(
    clock: FakeClock, sink: RecordingSink
) -> None:
    attempts: list[int] = []

    async def create_instance() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise AccessDenied(
                "AWS denied access to 'dms create-replication-instance': The IAM Role "
                "arn:aws:iam::123456789012:role/dms-vpc-role is not configured properly."
            )
        return "created"

    assert await retry_while_iam_propagates(create_instance, sink=sink, clock=clock) == "created"
    assert clock.sleeps == [5, 10]
    notes = sink.of_type(Note)
    assert len(notes) == 2
    assert "does not see the IAM role dms-vpc-role yet" in notes[0].text


async def test_other_errors_are_not_retried(clock: FakeClock, sink: RecordingSink) -> None:
    async def broken() -> None:
        raise AwsError("Something else went wrong.")

    with pytest.raises(AwsError, match="Something else"):
        await retry_while_iam_propagates(broken, sink=sink, clock=clock)
    assert clock.sleeps == []


async def test_gives_up_with_a_fix_after_the_last_attempt(
    clock: FakeClock, sink: RecordingSink
) -> None:
    async def never() -> None:
        raise AccessDenied("dms-vpc-role is not configured properly.")

    with pytest.raises(AccessDenied) as caught:
        await retry_while_iam_propagates(never, sink=sink, clock=clock, attempts=3)
    assert len(clock.sleeps) == 2
    assert "Prerequisites page" in caught.value.fix
