"""Render a boto3 call as the equivalent ``aws`` CLI command, ready to paste into bash.

Operators learn the CLI from it and auditors can replay it. Parameter names follow the
CLI's own rule (botocore's ``xform_name`` with dashes); structures are given as JSON, which
every ``aws`` command accepts; every value is shell-quoted. A secret never appears: it is a
shell variable the user sets first (``--master-user-password "$MA_MASTER_USER_PASSWORD"``),
so a pasted command never runs with a placeholder as the password. A file body is the
file's path; a part of a file is cut out first by a ``dd`` command joined to it with ``&&``.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from botocore import xform_name

__all__ = [
    "MASK",
    "FileBody",
    "is_secret_name",
    "mask_secrets",
    "render_cli",
    "secret_variable",
]

MASK = "****"
MIB = 1024 * 1024

# Parameter names whose values must never be shown or logged (not every name with "Secret"
# in it: SecretsManagerSecretId names where a secret lives, and is shown).
_SECRET_NAME = re.compile(
    r"password|secretaccesskey|secretkey|clientsecret|sessiontoken|securitytoken|privatekey"
    r"|authtoken|accesstoken|refreshtoken",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FileBody:
    """A request body read from the file at ``path``; with ``length``, only the ``length``
    bytes at ``offset``: part ``part_number`` of a multipart upload."""

    path: str
    offset: int = 0
    length: int | None = None
    part_number: int = 0

    @property
    def part_path(self) -> str:
        return f"{self.path}.part-{self.part_number:05d}" if self.length is not None else self.path

    def cut_command(self) -> str:
        """The ``dd`` line that writes this part to ``part_path`` (empty for a whole file).
        Whole MiB steps use plain blocks (any dd); other sizes GNU dd's byte counts."""
        if self.length is None:
            return ""
        source, target = shlex.quote(self.path), shlex.quote(self.part_path)
        if self.offset % MIB == 0:
            # The count may run past the part only for the last one, which ends at EOF.
            count = -(-self.length // MIB)
            blocks = f"bs={MIB} skip={self.offset // MIB} count={count}"
            return f"dd if={source} of={target} {blocks} status=none"
        return (
            f"dd if={source} of={target} bs={MIB} skip={self.offset} count={self.length} "
            "iflag=skip_bytes,count_bytes status=none"
        )


def secret_variable(name: str) -> str:
    """The shell variable a masked parameter reads from: ``MA_MASTER_USER_PASSWORD``."""
    return "MA_" + xform_name(name).upper()


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


def _json_default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


_SECRET_TOKEN = "@@MA-SECRET:{}@@"
_SECRET_IN_JSON = re.compile(r"@@MA-SECRET:([A-Z0-9_]+)@@")


def _with_secret_tokens(value: Any) -> Any:
    """``value`` with each secret replaced by a token naming its shell variable."""
    if isinstance(value, Mapping):
        return {
            key: _SECRET_TOKEN.format(secret_variable(str(key)))
            if is_secret_name(str(key))
            else _with_secret_tokens(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_with_secret_tokens(item) for item in value]
    return value


def _render_value(value: Any) -> str:
    if isinstance(value, str):
        return shlex.quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date):
        return shlex.quote(value.isoformat())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return " ".join(shlex.quote(item) for item in value)
    text = json.dumps(_with_secret_tokens(value), separators=(",", ":"), default=_json_default)
    # A secret inside the JSON: close the single quotes, read the variable, reopen them.
    return _SECRET_IN_JSON.sub(lambda m: f"'\"${m.group(1)}\"'", shlex.quote(text))


def _render_body(value: Any) -> str:
    if isinstance(value, FileBody):
        return shlex.quote(value.part_path)
    # Bytes in memory have no file to name: the one honest rendering is a file to write.
    return '"$MA_BODY_FILE"'


def _as_the_cli_takes(service: str, command: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as the CLI names them where it differs from the API: ``aws ec2
    run-instances`` takes ``--count MIN:MAX`` (or one number) for MinCount and MaxCount."""
    shown = dict(params)
    if (service, command) == ("ec2", "run-instances") and "MinCount" in shown:
        low, high = shown.pop("MinCount"), shown.pop("MaxCount", None)
        shown["Count"] = f"{low}" if high in (None, low) else f"{low}:{high}"
    return shown


def render_cli(
    service: str,
    operation: str,
    params: Mapping[str, Any],
    *,
    region: str | None = None,
    profile: str | None = None,
    endpoint_url: str | None = None,
    hints: Mapping[str, str | FileBody] | None = None,
) -> str:
    """``aws rds create-db-instance --db-instance-identifier books ... --region eu-west-1``.

    ``operation`` is the boto3 method name (``create_db_instance``) or the API name
    (``CreateDBInstance``). ``hints`` stand in for a parameter's value in the rendering:
    a ``FileBody`` for a body read from a file (a part is cut by a ``dd`` line above the
    command), a string for any other value (shown quoted).
    """
    command = xform_name(operation, "-") if "_" not in operation else operation.replace("_", "-")
    parts = ["aws", _CLI_SERVICE.get(service, service), command]
    before: list[str] = []
    shown = _as_the_cli_takes(service, command, params)
    for name, value in {**shown, **(hints or {})}.items():
        option = "--" + xform_name(name, "-")
        if is_secret_name(name):
            parts += [option, f'"${secret_variable(name)}"']
        elif isinstance(value, FileBody) or (name == "Body" and not isinstance(value, str)):
            if isinstance(value, FileBody) and value.cut_command():
                before.append(value.cut_command())
            parts += [option, _render_body(value)]
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
    # One line (the cut, then the call): one row in the activity panel, one paste in bash.
    return " && ".join([*before, " ".join(parts)])
