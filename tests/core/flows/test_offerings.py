"""What the account offers, newest first, and the built-in choices where it cannot tell."""

from __future__ import annotations

from core.flows.context import FlowContext
from core.flows.offerings import list_engine_versions, list_replication_engine_versions, version_key


def test_versions_sort_by_number_not_by_text() -> None:
    assert sorted(["8.0.9", "8.0.40", "8.4.1", "10.11.2"], key=version_key) == [
        "8.0.9",
        "8.0.40",
        "8.4.1",
        "10.11.2",
    ]


async def test_mysql_versions_come_newest_first_with_the_default_flagged(
    sandbox_ctx: FlowContext,
) -> None:
    versions = await list_engine_versions(sandbox_ctx.door)

    assert [v.version for v in versions] == ["8.4.5", "8.4.4", "8.0.42", "8.0.41", "8.0.40"]
    assert [v.version for v in versions if v.is_default] == ["8.0.42"]


async def test_replication_versions_come_newest_first(sandbox_ctx: FlowContext) -> None:
    # The Sandbox's catalog offers 3.5.3 and 3.5.4.
    assert await list_replication_engine_versions(sandbox_ctx.door) == ["3.5.4", "3.5.3"]


async def test_no_replication_versions_where_dms_cannot_tell(moto_ctx: FlowContext) -> None:
    assert await list_replication_engine_versions(moto_ctx.door) == []
