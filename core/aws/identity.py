"""Who a connection is: account, ARN, region, profile, and what kind of credentials."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass

from core.aws.calls import STS
from core.aws.door import AwsDoor
from core.aws.error_mapping import map_aws_error
from core.settings import ConnectionMode

__all__ = ["Identity", "credential_kind", "who_am_i"]

# botocore's names for where credentials came from -> ours.
_KINDS = {
    "sso": "sso",
    "assume-role": "role",
    "assume-role-with-web-identity": "web-identity",
    "custom-process": "process",
    "shared-credentials-file": "static-keys",
    "config-file": "static-keys",
    "env": "env",
    "explicit": "stored-keys",
    "iam-role": "instance-role",
    "container-role": "container-role",
}


@dataclass(frozen=True)
class Identity:
    """``credentials`` is one of: sandbox, stored-keys, sso, role, web-identity, process,
    static-keys, env, instance-role, container-role (or botocore's own name of another)."""

    account: str
    arn: str
    region: str
    profile: str
    credentials: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def credential_kind(door: AwsDoor) -> str:
    """Where ``door``'s credentials come from. Resolving them may run a credential process
    or call SSO: call it off the event loop, after a call that resolved them already."""
    if door.connection.is_sandbox:
        return "sandbox"
    if door.connection.mode is ConnectionMode.KEYS:
        return "stored-keys"
    try:
        credentials = door.session().get_credentials()
    except Exception as error:
        raise map_aws_error(error, "sts get-caller-identity") from error
    method = getattr(credentials, "method", "") or "none"
    return _KINDS.get(method, method)


async def who_am_i(door: AwsDoor) -> Identity:
    """``sts get-caller-identity`` on ``door``, and what signed it."""
    answer = await door.call(STS.get_caller_identity)
    return Identity(
        account=str(answer["Account"]),
        arn=str(answer["Arn"]),
        region=door.connection.region,
        profile=door.connection.profile,
        credentials=await asyncio.to_thread(credential_kind, door),
    )
