from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from core.ledger import Ledger, LedgerEntry, ResourceKind, in_teardown_order
from core.paths import AppPaths
from core.settings import ConnectionMode, RetryMode, Settings


def test_settings_live_in_the_config_directory_and_round_trip(app_paths: AppPaths) -> None:
    assert Settings.load(app_paths.settings_file) == Settings()
    chosen = Settings(ConnectionMode.PROFILE, "ops", "eu-west-1", RetryMode.ADAPTIVE, 0.5)
    chosen.save(app_paths.settings_file)
    assert app_paths.settings_file.parent == app_paths.config_dir
    assert Settings.load(app_paths.settings_file) == chosen


def test_a_damaged_settings_file_falls_back_to_the_sandbox(app_paths: AppPaths) -> None:
    app_paths.settings_file.write_text('{"connection": "martian"}', encoding="utf-8")
    assert Settings.load(app_paths.settings_file).connection is ConnectionMode.SANDBOX


def entry(kind: ResourceKind, name: str, scope: str = "sandbox", when: str = "") -> LedgerEntry:
    extra = {"created_at": when} if when else {}
    return LedgerEntry(kind, name, "us-east-1", scope, "test", **extra)  # type: ignore[arg-type]


def test_the_ledger_records_lists_and_marks_deleted(app_paths: AppPaths) -> None:
    ledger = Ledger(app_paths.ledger_file)
    books = ledger.record(entry(ResourceKind.RDS_INSTANCE, "books-db"))
    ledger.record(entry(ResourceKind.IAM_ROLE, "dms-vpc-role", scope="111122223333"))
    assert [e.resource_id for e in ledger.entries("sandbox")] == ["books-db"]
    assert ledger.find(ResourceKind.RDS_INSTANCE, "books-db", "sandbox") == books
    ledger.mark_deleted(books)
    assert ledger.entries("sandbox") == []
    deleted = ledger.entries("sandbox", include_deleted=True)
    assert deleted[0].deleted_at is not None
    saved = json.loads(app_paths.ledger_file.read_text(encoding="utf-8"))
    assert saved["resources"][0]["kind"] == "rds-db-instance"
    assert app_paths.ledger_file.parent == app_paths.data_dir


def test_recording_a_resource_twice_keeps_one_row(app_paths: AppPaths) -> None:
    ledger = Ledger(app_paths.ledger_file)
    ledger.record(entry(ResourceKind.S3_BUCKET, "dumps"))
    ledger.record(entry(ResourceKind.S3_BUCKET, "dumps"))
    assert len(ledger.entries()) == 1


def test_concurrent_records_are_all_kept(app_paths: AppPaths) -> None:
    ledger = Ledger(app_paths.ledger_file)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: ledger.record(entry(ResourceKind.S3_OBJECT, f"o{n}")), range(40)))
    assert len(ledger.entries()) == 40


def test_teardown_order_puts_dependents_first() -> None:
    entries = [
        entry(ResourceKind.IAM_ROLE, "dms-vpc-role"),
        entry(ResourceKind.RDS_INSTANCE, "books-db"),
        entry(ResourceKind.REPLICATION_INSTANCE, "ri"),
        entry(ResourceKind.DMS_ENDPOINT, "source", when="2026-01-01T00:00:00"),
        entry(ResourceKind.DMS_ENDPOINT, "target", when="2026-01-02T00:00:00"),
        entry(ResourceKind.REPLICATION_TASK, "task"),
        entry(ResourceKind.SECURITY_GROUP_RULE, "sg-1:3306"),
    ]
    assert [e.resource_id for e in in_teardown_order(entries)] == [
        "task",
        "target",
        "source",
        "ri",
        "books-db",
        "sg-1:3306",
        "dms-vpc-role",
    ]


_RECORDER = """
import sys
from pathlib import Path
from core.ledger import Ledger, LedgerEntry, ResourceKind
ledger = Ledger(Path(sys.argv[1]))
for n in range(60):
    name = f"{sys.argv[2]}{n}"
    ledger.record(LedgerEntry(ResourceKind.S3_OBJECT, name, "us-east-1", "sandbox", "test"))
"""


def test_two_processes_recording_at_once_lose_no_entry(app_paths: AppPaths) -> None:
    # The window and its upload worker both write the ledger.
    writers = [
        subprocess.Popen([sys.executable, "-c", _RECORDER, str(app_paths.ledger_file), name])
        for name in ("window-", "worker-")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    names = {item.resource_id for item in Ledger(app_paths.ledger_file).entries()}
    assert names == {f"{side}{n}" for side in ("window-", "worker-") for n in range(60)}
