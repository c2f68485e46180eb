"""Make one AWS operation fail the way AWS would, through botocore's own event hooks."""

from __future__ import annotations

from typing import Any

from botocore.awsrequest import AWSResponse, HTTPHeaders

from core.aws import AwsDoor


def inject_error(
    door: AwsDoor,
    service: str,
    operation: str,
    code: str,
    message: str,
    *,
    status: int = 400,
    times: int | None = None,
) -> list[int]:
    """From now on ``operation`` (API name, e.g. CreateRole) answers with ``code``; ``times``
    limits how often. Returns a list whose length counts the failures injected."""
    injected: list[int] = []

    def fail(**_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if times is not None and len(injected) >= times:
            return None
        injected.append(1)
        response = AWSResponse("https://aws.invalid/", status, HTTPHeaders(), None)
        parsed = {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status, "RequestId": "injected"},
        }
        return response, parsed

    door.client(service).meta.events.register(f"before-call.{service}.{operation}", fail)
    return injected
