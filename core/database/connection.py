"""Connecting to a MySQL/MariaDB server with PyMySQL, off the event loop, with plain errors.

Every query of a session runs on the session's own worker thread, one at a time. Closing
queues behind a running query instead of racing it, so a cancelled task can close its
session at once without blocking the loop.
"""

from __future__ import annotations

import asyncio
import enum
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeAlias, TypeVar

import pymysql
import pymysql.connections
import pymysql.err

from core.errors import MigrationAssistantError

__all__ = [
    "ConnectFailure",
    "DatabaseConnectionFailed",
    "DatabaseLogin",
    "DatabaseQueryFailed",
    "DatabaseSession",
    "address_label",
    "connection_error",
]

T = TypeVar("T")
Row = tuple[Any, ...]
PyMySQLConnection: TypeAlias = "pymysql.connections.Connection[Any]"

# Error numbers from the MySQL/MariaDB client and server.
_CANT_CONNECT = 2003
_UNKNOWN_HOST = 2005
_LOST_CONNECTION = 2013
_ACCESS_DENIED = 1045
_DB_ACCESS_DENIED = 1044
_UNKNOWN_DATABASE = 1049
_HOST_NOT_ALLOWED = 1130
_HOST_BLOCKED = 1129
_TOO_MANY_CONNECTIONS = 1040


@dataclass(frozen=True)
class DatabaseLogin:
    """Where and as whom to connect. The password never appears in a repr or a log."""

    host: str
    user: str
    password: str = field(repr=False)
    port: int = 3306
    connect_timeout: float = 10.0
    read_timeout: float = 120.0

    @property
    def label(self) -> str:
        """``user@host:port`` for messages; also the keyring identifier."""
        return address_label(self.user, self.host, self.port)


def address_label(user: str, host: str, port: int) -> str:
    """``user@host:port`` (an IPv6 host in brackets)."""
    host = f"[{host}]" if ":" in host else host
    return f"{user}@{host}:{port}"


class ConnectFailure(enum.Enum):
    REFUSED = "refused"
    TIMED_OUT = "timed out"
    UNKNOWN_HOST = "unknown host"
    BAD_LOGIN = "bad user or password"
    HOST_NOT_ALLOWED = "host not allowed"
    UNKNOWN_DATABASE = "unknown database"
    NOT_MYSQL = "not a MySQL server"
    OTHER = "other"

    def __repr__(self) -> str:
        return f"ConnectFailure.{self.name}"


class DatabaseConnectionFailed(MigrationAssistantError):
    """Could not open a session; ``reason`` says which of the usual causes it was."""

    def __init__(self, reason: ConnectFailure, message: str, fix: str, details: str = "") -> None:
        super().__init__(message, fix, details)
        self.reason = reason


class DatabaseQueryFailed(MigrationAssistantError):
    """A query was refused; ``code`` is the server's error number (1227: privilege missing)."""

    def __init__(self, code: int, message: str, fix: str = "", details: str = "") -> None:
        super().__init__(message, fix, details)
        self.code = code


def connection_error(error: BaseException, login: DatabaseLogin) -> DatabaseConnectionFailed:
    """Translates a PyMySQL/socket failure at connect time into one plain sentence and a fix."""
    code = error.args[0] if error.args and isinstance(error.args[0], int) else 0
    text = str(error.args[1]) if len(error.args) > 1 else str(error)
    where = f"{login.host}:{login.port}"
    lowered = text.lower()
    if code == _HOST_NOT_ALLOWED:
        return DatabaseConnectionFailed(
            ConnectFailure.HOST_NOT_ALLOWED,
            f"The database server at {where} does not accept logins from this computer's address.",
            f"Create the user for this host, e.g. CREATE USER '{login.user}'@'<this computer's "
            "IP>' IDENTIFIED BY '...'; and grant it the privileges the check lists.",
            text,
        )
    if code == _ACCESS_DENIED:
        return DatabaseConnectionFailed(
            ConnectFailure.BAD_LOGIN,
            f"The database server at {where} refused user '{login.user}': wrong password, or no "
            "such user for this computer's address.",
            "Check the user name and password; the user must exist for the host you connect "
            f"from (e.g. '{login.user}'@'%').",
            text,
        )
    if code in {_DB_ACCESS_DENIED, _UNKNOWN_DATABASE}:
        return DatabaseConnectionFailed(
            ConnectFailure.UNKNOWN_DATABASE,
            f"User '{login.user}' cannot open the requested database on {where}.",
            "Check the schema name and the user's grants.",
            text,
        )
    if code == _UNKNOWN_HOST or "name or service not known" in lowered or "getaddrinfo" in lowered:
        return DatabaseConnectionFailed(
            ConnectFailure.UNKNOWN_HOST,
            f"The database host name '{login.host}' could not be found.",
            "Check the spelling of the host name, or use its IP address.",
            text,
        )
    if "timed out" in lowered or "timeout" in lowered:
        return DatabaseConnectionFailed(
            ConnectFailure.TIMED_OUT,
            f"The database server at {where} did not answer in time.",
            "Check that the server is running, that the port is right, and that no firewall "
            "drops the connection between this computer and the server.",
            text,
        )
    if code == _CANT_CONNECT and "refused" in lowered:
        return DatabaseConnectionFailed(
            ConnectFailure.REFUSED,
            f"Nothing accepts database connections at {where} (connection refused).",
            "Check that MySQL/MariaDB is running and listens on this address and port "
            "(bind-address in my.cnf must not be 127.0.0.1 for remote access).",
            text,
        )
    if code == 0 and not isinstance(error, OSError):
        # A greeting PyMySQL cannot parse: another service (SSH, HTTP...) on that port.
        return DatabaseConnectionFailed(
            ConnectFailure.NOT_MYSQL,
            f"The service at {where} does not answer like a MySQL or MariaDB server.",
            "Check the port: MySQL and MariaDB listen on 3306 unless configured otherwise.",
            text,
        )
    if code == _HOST_BLOCKED:
        fix = "Run FLUSH HOSTS; (or mariadb-admin flush-hosts) on the server, then try again."
    elif code == _TOO_MANY_CONNECTIONS:
        fix = "Wait for other clients to disconnect, or raise max_connections on the server."
    else:
        fix = "Check the host, port and network, then try again."
    return DatabaseConnectionFailed(
        ConnectFailure.OTHER, f"Could not connect to the database server at {where}.", fix, text
    )


def _query_error(error: pymysql.err.MySQLError) -> DatabaseQueryFailed:
    code = error.args[0] if error.args and isinstance(error.args[0], int) else 0
    text = str(error.args[1]) if len(error.args) > 1 else str(error)
    if code in {_LOST_CONNECTION, _CANT_CONNECT}:
        return DatabaseQueryFailed(
            code,
            "The connection to the database server was lost.",
            "Check the network and the server, then run the check again.",
            text,
        )
    return DatabaseQueryFailed(code, f"The database server refused a query: {text}", "", text)


class DatabaseSession:
    """One PyMySQL connection whose blocking calls run on a private worker thread.

    Use ``async with await DatabaseSession.open(login) as session``; ``close()`` never blocks.
    """

    def __init__(self, login: DatabaseLogin, database: str | None = None) -> None:
        self.login = login
        self._database = database
        self._connection: PyMySQLConnection | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="database")
        self._closed = False

    @classmethod
    async def open(cls, login: DatabaseLogin, database: str | None = None) -> DatabaseSession:
        session = cls(login, database)
        try:
            await session._run(session._connect)
        except BaseException:
            session.close()
            raise
        return session

    def _connect(self) -> None:
        try:
            self._connection = pymysql.connect(
                host=self.login.host,
                port=self.login.port,
                user=self.login.user,
                password=self.login.password,
                database=self._database,
                charset="utf8mb4",
                connect_timeout=self.login.connect_timeout,
                # Also bounds the wait for the server's greeting (behind a silent firewall).
                read_timeout=self.login.read_timeout,
                write_timeout=self.login.read_timeout,
                autocommit=True,
            )
        except Exception as error:  # PyMySQL raises struct/index errors on odd greetings
            raise connection_error(error, self.login) from error

    async def _run(self, function: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function)

    def _execute(self, sql: str, args: Sequence[object] | None) -> list[Row]:
        if self._connection is None:
            raise DatabaseQueryFailed(0, "The database session is closed.")
        try:
            with self._connection.cursor() as cursor:
                cursor.execute(sql, args)
                return list(cursor.fetchall())
        except pymysql.err.MySQLError as error:
            raise _query_error(error) from error

    async def fetch_all(self, sql: str, args: Sequence[object] | None = None) -> list[Row]:
        """All rows of one statement (callers bound the size with LIMIT or aggregation)."""
        return await self._run(functools.partial(self._execute, sql, args))

    async def fetch_one(self, sql: str, args: Sequence[object] | None = None) -> Row | None:
        rows = await self.fetch_all(sql, args)
        return rows[0] if rows else None

    def close(self) -> None:
        """Queues the close behind any running query; safe to call twice and after a cancel."""
        if self._closed:
            return
        self._closed = True
        self._executor.submit(self._close_connection)
        self._executor.shutdown(wait=False)

    def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except pymysql.err.Error:
                # Already gone (server restarted, network lost): nothing left to release.
                return

    async def __aenter__(self) -> DatabaseSession:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
