"""How the Sandbox's handlers sit on top of moto without changing moto for anyone else.

Each handler replaces one action on a moto response class, but only answers requests that
reach a running ``SandboxServer`` (recognised by the ``Host`` header, 127.0.0.1 and the
server's port). Any other request (``mock_aws`` tests, a plain moto server) goes to moto's
own method unchanged, or gets moto's usual "not implemented" when moto has none. So the
handlers are installed once per process and are harmless to everything else.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from moto.core.responses import BaseResponse

__all__ = [
    "DEFAULT_SOURCE_TABLES",
    "SandboxConfig",
    "call_moto",
    "config_for",
    "install",
    "register_config",
    "side_state",
    "unregister_config",
]

T = TypeVar("T")

# The source database DMS tasks in the Sandbox "migrate": schema -> table -> row count.
DEFAULT_SOURCE_TABLES: dict[str, dict[str, int]] = {"books": {"authors": 1200, "titles": 5400}}

SandboxHandler = Callable[[Any, "SandboxConfig"], Any]

# moto's server answers on several threads; the Sandbox's bookkeeping is not thread-safe.
_lock = threading.RLock()
_configs: dict[int, SandboxConfig] = {}
_installed: set[tuple[type[BaseResponse], str]] = set()
_originals: dict[tuple[type[BaseResponse], str], Callable[[Any], Any]] = {}
_LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class SandboxConfig:
    """The knobs of one running Sandbox server.

    Attributes:
        pace: seconds each lifecycle stage lasts; 0 moves one stage per describe call.
        connection_failures: endpoint ARN (or None for every endpoint) -> the message a
            DMS connection test reports when it fails.
        source_tables: schema -> table -> rows, the tables DMS tasks find in their source.
        import_failure: the StatusMessage VM imports started from now on fail with
            (empty: they succeed unless their image is refused).
    """

    pace: float = 1.0
    connection_failures: dict[str | None, str] = field(default_factory=dict)
    source_tables: dict[str, dict[str, int]] = field(
        default_factory=lambda: {schema: dict(t) for schema, t in DEFAULT_SOURCE_TABLES.items()}
    )
    import_failure: str = ""

    def connection_failure(self, endpoint_arn: str) -> str | None:
        """The failure message for a connection test of ``endpoint_arn``, if one is set."""
        with _lock:
            if endpoint_arn in self.connection_failures:
                return self.connection_failures[endpoint_arn]
            return self.connection_failures.get(None)


def register_config(port: int, config: SandboxConfig) -> None:
    with _lock:
        _configs[port] = config


def unregister_config(port: int) -> None:
    with _lock:
        _configs.pop(port, None)


def config_for(response: BaseResponse) -> SandboxConfig | None:
    """The config of the Sandbox this request reached, or None for any other request."""
    host = str(response.headers.get("Host", "") if response.headers else "")
    name, _, port = host.rpartition(":")
    if name not in _LOCAL_HOSTS or not port.isdigit():
        return None
    with _lock:
        return _configs.get(int(port))


def install(response_class: type[BaseResponse], action: str, handler: SandboxHandler) -> None:
    """Answer ``action`` (moto's snake_case method name) with ``handler`` for Sandbox requests."""
    with _lock:
        if (response_class, action) in _installed:
            return
        _installed.add((response_class, action))
        original: Callable[[Any], Any] | None = getattr(response_class, action, None)
        if original is not None:
            _originals[(response_class, action)] = original

        def route(self: Any) -> Any:
            config = config_for(self)
            if config is None:
                if original is None:
                    raise NotImplementedError(f"The {action} action has not been implemented")
                return original(self)
            with _lock:
                return handler(self, config)

        route.__name__ = action
        setattr(response_class, action, route)


def call_moto(response_class: type[BaseResponse], action: str, response: Any) -> Any:
    """Run moto's own handler for ``action`` (the one ``install`` replaced) on ``response``."""
    return _originals[(response_class, action)](response)


def side_state(backend: object, factory: Callable[[], T]) -> T:
    """Bookkeeping the Sandbox keeps next to a moto backend.

    It lives in the backend object itself, so moto's reset (which rebuilds or replaces the
    backends) clears it together with the resources it describes.
    """
    key = f"_sandbox_{factory.__name__}"
    with _lock:
        state: T | None = vars(backend).get(key)
        if state is None:
            state = factory()
            setattr(backend, key, state)
        return state
