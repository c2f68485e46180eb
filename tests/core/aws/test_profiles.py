"""Profile kinds and regions, read from a private AWS config (never the user's ~/.aws)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.aws.profiles import ProfileInfo, ProfileKind, profile_info, read_profiles
from tests.fixtures.fake_sts import write_aws_files

CONFIG = """
[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile legacy-sso]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile ops]
role_arn = arn:aws:iam::111122223333:role/ops
source_profile = keys

[profile ops-mfa]
role_arn = arn:aws:iam::111122223333:role/ops
mfa_serial = arn:aws:iam::111122223333:mfa/ana
source_profile = keys
region = us-west-2

[profile vault]
credential_process = /usr/bin/false

[profile plain]
region = ap-southeast-2
"""
CREDENTIALS = "[keys]\naws_access_key_id = AKIAFAKEKEYS00000000\naws_secret_access_key = x\n"


def test_each_profile_has_its_kind_and_region(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_aws_files(monkeypatch, tmp_path, CONFIG, CREDENTIALS)
    kinds = {info.name: (info.kind, info.region) for info in read_profiles()}
    assert kinds == {
        "dev": (ProfileKind.SSO, "eu-west-1"),
        "keys": (ProfileKind.KEYS, ""),
        "legacy-sso": (ProfileKind.SSO, ""),
        "ops": (ProfileKind.ROLE, ""),
        "ops-mfa": (ProfileKind.ROLE_MFA, "us-west-2"),
        "plain": (ProfileKind.NONE, "ap-southeast-2"),
        "vault": (ProfileKind.PROCESS, ""),
    }
    mfa = profile_info("ops-mfa")
    assert mfa is not None and mfa.mfa_serial.endswith(":mfa/ana")
    assert profile_info("nowhere") is None


def test_a_profile_describes_itself_with_its_kind_and_region() -> None:
    assert ProfileInfo("dev", ProfileKind.SSO, "eu-west-1").describe() == "dev — SSO, eu-west-1"
    assert ProfileInfo("ops", ProfileKind.ROLE).describe() == "ops — role"


def test_profiles_added_to_the_file_later_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = write_aws_files(monkeypatch, tmp_path, "[profile one]\nregion = us-west-2\n")
    assert [info.name for info in read_profiles()] == ["one"]
    config.write_text(config.read_text() + "[profile two]\nregion = eu-west-1\n")
    assert [info.name for info in read_profiles()] == ["one", "two"]
