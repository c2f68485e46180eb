"""What the pages of "Create endpoints and test connections" share: ``wizard.state``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.flows.endpoints import (
    ConnectionTestResult,
    EndpointResult,
    EndpointsInputs,
    EndpointSpec,
    EndpointType,
)

__all__ = ["EndpointsChoices"]


@dataclass
class EndpointsChoices:
    """Attributes:
    source, target: the endpoints as the source and target pages filled them (together the
        flow's inputs, ``inputs()``).
    target_database: the RDS instance the target was picked from ("" when typed by hand).
    source_endpoint, target_endpoint: made by the creation page; a Try again gives them to
        ``EndpointsFlow`` as ``made``, so an endpoint made by an earlier try is not made
        again (``made()``, ``keep()``).
    connection_tests: the connection tests by label ("Source", "Target"), once they ran.
    """

    source: EndpointSpec | None = None
    target: EndpointSpec | None = None
    target_database: str = ""
    source_endpoint: EndpointResult | None = None
    target_endpoint: EndpointResult | None = None
    connection_tests: dict[str, ConnectionTestResult] | None = None

    def inputs(self) -> EndpointsInputs:
        """``EndpointsFlow``'s inputs, once both forms are filled."""
        assert self.source is not None and self.target is not None, "the forms come first"
        return EndpointsInputs(self.source, self.target)

    def made(self) -> tuple[EndpointResult, ...]:
        """The endpoints made so far (none, the source, or both)."""
        return tuple(e for e in (self.source_endpoint, self.target_endpoint) if e is not None)

    def keep(self, made: Iterable[EndpointResult]) -> None:
        """Remember exactly ``made``: what exists after a try, or after a clean-up."""
        found = {endpoint.endpoint_type: endpoint for endpoint in made}
        self.source_endpoint = found.get(EndpointType.SOURCE)
        self.target_endpoint = found.get(EndpointType.TARGET)
