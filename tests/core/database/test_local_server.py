"""The rehearsal servers the tour uses: a demo source DMS could read, a target lacking a row."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.database import (
    CheckStatus,
    MigrationType,
    TableVerdict,
    local_server,
    run_preflight,
    validate,
)
from core.database.local_server import (
    DEMO_AUTHORS,
    DEMO_MISSING_AUTHOR,
    DEMO_PASSWORD,
    DEMO_SCHEMA,
    DEMO_USER,
    LocalServerFailed,
    ThrowawayServers,
    start_demo_source,
    start_demo_target,
)


async def test_the_demo_source_is_ready_with_a_warning_and_the_target_lacks_one_author() -> None:
    with ThrowawayServers() as servers:
        source = start_demo_source(servers)
        target = start_demo_target(servers)
        source_login = source.login(DEMO_USER, DEMO_PASSWORD)
        target_login = target.login(DEMO_USER, DEMO_PASSWORD)

        report = await run_preflight(source_login, [DEMO_SCHEMA], MigrationType.FULL_LOAD_AND_CDC)
        validation = await validate(source_login, target_login, [DEMO_SCHEMA])
        root = servers.root

    assert report.ready
    keys = report.check("mysql-check-table-primary-key")
    assert keys.status is CheckStatus.WARN
    assert keys.tables == ("books.shelf_log",)
    assert [c.id for c in report.warnings] == ["mysql-check-table-primary-key"]
    authors = validation.table("books.authors")
    assert authors.verdict is TableVerdict.ROW_COUNT_DIFFERS
    assert (authors.source_rows, authors.target_rows) == (DEMO_AUTHORS, DEMO_AUTHORS - 1)
    assert [s.values for s in authors.samples] == [(str(DEMO_MISSING_AUTHOR),)]
    assert validation.table("books.shelf_log").identical
    assert not source.running and not target.running
    assert not root.exists(), "close() removes the servers' files"


def test_without_mariadb_it_says_so_plainly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(local_server, "_daemon", lambda: None)

    servers = ThrowawayServers(tmp_path)
    with pytest.raises(LocalServerFailed) as raised:
        servers.start("demo-source")

    assert not local_server.mariadb_installed()
    assert raised.value.message.startswith("MariaDB is not installed on this computer")
    assert "apt-get install" in raised.value.fix
    assert servers.servers == []
