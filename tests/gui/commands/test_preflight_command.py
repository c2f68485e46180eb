"""``migration-assistant preflight`` against real MariaDB servers: exit codes, text, JSON."""

from __future__ import annotations

import argparse
import json

import pytest

from core.credentials import SERVICE
from core.database import SOURCE_PASSWORD_ENV, password_name
from gui.commands import preflight
from tests.fixtures.keyring import DictKeyring
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="migration-assistant")
    preflight.add_parser(parser.add_subparsers())
    args = parser.parse_args(["preflight", *argv])
    result: int = args.run(args)
    return result


def server_args(server: MariaDBServer, *more: str) -> list[str]:
    return ["--host", server.host, "--port", str(server.port), "--user", "dms", *more]


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_a_ready_source_exits_0_with_json(
    dms_source: MariaDBServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SOURCE_PASSWORD_ENV, DMS_PASSWORD)

    code = run(*server_args(dms_source, "--schema", "shop", "--json"))

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["ready"] is True
    assert result["migration_type"] == "full-load-and-cdc"
    assert {check["status"] for check in result["checks"]} == {"pass"}
    assert [table["name"] for table in result["tables"]] == ["customers", "orders"]
    assert result["fix_script"] == ""


def test_a_failing_check_exits_1_and_prints_the_fix(
    binlog_off_source: MariaDBServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(SOURCE_PASSWORD_ENV, DMS_PASSWORD)

    code = run(*server_args(binlog_off_source, "--schema", "shop", "--migration-type", "cdc"))

    captured = capsys.readouterr()
    assert code == 1
    assert "FAIL  Binary logging is on: log_bin = OFF" in captured.out
    assert "Fix script (review, then apply):" in captured.out
    assert "log_bin=mysql-bin" in captured.out
    assert "Not ready:" in captured.out
    assert last_line(captured.err) == "2 check(s) failed; the source is not ready."


def test_warnings_alone_exit_0(
    dms_source: MariaDBServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SOURCE_PASSWORD_ENV, DMS_PASSWORD)

    code = run(*server_args(dms_source, "--schema", "legacy", "--json"))

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    warned = {
        check["id"]: check["tables"] for check in result["checks"] if check["status"] == "warn"
    }
    assert warned == {
        "mysql-check-table-storage-engine": ["legacy.old_stats"],
        "mysql-check-table-primary-key": ["legacy.audit_log"],
    }


def test_a_wrong_password_exits_2_with_one_plain_sentence(
    dms_source: MariaDBServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SOURCE_PASSWORD_ENV, "not-the-password")

    code = run(*server_args(dms_source, "--json"))

    captured = capsys.readouterr()
    assert code == 2
    assert json.loads(captured.out)["error"].startswith("The database server at 127.0.0.1:")
    assert last_line(captured.err).startswith(f"The database server at 127.0.0.1:{dms_source.port}")
    assert "Traceback" not in captured.err


def test_the_password_can_come_from_the_keyring(
    dms_source: MariaDBServer, dict_keyring: DictKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    name = password_name("dms", dms_source.host, dms_source.port)
    dict_keyring.set_password(SERVICE, name, DMS_PASSWORD)

    code = run(*server_args(dms_source, "--schema", "shop"))

    assert code == 0
    assert "Ready: 0 failed, 0 warnings." in capsys.readouterr().out
    assert name == f"db-password:mysql:dms@127.0.0.1:{dms_source.port}"


def test_no_password_anywhere_exits_2_naming_the_variable(
    dms_source: MariaDBServer, dict_keyring: DictKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(*server_args(dms_source))

    err = capsys.readouterr().err
    assert code == 2
    assert last_line(err).startswith(f"No password for dms@127.0.0.1:{dms_source.port}")
    assert SOURCE_PASSWORD_ENV in last_line(err)
    assert dict_keyring.secrets == {}
