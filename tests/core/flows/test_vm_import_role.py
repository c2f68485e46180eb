"""The vmimport role: created when missing, left alone when right, widened only with consent,
a wrong trust policy reported with the fix."""

from __future__ import annotations

import json
from typing import Any

from core.aws import IAM
from core.flows.context import FlowContext
from core.flows.shape import render_plan
from core.flows.vm_import_role import (
    ROLE_NAME,
    RoleState,
    ensure_vmimport_role,
    role_plan,
    role_policy,
    vmimport_trust_policy,
)
from core.ledger import ResourceKind
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands

BUCKET = "vm-images"


def _role(ctx: FlowContext, trust: dict[str, Any] | None = None) -> Any:
    iam = ctx.door.client("iam")
    document = json.dumps(trust or vmimport_trust_policy())
    iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=document)
    return iam


async def test_a_missing_role_is_created_as_the_review_shows(sandbox_ctx: FlowContext) -> None:
    reviewed = commands(render_plan(sandbox_ctx.door, role_plan(BUCKET, sandbox_ctx.region)))

    role = await ensure_vmimport_role(sandbox_ctx, BUCKET, "web01.ova")

    assert (role.state, role.usable, role.changed) == (RoleState.CREATED, True, True)
    assert_review_is_what_was_done(reviewed, account_changes(sandbox_ctx.door))
    assert "sts:Externalid" in reviewed[0] and "vmie.amazonaws.com" in reviewed[0]
    assert "arn:aws:s3:::vm-images/*" in reviewed[1]
    [entry] = sandbox_ctx.ledger.entries("sandbox")
    assert (entry.kind, entry.resource_id, entry.arn) == (
        ResourceKind.IAM_ROLE,
        ROLE_NAME,
        role.arn,
    )
    found = await sandbox_ctx.door.call(
        IAM.get_role_policy, RoleName=ROLE_NAME, PolicyName="vmimport-vm-images"
    )
    assert found["PolicyDocument"] == role_policy(BUCKET, "us-east-1")


async def test_a_correct_role_is_left_alone(sandbox_ctx: FlowContext) -> None:
    await ensure_vmimport_role(sandbox_ctx, BUCKET, "web01.ova")
    before = len(sandbox_ctx.door.records)

    again = await ensure_vmimport_role(sandbox_ctx, BUCKET, "other/web02.vhd")

    assert (again.state, again.changed) == (RoleState.CORRECT, False)
    assert account_changes(sandbox_ctx.door, before) == []


async def test_a_managed_policy_that_reads_every_bucket_counts(sandbox_ctx: FlowContext) -> None:
    iam = _role(sandbox_ctx)
    wide = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}],
    }
    arn = iam.create_policy(PolicyName="wide", PolicyDocument=json.dumps(wide))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=ROLE_NAME, PolicyArn=arn)

    role = await ensure_vmimport_role(sandbox_ctx, BUCKET, "web01.ova")

    assert role.state is RoleState.CORRECT


async def test_a_role_without_the_bucket_gets_it_only_with_consent(
    sandbox_ctx: FlowContext,
) -> None:
    iam = _role(sandbox_ctx)
    iam.put_role_policy(
        RoleName=ROLE_NAME,
        PolicyName="vmimport",
        PolicyDocument=json.dumps(role_policy("old-images", "us-east-1")),
    )
    before = len(sandbox_ctx.door.records)

    refused = await ensure_vmimport_role(sandbox_ctx, BUCKET, "web01.ova")

    assert (refused.state, refused.usable) == (RoleState.NEEDS_BUCKET, False)
    assert "s3:GetBucketLocation, s3:ListBucket, s3:GetObject for s3://vm-images" in refused.problem
    assert refused.fix.startswith("aws iam put-role-policy --role-name vmimport")
    assert account_changes(sandbox_ctx.door, before) == []

    repaired = await ensure_vmimport_role(sandbox_ctx, BUCKET, "web01.ova", update_role=True)

    assert (repaired.state, repaired.changed) == (RoleState.BUCKET_ADDED, True)
    [change] = account_changes(sandbox_ctx.door, before)
    assert change == refused.fix  # the command shown is the call made
    names = iam.list_role_policies(RoleName=ROLE_NAME)["PolicyNames"]
    assert sorted(names) == ["vmimport", "vmimport-vm-images"]  # the user's own policy kept
    assert sandbox_ctx.ledger.entries("sandbox") == []  # the role is not ours to delete


async def test_a_wrong_trust_policy_is_reported_with_the_fix(sandbox_ctx: FlowContext) -> None:
    trust = vmimport_trust_policy()
    trust["Statement"][0]["Condition"]["StringEquals"]["sts:Externalid"] = "someone-else"
    _role(sandbox_ctx, trust)
    before = len(sandbox_ctx.door.records)

    role = await ensure_vmimport_role(sandbox_ctx, BUCKET, "web01.ova", update_role=True)

    assert role.state is RoleState.WRONG_TRUST
    assert "external id vmimport" in role.problem
    assert role.fix.startswith("aws iam update-assume-role-policy --role-name vmimport")
    assert account_changes(sandbox_ctx.door, before) == []  # consent covers the bucket only
