"""Load AWS-managed IAM policies once per process instead of after every reset.

moto builds about 1,600 managed policies for each of its five partitions whenever an IAM
backend is created, and the first request after a reset creates them all (about a second).
The Sandbox resets before every test and whenever the user asks, so it builds them once and
hands each new backend its own shallow copies. The result is the same as moto's: every copy
starts unattached, with its own version list and tags.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable

from moto.iam.models import IAMBackend, ManagedPolicy

__all__ = ["install"]

_lock = threading.Lock()
_built: dict[tuple[str, str], list[ManagedPolicy]] = {}
_installed = False


def _fresh(policy: ManagedPolicy) -> ManagedPolicy:
    twin = copy.copy(policy)
    twin.attachment_count = 0
    twin.versions = list(policy.versions)
    twin.tags = dict(policy.tags)
    return twin


PolicyLoader = Callable[[IAMBackend], list[ManagedPolicy]]


def _cached(build: PolicyLoader) -> PolicyLoader:
    def init_aws_policies(backend: IAMBackend) -> list[ManagedPolicy]:
        key = (backend.account_id, backend.region_name)
        with _lock:
            if key not in _built:
                policies = build(backend)
                if not policies:  # managed policies not enabled: nothing worth keeping
                    return policies
                _built[key] = policies
            return [_fresh(policy) for policy in _built[key]]

    return init_aws_policies


def install() -> None:
    global _installed  # noqa: PLW0603 - one patch per process
    with _lock:
        if _installed:
            return
        _installed = True
        IAMBackend._init_aws_policies = _cached(IAMBackend._init_aws_policies)  # type: ignore[method-assign,assignment]
