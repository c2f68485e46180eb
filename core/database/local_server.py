"""Throwaway MariaDB servers on 127.0.0.1: a rehearsal source (and target) for the tour, the
tests and the benchmarks.

``ThrowawayServers`` initialises one data directory (``mariadb-install-db``, the slow part) and
copies it for each server it starts, so a further server costs a copy and a start (~0.1 s).
Each server listens on 127.0.0.1 and a free port, with its files in a temp dir; ``close()``
stops them all (SIGTERM) and deletes their files. As root, ``mariadbd`` runs as the ``mysql``
user, which must own its files. ``start_demo_source`` / ``start_demo_target`` seed the demo
``books`` database the tour checks and validates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import pymysql
from pymysql.connections import Connection
from pymysql.cursors import Cursor

from core.database.connection import DatabaseLogin
from core.errors import MigrationAssistantError

__all__ = [
    "DEMO_AUTHORS",
    "DEMO_MISSING_AUTHOR",
    "DEMO_PASSWORD",
    "DEMO_SCHEMA",
    "DEMO_USER",
    "DMS_READY_SETTINGS",
    "INSTALL_HINT",
    "LocalMariaDB",
    "LocalServerFailed",
    "ServerOptions",
    "ThrowawayServers",
    "mariadb_installed",
    "seed_demo_books",
    "start_demo_source",
    "start_demo_target",
]

INSTALL_HINT = "sudo apt-get install -y --no-install-recommends mariadb-server"
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 30.0

# What a source ready for DMS ongoing replication sets beyond the binary log itself.
DMS_READY_SETTINGS: Mapping[str, str] = {
    "binlog-row-image": "FULL",
    "binlog-expire-logs-seconds": str(7 * 24 * 3600),
    "net-read-timeout": "300",
    "net-write-timeout": "300",
    "wait-timeout": "28800",
    "max-allowed-packet": "64M",
}

# Small buffers: several servers may share a small machine. Without utf8mb4 (Debian's
# config is skipped by --defaults-file) the server would be latin1.
_COMMON_SETTINGS: Mapping[str, str] = {
    "bind-address": "127.0.0.1",
    "skip-name-resolve": "",
    "character-set-server": "utf8mb4",
    "collation-server": "utf8mb4_general_ci",
    "innodb-buffer-pool-size": "32M",
    "innodb-log-file-size": "8M",
    "performance-schema": "OFF",
}


class LocalServerFailed(MigrationAssistantError):
    """A throwaway server could not be installed or started."""


@dataclass(frozen=True)
class ServerOptions:
    """How one throwaway server is configured (``log_bin`` off drops the binlog options)."""

    log_bin: bool = True
    binlog_format: str = "ROW"
    server_id: int = 1
    extra: Mapping[str, str] = field(default_factory=lambda: dict(DMS_READY_SETTINGS))

    def settings(self) -> dict[str, str]:
        """The my.cnf keys (with '-') this server starts with."""
        options = dict(_COMMON_SETTINGS)
        options["server-id"] = str(self.server_id)
        if self.log_bin:
            options["log-bin"] = "binlog"
            options["binlog-format"] = self.binlog_format
        options.update(self.extra)
        return options


def _daemon() -> str | None:
    found = shutil.which("mariadbd")
    if found is None and Path("/usr/sbin/mariadbd").exists():
        found = "/usr/sbin/mariadbd"  # not on a normal user's PATH on Debian
    return found


def _installer() -> str | None:
    return shutil.which("mariadb-install-db")


def mariadb_installed() -> bool:
    """True when ``mariadbd`` and ``mariadb-install-db`` are on this machine."""
    return _daemon() is not None and _installer() is not None


def _not_installed() -> LocalServerFailed:
    return LocalServerFailed(
        "MariaDB is not installed on this computer, so no rehearsal database can be started.",
        f"Install it (Debian/Ubuntu: {INSTALL_HINT}), then try again.",
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run_as_mysql() -> bool:
    return os.geteuid() == 0


def _chown_to_mysql(path: Path) -> None:
    if not _run_as_mysql():
        return
    entry = pwd.getpwnam("mysql")
    for root, dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def _write_config(base: Path, port: int, settings: Mapping[str, str]) -> Path:
    lines = ["[mariadbd]"]
    if _run_as_mysql():
        lines.append("user=mysql")
    lines += [
        f"datadir={base / 'data'}",
        f"socket={base / 'mariadb.sock'}",
        f"pid-file={base / 'mariadb.pid'}",
        f"log-error={base / 'error.log'}",
        f"port={port}",
    ]
    lines += [f"{key}={value}" if value else key for key, value in settings.items()]
    path = base / "my.cnf"
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class LocalMariaDB:
    """A running server: TCP on ``host``:``port``; ``admin()`` is root over the socket."""

    name: str
    host: str
    port: int
    base: Path
    process: subprocess.Popen[bytes]

    @property
    def socket_path(self) -> Path:
        return self.base / "mariadb.sock"

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def login(self, user: str, password: str) -> DatabaseLogin:
        return DatabaseLogin(self.host, user, password, port=self.port)

    def admin(self, database: str | None = None) -> Connection[Cursor]:
        return pymysql.connect(
            unix_socket=str(self.socket_path),
            user="root",
            database=database,
            charset="utf8mb4",
            autocommit=True,
        )

    def execute(self, *statements: str) -> None:
        """Runs statements as root (set-up: schemas, users, grants, rows)."""
        with self.admin() as connection, connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def error_log(self) -> str:
        path = self.base / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_ready(self, timeout: float = START_TIMEOUT_SECONDS) -> None:
        """Returns once root can log in over the socket and TCP accepts connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LocalServerFailed(
                    f"The rehearsal MariaDB server '{self.name}' stopped as it started.",
                    "Read its error log (in the details).",
                    self.error_log()[-4000:],
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    pass
                self.admin().close()
            except (OSError, pymysql.err.OperationalError):
                # Polling, not sleeping: the socket appears ~0.1 s after the start.
                time.sleep(0.01)
                continue
            return
        raise LocalServerFailed(
            f"The rehearsal MariaDB server '{self.name}' was not ready in {timeout:.0f} s.",
            "The computer may be very busy; try again.",
            self.error_log()[-4000:],
        )

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """SIGTERM, then a kill if it has not stopped after ``timeout``."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ThrowawayServers:
    """Starts servers under ``root`` on demand; ``close()`` stops them and removes their files.

    Without ``root`` a private temp dir is made (readable by the ``mysql`` user) and removed
    by ``close()``; a given ``root`` is left for its owner to remove.
    """

    def __init__(self, root: Path | None = None) -> None:
        self._owns_root = root is None
        if root is None:
            root = Path(tempfile.mkdtemp(prefix="ma-mariadb-"))
            # mariadbd runs as mysql when we are root: it must reach its dir.
            root.chmod(0o755)
        self.root = root
        self.servers: list[LocalMariaDB] = []
        self._template: Path | None = None

    def _template_datadir(self) -> Path:
        if self._template is None:
            installer = _installer()
            if installer is None:
                raise _not_installed()
            base = self.root / "template"
            base.mkdir()
            config = _write_config(base, _free_port(), _COMMON_SETTINGS)
            _chown_to_mysql(base)
            command = [
                installer,
                f"--defaults-file={config}",
                "--skip-test-db",
                "--auth-root-authentication-method=socket",
            ]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise LocalServerFailed(
                    "MariaDB could not prepare a data directory for a rehearsal server.",
                    "Read the installer's output (in the details).",
                    f"{result.stdout}\n{result.stderr}"[-4000:],
                )
            self._template = base / "data"
        return self._template

    def start(
        self, name: str, options: ServerOptions | None = None, **settings: str
    ) -> LocalMariaDB:
        """A new running server named ``name``; ``settings`` (my.cnf keys with '-') override
        the options. Blocks until it accepts logins (about a second the first time)."""
        daemon = _daemon()
        if daemon is None:
            raise _not_installed()
        merged = (options or ServerOptions()).settings()
        merged.update(settings)
        base = self.root / name
        base.mkdir()
        shutil.copytree(self._template_datadir(), base / "data", symlinks=True)
        port = _free_port()
        config = _write_config(base, port, merged)
        _chown_to_mysql(base)
        process = subprocess.Popen(
            [daemon, f"--defaults-file={config}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = LocalMariaDB(name, "127.0.0.1", port, base, process)
        self.servers.append(server)
        server.wait_ready()
        return server

    def stop_all(self) -> None:
        for server in self.servers:
            if server.running:
                server.process.send_signal(signal.SIGTERM)
        for server in self.servers:
            server.stop()
        self.servers.clear()

    def close(self) -> None:
        """Stops every server; removes the files when this object made the temp dir."""
        self.stop_all()
        if self._owns_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayServers:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# --- The demo database the tour checks and validates ----------------------------------------

DEMO_SCHEMA = "books"
DEMO_USER = "dms"
# A throwaway server's password for the demo user: not a secret, it guards nothing.
DEMO_PASSWORD = "demo-Pass-1"
DEMO_AUTHORS = 3_000
# The author the demo target lacks, so validation has a difference to show.
DEMO_MISSING_AUTHOR = 1_234

_FIRST_NAMES = ("Ada", "Stanisław", "Zoë", "Chinua", "Haruki", "Olga", "Jorge", "Wisława")
_LAST_NAMES = ("Lem", "Achebe", "Tokarczuk", "Borges", "Murakami", "Szymborska", "Lovelace")
_COUNTRIES = ("PL", "NG", "AR", "JP", "GB", "FR", "DE")


def _author(number: int) -> tuple[int, str, str, int]:
    first = _FIRST_NAMES[number % len(_FIRST_NAMES)]
    last = _LAST_NAMES[(number * 7) % len(_LAST_NAMES)]
    return (
        number,
        f"{first} {last} {number}",
        _COUNTRIES[number % len(_COUNTRIES)],
        1800 + number % 200,
    )


def seed_demo_books(
    server: LocalMariaDB, *, authors: int = DEMO_AUTHORS, leave_out: Iterable[int] = ()
) -> None:
    """Creates ``books`` with ``authors`` (keyed, ``authors`` rows but ``leave_out``) and
    ``shelf_log`` (no key at all, so the preflight warns), and the user ``dms`` with what DMS
    needs on a source (SELECT, REPLICATION CLIENT and SLAVE)."""
    skipped = set(leave_out)
    rows = [_author(number) for number in range(1, authors + 1) if number not in skipped]
    server.execute(
        f"CREATE DATABASE {DEMO_SCHEMA}",
        f"CREATE TABLE {DEMO_SCHEMA}.authors (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
        "country CHAR(2) NOT NULL, born SMALLINT NOT NULL) ENGINE=InnoDB",
        f"CREATE TABLE {DEMO_SCHEMA}.shelf_log (shelved_at DATETIME NOT NULL, "
        "note VARCHAR(200) NULL) ENGINE=InnoDB",
        f"INSERT INTO {DEMO_SCHEMA}.shelf_log VALUES ('2026-01-05 09:30:00', 'new arrivals'), "
        "('2026-01-06 14:00:00', 'returns')",
        f"CREATE USER '{DEMO_USER}'@'%' IDENTIFIED BY '{DEMO_PASSWORD}'",
        f"GRANT SELECT ON {DEMO_SCHEMA}.* TO '{DEMO_USER}'@'%'",
        f"GRANT REPLICATION CLIENT, REPLICATION SLAVE ON *.* TO '{DEMO_USER}'@'%'",
    )
    with server.admin() as connection, connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {DEMO_SCHEMA}.authors VALUES (%s, %s, %s, %s)", rows)


def start_demo_source(servers: ThrowawayServers) -> LocalMariaDB:
    """A source ready for DMS ongoing replication with the demo ``books`` database."""
    server = servers.start("demo-source")
    seed_demo_books(server)
    return server


def start_demo_target(
    servers: ThrowawayServers, missing_author: int | None = DEMO_MISSING_AUTHOR
) -> LocalMariaDB:
    """A stand-in for the migrated copy: ``books`` again, lacking ``missing_author``."""
    server = servers.start("demo-target", ServerOptions(log_bin=False, server_id=2))
    seed_demo_books(server, leave_out=() if missing_author is None else (missing_author,))
    return server
