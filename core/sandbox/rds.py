"""RDS DB instances in the Sandbox: creating -> backing-up -> available, deleting -> gone.

Stock moto makes an instance available at once, shows its endpoint while it is still being
created, defaults MySQL to 5.6 and accepts any storage size or password. Here the status is
paced, the Endpoint appears once the instance is past ``creating``, MySQL defaults to a
current 8.0 release, and the input rules AWS enforces for MySQL/MariaDB are checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moto.core.responses import ActionResult, PaginatedResult
from moto.rds.exceptions import DBInstanceNotFoundError, InvalidParameterValue
from moto.rds.models import DBInstance
from moto.rds.responses import RDSResponse

from core.sandbox.pacing import PacedRun
from core.sandbox.routing import SandboxConfig, side_state
from core.sandbox.routing import install as install_handler

__all__ = ["DEFAULT_ENGINE_VERSIONS", "install"]

CREATING_STAGES = ("creating", "backing-up", "available")
DELETING_STAGES = ("deleting", "")  # "" = gone
DEFAULT_ENGINE_VERSIONS = {"mysql": "8.0.42", "mariadb": "10.11.11"}
_MYSQL_LIKE = {"mysql", "mariadb"}
_GENERAL_PURPOSE = {None, "gp2", "gp3", "standard"}
_MIN_STORAGE_GIB = 20
_MAX_STORAGE_GIB = 65536
_PASSWORD_FORBIDDEN = set('/"@ ')


@dataclass
class _RdsState:
    runs: dict[str, PacedRun[str]] = field(default_factory=dict)
    deleting: dict[str, tuple[DBInstance, PacedRun[str]]] = field(default_factory=dict)


class _ShownInstance:
    """A DB instance as the Sandbox shows it: paced status, no endpoint while creating."""

    def __init__(self, database: DBInstance, status: str) -> None:
        self._database = database
        self.status = status
        self.db_instance_status = status

    def __getattr__(self, name: str) -> Any:
        return getattr(self._database, name)

    @property
    def endpoint(self) -> dict[str, Any] | None:
        return None if self.status == "creating" else self._database.endpoint


def _state(response: RDSResponse) -> _RdsState:
    return side_state(response.backend, _RdsState)


def _check_new_instance(params: Any) -> None:
    engine = str(params.get("Engine") or "").lower()
    if engine not in _MYSQL_LIKE:
        return
    storage = params.get("AllocatedStorage")
    storage_type = params.get("StorageType")
    if storage is not None and storage_type in _GENERAL_PURPOSE:
        size = int(storage)
        if not _MIN_STORAGE_GIB <= size <= _MAX_STORAGE_GIB:
            raise InvalidParameterValue(
                f"Invalid storage size for engine name {engine} and storage type "
                f"{storage_type or 'gp2'}: {size}"
            )
    if params.get("ManageMasterUserPassword"):
        return
    password = params.get("MasterUserPassword")
    if not password:
        raise InvalidParameterValue(
            "The parameter MasterUserPassword must be provided and must not be blank."
        )
    if len(password) < 8:
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password because it is "
            "shorter than 8 characters."
        )
    if len(password) > 41:
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password because it is "
            "longer than 41 characters."
        )
    if any(not " " <= ch <= "~" or ch in _PASSWORD_FORBIDDEN for ch in password):
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password. Only printable ASCII "
            "characters besides '/', '@', '\"', ' ' may be used."
        )


def create_db_instance(response: RDSResponse, config: SandboxConfig) -> ActionResult:
    params = response.params
    _check_new_instance(params)
    engine = str(params.get("Engine") or "").lower()
    if engine in DEFAULT_ENGINE_VERSIONS and not params.get("EngineVersion"):
        params["EngineVersion"] = DEFAULT_ENGINE_VERSIONS[engine]
    database = response.backend.create_db_instance(params)
    run = PacedRun(CREATING_STAGES)
    _state(response).runs[database.db_instance_identifier] = run
    database.status = run.stages[0]
    return ActionResult({"DBInstance": _ShownInstance(database, run.stages[0])})


def _shown(database: DBInstance, state: _RdsState, pace: float) -> _ShownInstance:
    run = state.runs.get(database.db_instance_identifier)
    if run is not None:
        # Keep moto's own checks (stop, modify, ...) in step with what we show.
        database.status = run.read(pace)
    return _ShownInstance(database, database.status)


def describe_db_instances(response: RDSResponse, config: SandboxConfig) -> PaginatedResult:
    identifier = response.params.get("DBInstanceIdentifier")
    filters = {f["Name"]: f["Values"] for f in response.params.get("Filters", [])}
    state = _state(response)
    try:
        databases = list(response.backend.describe_db_instances(identifier, filters=filters))
    except DBInstanceNotFoundError:
        databases = []
    shown = [_shown(database, state, config.pace) for database in databases]
    for name, (database, run) in list(state.deleting.items()):
        if identifier and name != str(identifier).lower():
            continue
        if filters and not identifier:
            continue
        status = run.read(config.pace)
        if status:
            shown.append(_ShownInstance(database, status))
        else:
            del state.deleting[name]
    if identifier and not shown:
        raise DBInstanceNotFoundError(identifier)
    return PaginatedResult({"DBInstances": shown})


def delete_db_instance(response: RDSResponse, config: SandboxConfig) -> ActionResult:
    params = response.params
    snapshot = params.get("FinalDBSnapshotIdentifier")
    if snapshot is not None:
        response.backend.validate_db_snapshot_identifier(
            snapshot, parameter_name="FinalDBSnapshotIdentifier"
        )
    database = response.backend.delete_db_instance(**params)
    state = _state(response)
    state.runs.pop(database.db_instance_identifier, None)
    run = PacedRun(DELETING_STAGES)
    state.deleting[database.db_instance_identifier] = (database, run)
    return ActionResult({"DBInstance": _ShownInstance(database, run.stages[0])})


def install() -> None:
    install_handler(RDSResponse, "create_db_instance", create_db_instance)
    install_handler(RDSResponse, "describe_db_instances", describe_db_instances)
    install_handler(RDSResponse, "delete_db_instance", delete_db_instance)
