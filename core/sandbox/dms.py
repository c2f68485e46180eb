"""DMS replication instances, endpoints and connection tests in the Sandbox.

Filled gaps of stock moto: instances are paced (creating -> available, deleting -> gone)
without touching moto's global state manager; endpoints are ``active`` and a duplicate
identifier is refused; a connection test can be repeated and can be made to fail; filtered
describes of missing resources raise ResourceNotFoundFault as AWS does, which is what the
``*_deleted`` waiters wait for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.dms.exceptions import ResourceAlreadyExistsFault, ResourceNotFoundFault
from moto.dms.responses import DatabaseMigrationServiceResponse as DmsResponse

from core.sandbox.dms_subnets import with_real_subnets
from core.sandbox.pacing import PacedRun
from core.sandbox.routing import SandboxConfig, call_moto, side_state
from core.sandbox.routing import install as install_handler

__all__ = ["filter_items", "install", "not_found_unless"]

INSTANCE_STAGES = ("creating", "available")
INSTANCE_DELETING_STAGES = ("deleting", "")  # "" = gone

_INSTANCE_FILTERS = {
    "replication-instance-id": ("ReplicationInstanceIdentifier",),
    "replication-instance-arn": ("ReplicationInstanceArn",),
    "replication-instance-class": ("ReplicationInstanceClass",),
    "engine-version": ("EngineVersion",),
}
_ENDPOINT_FILTERS = {
    "endpoint-arn": ("EndpointArn",),
    "endpoint-type": ("EndpointType",),
    "endpoint-id": ("EndpointIdentifier",),
    "engine-name": ("EngineName",),
}
_CONNECTION_FILTERS = {
    "endpoint-arn": ("EndpointArn",),
    "replication-instance-arn": ("ReplicationInstanceArn",),
}


class InvalidParameterValueException(JsonRESTError):
    code = 400

    def __init__(self, message: str) -> None:
        super().__init__("InvalidParameterValueException", message)


def filter_items(
    items: Iterable[Mapping[str, Any]],
    filters: Sequence[Mapping[str, Any]],
    fields: Mapping[str, Sequence[str]],
) -> list[Mapping[str, Any]]:
    """Items matching every filter ({"Name", "Values"}); a filter name maps to the keys
    whose value may match (any of them)."""
    kept = list(items)
    for name_and_values in filters:
        name = name_and_values.get("Name", "")
        if name not in fields:
            raise InvalidParameterValueException(f"The filter '{name}' is not valid.")
        values = set(name_and_values.get("Values", []))
        keys = fields[name]
        kept = [item for item in kept if any(str(item.get(key)) in values for key in keys)]
    return kept


def not_found_unless(items: Sequence[Any], filters: Sequence[Any], what: str) -> None:
    """AWS answers a filtered describe that finds nothing with ResourceNotFoundFault."""
    if filters and not items:
        raise ResourceNotFoundFault(f"No {what} found matching provided filters")


@dataclass
class _ConnectionTest:
    instance_arn: str
    endpoint_arn: str
    instance_id: str
    endpoint_id: str
    run: PacedRun[str]
    failure: str | None

    def to_dict(self, status: str) -> dict[str, Any]:
        return {
            "ReplicationInstanceArn": self.instance_arn,
            "EndpointArn": self.endpoint_arn,
            "Status": status,
            "LastFailureMessage": self.failure if status == "failed" else "",
            "EndpointIdentifier": self.endpoint_id,
            "ReplicationInstanceIdentifier": self.instance_id,
        }


@dataclass
class _DmsState:
    instance_runs: dict[str, PacedRun[str]] = field(default_factory=dict)
    deleting_instances: dict[str, tuple[dict[str, Any], PacedRun[str]]] = field(
        default_factory=dict
    )
    connections: dict[tuple[str, str], _ConnectionTest] = field(default_factory=dict)

    def forget_connections(self, arn: str) -> None:
        for key in [key for key in self.connections if arn in key]:
            del self.connections[key]


def _state(response: DmsResponse) -> _DmsState:
    return side_state(response.dms_backend, _DmsState)


def _body(response: DmsResponse) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(response.body or "{}")
    return data


# -- replication instances -----------------------------------------------------------------


def _show_real_subnets(response: DmsResponse, instance: dict[str, Any]) -> None:
    if instance.get("ReplicationSubnetGroup"):
        instance["ReplicationSubnetGroup"] = with_real_subnets(
            response, instance["ReplicationSubnetGroup"]
        )


def create_replication_instance(response: DmsResponse, config: SandboxConfig) -> str:
    body = _body(response)
    if body.get("PubliclyAccessible") is None:
        # AWS's default; moto's handler would pass None and leave out the public IP.
        response.body = json.dumps({**body, "PubliclyAccessible": True})
    created = json.loads(call_moto(DmsResponse, "create_replication_instance", response))
    instance = created["ReplicationInstance"]
    _show_real_subnets(response, instance)
    run = PacedRun(INSTANCE_STAGES)
    _state(response).instance_runs[instance["ReplicationInstanceArn"]] = run
    instance["ReplicationInstanceStatus"] = run.stages[0]
    return json.dumps(created)


def describe_replication_instances(response: DmsResponse, config: SandboxConfig) -> str:
    filters = _body(response).get("Filters", [])
    state = _state(response)
    shown: list[dict[str, Any]] = []
    for instance in response.dms_backend.replication_instances.values():
        item = instance.to_dict()
        _show_real_subnets(response, item)
        run = state.instance_runs.get(instance.arn)
        if run is not None:
            item["ReplicationInstanceStatus"] = run.read(config.pace)
        shown.append(item)
    for arn, (item, run) in list(state.deleting_instances.items()):
        status = run.read(config.pace)
        if status:
            shown.append({**item, "ReplicationInstanceStatus": status})
        else:
            del state.deleting_instances[arn]
    found = filter_items(shown, filters, _INSTANCE_FILTERS)
    not_found_unless(found, filters, "replication instances")
    return json.dumps({"ReplicationInstances": found})


def delete_replication_instance(response: DmsResponse, config: SandboxConfig) -> str:
    arn = response._get_param("ReplicationInstanceArn")
    deleted = json.loads(call_moto(DmsResponse, "delete_replication_instance", response))
    item = deleted["ReplicationInstance"]
    state = _state(response)
    state.instance_runs.pop(arn, None)
    state.forget_connections(arn)
    run = PacedRun(INSTANCE_DELETING_STAGES)
    state.deleting_instances[arn] = (item, run)
    item["ReplicationInstanceStatus"] = run.stages[0]
    return json.dumps(deleted)


# -- endpoints -----------------------------------------------------------------------------


def create_endpoint(response: DmsResponse, config: SandboxConfig) -> str:
    identifier = str(_body(response).get("EndpointIdentifier"))
    if identifier in response.dms_backend.endpoints:
        raise ResourceAlreadyExistsFault(f"Endpoint with identifier {identifier} already exists")
    created = json.loads(call_moto(DmsResponse, "create_endpoint", response))
    # AWS creates an endpoint synchronously; there is nothing to wait for.
    response.dms_backend.endpoints[identifier].status = "active"
    created["Endpoint"]["Status"] = "active"
    return json.dumps(created)


def describe_endpoints(response: DmsResponse, config: SandboxConfig) -> str:
    filters = _body(response).get("Filters", [])
    shown = [
        {key: value for key, value in endpoint.to_dict().items() if value is not None}
        for endpoint in response.dms_backend.endpoints.values()
    ]
    found = filter_items(shown, filters, _ENDPOINT_FILTERS)
    not_found_unless(found, filters, "endpoints")
    return json.dumps({"Endpoints": found})


def delete_endpoint(response: DmsResponse, config: SandboxConfig) -> str:
    arn = response._get_param("EndpointArn")
    deleted: str = call_moto(DmsResponse, "delete_endpoint", response)
    _state(response).forget_connections(arn)
    return deleted


# -- connection tests ----------------------------------------------------------------------


def test_connection(response: DmsResponse, config: SandboxConfig) -> str:
    instance_arn = response._get_param("ReplicationInstanceArn")
    endpoint_arn = response._get_param("EndpointArn")
    backend = response.dms_backend
    instance = backend.replication_instances.get(instance_arn)
    if instance is None:
        raise ResourceNotFoundFault("Replication instance could not be found.")
    endpoint = next((e for e in backend.endpoints.values() if e.endpoint_arn == endpoint_arn), None)
    if endpoint is None:
        raise ResourceNotFoundFault("Endpoint could not be found.")
    failure = config.connection_failure(endpoint_arn)
    test = _ConnectionTest(
        instance_arn=instance_arn,
        endpoint_arn=endpoint_arn,
        instance_id=instance.id,
        endpoint_id=endpoint.endpoint_identifier,
        run=PacedRun(("testing", "failed" if failure is not None else "successful")),
        failure=failure,
    )
    # A retest replaces the previous result, as on AWS.
    _state(response).connections[(instance_arn, endpoint_arn)] = test
    return json.dumps({"Connection": test.to_dict(test.run.stages[0])})


def describe_connections(response: DmsResponse, config: SandboxConfig) -> str:
    filters = _body(response).get("Filters", [])
    tests = _state(response).connections.values()
    shown = [test.to_dict(test.run.read(config.pace)) for test in tests]
    return json.dumps({"Connections": filter_items(shown, filters, _CONNECTION_FILTERS)})


def install() -> None:
    handlers = {
        "create_replication_instance": create_replication_instance,
        "describe_replication_instances": describe_replication_instances,
        "delete_replication_instance": delete_replication_instance,
        "create_endpoint": create_endpoint,
        "describe_endpoints": describe_endpoints,
        "delete_endpoint": delete_endpoint,
        "test_connection": test_connection,
        "describe_connections": describe_connections,
    }
    for action, handler in handlers.items():
        install_handler(DmsResponse, action, handler)
