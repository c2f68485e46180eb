"""The Sandbox: moto's server inside this process, on 127.0.0.1, with AWS-like lifecycles.

Every wizard talks to it through the same boto3 calls it makes against a real account; only
the endpoint URL differs. Statuses change over time (``pace`` seconds a stage) as they do on
AWS. What stock moto lacks is filled in by the handlers in this package (see ``routing``):
they are installed when the first SandboxServer starts and answer only requests that reach a
running SandboxServer, so ``mock_aws`` tests in the same process see plain moto.

State lives in the process, not in the server: two servers in one process share resources.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Self

from moto.iam.models import iam_backends
from moto.moto_api._internal.models import moto_api_backend
from moto.server import ThreadedMotoServer
from moto.utilities.utils import PARTITION_NAMES

from core.aws.connection import SANDBOX_ACCOUNT_ID
from core.sandbox import (
    dms,
    dms_subnets,
    dms_tasks,
    ec2_export,
    ec2_import,
    iam_policies,
    offerings,
    rds,
    s3_uploads,
)
from core.sandbox.routing import (
    DEFAULT_SOURCE_TABLES,
    SandboxConfig,
    register_config,
    unregister_config,
)

__all__ = ["SandboxServer"]

log = logging.getLogger("migration_assistant.sandbox")

HOST = "127.0.0.1"
DEFAULT_FAILURE_MESSAGE = (
    "Test connection failed: Can't connect to MySQL server (network timeout). "
    "Check the endpoint's server name and port, and that its security group allows "
    "the replication instance."
)


def _install_handlers() -> None:
    for service in (
        iam_policies,
        rds,
        dms,
        dms_subnets,
        dms_tasks,
        ec2_import,
        ec2_export,
        offerings,
        s3_uploads,
    ):
        service.install()


def _warm_up() -> None:
    """Build the IAM backends (with ~1,600 managed policies each) that moto consults on every
    request, so the first call a user makes is not the slow one."""
    for partition in PARTITION_NAMES:
        iam_backends[SANDBOX_ACCOUNT_ID][partition]


class SandboxServer:
    """A local simulated AWS for rehearsing every wizard.

    Attributes:
        pace: seconds each lifecycle stage lasts. 0 makes lifecycles instant in time but
            still staged: each describe call shows the next stage.
    """

    def __init__(self, pace: float = 1.0) -> None:
        if pace < 0:
            raise ValueError("pace must be zero or more seconds")
        self._config = SandboxConfig(pace=pace)
        self._server: ThreadedMotoServer | None = None
        self._port: int | None = None

    # -- life ----------------------------------------------------------------------------

    def start(self) -> str:
        """Start serving on 127.0.0.1 and a free port; returns the endpoint URL."""
        if self._server is not None:
            return self.endpoint_url
        # Read by moto whenever IAM builds its backend: the AWS-managed DMS policies must exist.
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        _install_handlers()
        server = ThreadedMotoServer(ip_address=HOST, port=0, verbose=False)
        server.start()
        self._port = server.get_host_and_port()[1]
        self._server = server
        register_config(self._port, self._config)
        threading.Thread(target=_warm_up, name="sandbox-warm-up", daemon=True).start()
        log.info("Sandbox serving at %s (pace %.2fs a stage)", self.endpoint_url, self.pace)
        return self.endpoint_url

    def stop(self) -> None:
        """Stop serving. Resources stay in the process until ``reset``."""
        if self._server is None:
            return
        assert self._port is not None
        unregister_config(self._port)
        self._server.stop()
        self._server = None
        log.info("Sandbox stopped")

    def reset(self) -> None:
        """Forget every resource and every configured failure; the pace stays as it is."""
        moto_api_backend.reset()
        self.clear_connection_failures()
        self.fail_imports("")
        self.set_source_tables(DEFAULT_SOURCE_TABLES)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where and how fast --------------------------------------------------------------

    @property
    def endpoint_url(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if self._server is None or self._port is None:
            raise RuntimeError("The Sandbox is not running; call start() first.")
        return f"http://{HOST}:{self._port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def pace(self) -> float:
        return self._config.pace

    @pace.setter
    def pace(self, seconds: float) -> None:
        self.set_pace(seconds)

    def set_pace(self, seconds: float) -> None:
        """Seconds per lifecycle stage from now on (resources already moving keep their stage)."""
        if seconds < 0:
            raise ValueError("pace must be zero or more seconds")
        self._config.pace = seconds

    # -- scripted behaviour --------------------------------------------------------------

    def fail_connection_tests(
        self, endpoint_arn: str | None = None, message: str = DEFAULT_FAILURE_MESSAGE
    ) -> None:
        """Make DMS connection tests of ``endpoint_arn`` (None: of every endpoint) fail with
        ``message`` as LastFailureMessage. Applies to tests started from now on."""
        self._config.connection_failures[endpoint_arn] = message

    def clear_connection_failures(self) -> None:
        """Connection tests succeed again (for tests started from now on)."""
        self._config.connection_failures.clear()

    def fail_imports(self, message: str) -> None:
        """Make VM imports started from now on fail with ``message`` as their StatusMessage
        (e.g. "ClientError: Unable to determine kernel version"); "" lets them succeed.
        One import fails alone when its image object has the tag sandbox-import-failure."""
        self._config.import_failure = message

    def set_source_tables(self, tables: Mapping[str, Mapping[str, int]]) -> None:
        """The tables (schema -> table -> rows) DMS tasks find in their source database;
        selection rules in a task's table mappings pick from these."""
        self._config.source_tables = {schema: dict(t) for schema, t in tables.items()}
