"""Role profiles with MFA: the code comes from our prompter, never stdin (a fake STS that
accepts one code stands in for AWS)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from botocore.exceptions import RefreshWithMFAUnsupportedError

from core.aws import AwsDoor, Connection, map_aws_error
from core.aws.mfa import (
    MfaAsk,
    MfaCodeRejected,
    MfaPrompter,
    threadsafe_prompter,
    valid_mfa_code,
)
from core.aws.verify import open_verified
from core.errors import NoCredentials, OperationCancelled
from core.settings import ConnectionMode
from tests.fixtures.fake_sts import MFA_SERIAL, RIGHT_CODE, ROLE_ARN, FakeSts, MfaProfiles


def deploy_door(prompter: MfaPrompter | None) -> AwsDoor:
    return AwsDoor(
        Connection(ConnectionMode.PROFILE, "ap-southeast-2", profile="deploy"),
        mfa_prompter=prompter,
    )


def asking_door(ask: MfaAsk) -> Callable[[str], AwsDoor]:
    """Doors whose MFA prompts ``ask`` from a call's worker thread, as the window's do."""
    loop = asyncio.get_running_loop()
    return lambda problem: deploy_door(threadsafe_prompter(ask, loop, problem))


async def test_without_a_prompter_the_profile_fails_plainly_instead_of_asking_stdin(
    fake_sts: FakeSts, mfa_profiles: MfaProfiles
) -> None:
    with pytest.raises(NoCredentials) as raised:
        await deploy_door(None).identity()
    assert "'deploy' needs an MFA code" in raised.value.message
    assert (
        f"aws sts assume-role --profile ana --role-arn {ROLE_ARN} --role-session-name "
        f"migration-assistant --serial-number {MFA_SERIAL} --token-code CODE"
    ) in raised.value.fix
    assert fake_sts.codes == []


async def test_the_prompter_gets_the_serial_and_its_code_assumes_the_role(
    fake_sts: FakeSts, mfa_profiles: MfaProfiles
) -> None:
    asked: list[str] = []

    def prompter(serial: str) -> str:
        asked.append(serial)
        return f" {RIGHT_CODE}\n"

    identity = await deploy_door(prompter).identity()
    assert asked == [MFA_SERIAL]
    assert fake_sts.codes == [RIGHT_CODE]
    assert identity.arn.endswith(":assumed-role/deploy/migration-assistant")


async def test_a_refused_code_is_a_plain_error_that_says_to_enter_the_current_one(
    fake_sts: FakeSts, mfa_profiles: MfaProfiles
) -> None:
    with pytest.raises(MfaCodeRejected) as raised:
        await deploy_door(lambda serial: "000000").identity()
    assert raised.value.message == "AWS did not accept the MFA code."
    assert "code your MFA device shows now" in raised.value.fix


async def test_open_verified_asks_again_with_the_reason_until_the_code_is_right(
    fake_sts: FakeSts, mfa_profiles: MfaProfiles
) -> None:
    answers = iter(["000000", "111111", RIGHT_CODE])
    problems: list[str] = []

    async def ask(serial: str, problem: str) -> str:
        problems.append(problem)
        return next(answers)

    door, identity = await open_verified(asking_door(ask))
    assert fake_sts.codes == ["000000", "111111", RIGHT_CODE]
    assert problems[0] == ""
    assert all("did not accept the MFA code" in problem for problem in problems[1:])
    assert identity.account == "111122223333"
    assert await door.account_id() == "111122223333"


async def test_a_cancelled_prompt_ends_the_attempt(
    fake_sts: FakeSts, mfa_profiles: MfaProfiles
) -> None:
    async def ask(serial: str, problem: str) -> str:
        raise OperationCancelled("No MFA code was entered.")

    with pytest.raises(OperationCancelled):
        await open_verified(asking_door(ask))
    assert fake_sts.codes == []


@pytest.mark.parametrize(
    ("code", "valid"), [("123456", True), (" 654321 ", True), ("12345", False), ("12a456", False)]
)
def test_an_mfa_code_is_six_digits(code: str, valid: bool) -> None:
    assert valid_mfa_code(code) is valid


def test_an_mfa_session_that_ended_says_to_connect_again() -> None:
    error = map_aws_error(RefreshWithMFAUnsupportedError(), "sts get-caller-identity")
    assert error.message == "The session you opened with an MFA code has ended."
    assert error.fix == "Press Connect in the connection bar and enter a new code."
