"""Connection failures as a person reads them: each kind named, with what to do."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from core.database import ConnectFailure, DatabaseConnectionFailed, DatabaseLogin, run_preflight
from core.events import Failed, RecordingSink
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBFactory, MariaDBServer, ServerSpec


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP but never speaks, like a server behind a stalled proxy."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield listener.getsockname()[1]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def failure(login: DatabaseLogin) -> DatabaseConnectionFailed:
    sink = RecordingSink()
    with pytest.raises(DatabaseConnectionFailed) as caught:
        await run_preflight(login, ["shop"], sink=sink)
    assert sink.of_type(Failed) == [Failed(caught.value)]
    return caught.value


async def test_connection_refused() -> None:
    error = await failure(DatabaseLogin("127.0.0.1", "dms", "x", port=closed_port()))

    assert error.reason is ConnectFailure.REFUSED
    assert error.message.startswith("Nothing accepts database connections at 127.0.0.1:")
    assert "bind-address" in error.fix


async def test_a_server_that_never_answers_times_out(silent_port: int) -> None:
    login = DatabaseLogin(
        "127.0.0.1", "dms", "x", port=silent_port, connect_timeout=0.3, read_timeout=0.3
    )

    error = await failure(login)

    assert error.reason is ConnectFailure.TIMED_OUT
    assert (
        error.message == f"The database server at 127.0.0.1:{silent_port} did not answer in time."
    )


async def test_a_wrong_password(dms_source: MariaDBServer) -> None:
    error = await failure(DatabaseLogin(dms_source.host, "dms", "wrong", port=dms_source.port))

    assert error.reason is ConnectFailure.BAD_LOGIN
    assert "refused user 'dms'" in error.message
    assert "wrong" not in error.plain().replace("wrong password", "")


@pytest.fixture(scope="module")
def socket_only_server(mariadb_factory: MariaDBFactory) -> MariaDBServer:
    """A server whose only accounts are for other hosts: TCP logins from here are refused."""
    server = mariadb_factory.start("socket-only", ServerSpec(log_bin=False, extra={}))
    server.execute(
        "DROP USER IF EXISTS 'root'@'127.0.0.1'",
        "DROP USER IF EXISTS 'root'@'::1'",
        f"CREATE USER 'dms'@'10.1.2.3' IDENTIFIED BY '{DMS_PASSWORD}'",
    )
    return server


async def test_a_host_the_user_is_not_allowed_from(socket_only_server: MariaDBServer) -> None:
    server = socket_only_server
    error = await failure(DatabaseLogin(server.host, "dms", DMS_PASSWORD, port=server.port))

    assert error.reason is ConnectFailure.HOST_NOT_ALLOWED
    assert "does not accept logins from this computer's address" in error.message
    assert "CREATE USER 'dms'@" in error.fix


def test_the_password_never_shows_in_a_repr() -> None:
    assert "secret" not in repr(DatabaseLogin("db", "dms", "secret"))


async def test_another_service_on_the_port_is_named_as_such() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]

        def greet_like_ssh() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")

        greeter = threading.Thread(target=greet_like_ssh)
        greeter.start()
        error = await failure(DatabaseLogin("127.0.0.1", "dms", "x", port=port, read_timeout=5))
        greeter.join()

    assert error.reason is ConnectFailure.NOT_MYSQL
    assert error.message == (
        f"The service at 127.0.0.1:{port} does not answer like a MySQL or MariaDB server."
    )
