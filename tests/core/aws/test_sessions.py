"""The app's botocore sessions are what boto3's were, without importing boto3."""

from __future__ import annotations

from pathlib import Path

import boto3
import botocore.exceptions
import pytest

from core.aws.sessions import new_session


def test_requests_name_the_same_client_as_boto3_did() -> None:
    ours = new_session(keys=("key", "secret", None), region="eu-west-1")
    theirs = boto3.Session(
        aws_access_key_id="key", aws_secret_access_key="secret", region_name="eu-west-1"
    )._session
    assert ours.user_agent() == theirs.user_agent()
    assert ours.user_agent().startswith(f"Boto3/{boto3.__version__} ")


def test_a_profile_the_config_lacks_is_refused_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile dev]\nregion = eu-west-2\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert new_session(profile="dev").get_config_variable("region") == "eu-west-2"
    assert (
        new_session(profile="dev", region="us-east-1").get_config_variable("region") == "us-east-1"
    )
    with pytest.raises(botocore.exceptions.ProfileNotFound):
        new_session(profile="nobody")
