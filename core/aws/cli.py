"""Render a boto3 call as the equivalent ``aws`` CLI command, secrets masked.

Operators learn the CLI from it and auditors can replay it. Parameter names follow the
CLI's own rule (botocore's ``xform_name`` with dashes); structures are given as JSON, which
every ``aws`` command accepts.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from typing import Any

from botocore import xform_name

__all__ = ["MASK", "is_secret_name", "mask_secrets", "render_cli"]

MASK = "****"

# Parameter names whose values must never be shown or logged.
_SECRET_NAME = re.compile(
    r"password|secret|sessiontoken|securitytoken|privatekey|credential|authtoken", re.IGNORECASE
)

# Where the CLI's command group differs from the boto3 service name.
_CLI_SERVICE = {"s3": "s3api"}


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def mask_secrets(value: Any) -> Any:
    """A copy of ``value`` with every secret-named entry replaced by ``****``, at any depth."""
    if isinstance(value, Mapping):
        return {
            key: MASK if is_secret_name(str(key)) else mask_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_secrets(item) for item in value]
    return value


def _render_value(value: Any) -> str:
    if isinstance(value, str):
        return shlex.quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview) or hasattr(value, "read"):
        return "<data>"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return " ".join(shlex.quote(item) for item in value)
    return shlex.quote(json.dumps(value, separators=(",", ":"), default=str))


def render_cli(
    service: str,
    operation: str,
    params: Mapping[str, Any],
    *,
    region: str | None = None,
    profile: str | None = None,
    endpoint_url: str | None = None,
    hints: Mapping[str, str] | None = None,
) -> str:
    """``aws rds create-db-instance --db-instance-identifier books ... --region eu-west-1``.

    ``operation`` is the boto3 method name (``create_db_instance``) or the API name
    (``CreateDBInstance``). ``hints`` replace a parameter's rendering,
    e.g. ``{"Body": "dump.sql"}``.
    """
    command = xform_name(operation, "-") if "_" not in operation else operation.replace("_", "-")
    parts = ["aws", _CLI_SERVICE.get(service, service), command]
    for name, value in mask_secrets(dict(params)).items():
        option = "--" + xform_name(name, "-")
        if hints and name in hints:
            parts += [option, hints[name]]
        elif isinstance(value, bool):
            parts.append(option if value else "--no-" + option[2:])
        else:
            parts += [option, _render_value(value)]
    if endpoint_url:
        parts += ["--endpoint-url", shlex.quote(endpoint_url)]
    if profile:
        parts += ["--profile", shlex.quote(profile)]
    if region:
        parts += ["--region", shlex.quote(region)]
    return " ".join(parts)
