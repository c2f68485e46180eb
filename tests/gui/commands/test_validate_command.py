"""``migration-assistant validate`` on two real MariaDB servers: exit codes, text, JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

import pytest

from core.database import SOURCE_PASSWORD_ENV, TARGET_PASSWORD_ENV
from core.errors import ValidationError
from gui.commands import validate
from gui.commands.validate import DatabaseUrl, parse_database_url
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer

ROWS = [(n, f"name {n}") for n in range(1, 21)]


@pytest.fixture(scope="module")
def schemas(dms_source: MariaDBServer, mariadb_target: MariaDBServer) -> Iterator[None]:
    """``cmd_same`` is identical on both servers; ``cmd_diff`` lacks row 13 on the target."""
    for server in (dms_source, mariadb_target):
        for schema in ("cmd_same", "cmd_diff"):
            server.execute(
                f"CREATE DATABASE {schema}",
                f"CREATE TABLE {schema}.people (id INT PRIMARY KEY, name VARCHAR(40))",
            )
            with server.admin(schema) as connection, connection.cursor() as cursor:
                cursor.executemany("INSERT INTO people VALUES (%s, %s)", ROWS)
    mariadb_target.execute("DELETE FROM cmd_diff.people WHERE id = 13")
    yield
    for server in (dms_source, mariadb_target):
        server.execute("DROP DATABASE cmd_same", "DROP DATABASE cmd_diff")


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_PASSWORD_ENV, DMS_PASSWORD)
    monkeypatch.setenv(TARGET_PASSWORD_ENV, DMS_PASSWORD)


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="migration-assistant")
    validate.add_parser(parser.add_subparsers())
    args = parser.parse_args(["validate", *argv])
    result: int = args.run(args)
    return result


def urls(source: MariaDBServer, target: MariaDBServer) -> list[str]:
    return [
        "--source",
        f"mysql://validator@{source.host}:{source.port}",
        "--target",
        f"mysql://dms@{target.host}:{target.port}",
    ]


@pytest.mark.usefixtures("schemas", "passwords")
def test_identical_schemas_exit_0(
    dms_source: MariaDBServer,
    mariadb_target: MariaDBServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run(*urls(dms_source, mariadb_target), "--schema", "cmd_same", "--json")

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["identical"] is True
    assert result["rows_compared"] == 20
    assert result["tables"][0]["verdict"] == "identical"


@pytest.mark.usefixtures("schemas", "passwords")
def test_a_difference_exits_1_naming_the_row(
    dms_source: MariaDBServer,
    mariadb_target: MariaDBServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run(*urls(dms_source, mariadb_target), "--schema", "cmd_diff", "--schema", "cmd_same")

    captured = capsys.readouterr()
    assert code == 1
    assert "ROW COUNT DIFFERS  cmd_diff.people: 20 rows on the source, 19 on the target" in (
        captured.out
    )
    assert "    id=13 (missing on target)" in captured.out
    assert "IDENTICAL  cmd_same.people" in captured.out
    assert "1 of 2 tables differ." in captured.out
    assert captured.err.strip().splitlines()[-1] == ("1 table(s) differ between source and target.")


@pytest.mark.usefixtures("schemas", "passwords")
def test_json_names_the_sample_keys(
    dms_source: MariaDBServer,
    mariadb_target: MariaDBServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run(*urls(dms_source, mariadb_target), "--schema", "cmd_diff", "--json")

    table = json.loads(capsys.readouterr().out)["tables"][0]
    assert code == 1
    assert table["samples"] == [{"key": ["13"], "difference": "missing on target"}]


@pytest.mark.usefixtures("passwords")
def test_a_password_in_the_url_is_refused_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run(
        "--source", "mysql://dms:secret@db:3306", "--target", "mysql://dms@db2", "--schema", "s"
    )

    err = capsys.readouterr().err
    assert code == 2
    assert "passwords are never taken from the command line" in err
    assert "secret" not in err


@pytest.mark.usefixtures("passwords")
def test_an_unreachable_target_exits_2(
    dms_source: MariaDBServer, capsys: pytest.CaptureFixture[str]
) -> None:
    source = f"mysql://validator@{dms_source.host}:{dms_source.port}"

    code = run("--source", source, "--target", "mysql://dms@127.0.0.1:1", "--schema", "shop")

    err = capsys.readouterr().err
    assert code == 2
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith("Nothing accepts database connections at 127.0.0.1:1 (connection refused).")
    )


def test_database_urls() -> None:
    assert parse_database_url("source", "mysql://dms@db.example.com") == DatabaseUrl(
        "dms", "db.example.com", 3306
    )
    assert parse_database_url("target", "mysql://dms@[::1]:3307") == DatabaseUrl("dms", "::1", 3307)
    for bad in ("db.example.com", "postgres://u@h", "mysql://h:3306", "mysql://u@h/shop"):
        with pytest.raises(ValidationError):
            parse_database_url("source", bad)
