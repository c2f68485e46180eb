"""Unfinished uploads: listed with their parts and bytes, aborted, and the lifecycle rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import OperationCancelled
from core.ledger import Ledger, ResourceKind
from core.paths import AppPaths
from core.transfer.control import UploadControl
from core.transfer.journal import JournalStore
from core.transfer.unfinished_uploads import (
    ABORT_RULE_ID,
    abort_unfinished,
    adopt_unfinished,
    list_unfinished,
    set_abort_incomplete_rule,
)
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import PART, incomplete_uploads, make_file
from tests.fixtures.s3servers import S3Server
from tests.fixtures.upload_events import PACED, ActOnFirstConfirmed


async def test_lists_known_and_unknown_uploads_then_aborts_them(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    client = s3_server.client()
    stranger = client.create_multipart_upload(Bucket=s3_bucket, Key="other/tool.bin")["UploadId"]
    client.upload_part(
        Bucket=s3_bucket, Key="other/tool.bin", UploadId=stranger, PartNumber=1, Body=b"x" * 1000
    )
    source = make_file(tmp_path / "big.bin", 4 * PART)
    control = UploadControl()
    journals = JournalStore.default(app_paths)
    ledger = Ledger(app_paths.ledger_file)
    with pytest.raises(OperationCancelled):
        await upload_file(
            s3_server.door(),
            source,
            s3_bucket,
            "ours.bin",
            PACED,
            sink=ActOnFirstConfirmed(control.cancel),
            journals=journals,
            ledger=ledger,
            control=control,
        )
    [journal] = journals.all()
    door = s3_server.door()

    found = {upload.key: upload for upload in await list_unfinished(door, s3_bucket, journals)}

    assert set(found) == {"other/tool.bin", "ours.bin"}
    assert (found["other/tool.bin"].known, found["other/tool.bin"].parts) == (False, 1)
    assert found["other/tool.bin"].bytes == 1000
    ours = found["ours.bin"]
    assert ours.known and ours.file == str(source.resolve())
    assert ours.upload_id == journal.header.upload_id
    assert ours.parts >= len(journal.parts) >= 1
    assert ours.bytes >= ours.parts * PART - PART
    assert -2 < ours.age_seconds() < 600  # begun by this test (servers round to seconds)
    assert ours.to_json()["known"] is True
    assert ledger.find(ResourceKind.MULTIPART_UPLOAD, ours.upload_id, door.scope) is not None

    aborted = await abort_unfinished(door, s3_bucket, "ours.bin", journals, ledger=ledger)
    assert aborted == [ours.upload_id]
    assert journals.all() == []
    assert ledger.find(ResourceKind.MULTIPART_UPLOAD, ours.upload_id, door.scope) is None
    await abort_unfinished(door, s3_bucket, "other/tool.bin", journals, upload_id=stranger)
    assert incomplete_uploads(client, s3_bucket) == []


async def test_sets_the_abort_incomplete_rule_and_keeps_other_rules(
    sandbox_s3_server: S3Server,
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    client = sandbox_s3_server.client()
    expire_logs = {
        "ID": "expire-logs",
        "Status": "Enabled",
        "Filter": {"Prefix": "logs/"},
        "Expiration": {"Days": 30},
    }
    client.put_bucket_lifecycle_configuration(
        Bucket=bucket, LifecycleConfiguration={"Rules": [expire_logs]}
    )
    door = sandbox_s3_server.door()

    await set_abort_incomplete_rule(door, bucket, days=7)
    await set_abort_incomplete_rule(door, bucket, days=3)

    rules = {r["ID"]: r for r in client.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}
    assert set(rules) == {"expire-logs", ABORT_RULE_ID}
    assert rules[ABORT_RULE_ID]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 3}


async def test_sets_the_rule_on_a_bucket_without_lifecycle_rules(s3_server: S3Server) -> None:
    bucket = s3_server.new_bucket()
    await set_abort_incomplete_rule(s3_server.door(), bucket, days=7)
    rules = s3_server.client().get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert [rule["ID"] for rule in rules] == [ABORT_RULE_ID]
    assert rules[0]["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] == 7


async def test_resumes_an_upload_another_tool_began_from_the_chosen_file(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "vm.img", 3 * PART + 10)
    data = source.read_bytes()
    client = s3_server.client()
    upload_id = client.create_multipart_upload(Bucket=s3_bucket, Key="vm.img")["UploadId"]
    for number in (1, 2):
        client.upload_part(
            Bucket=s3_bucket,
            Key="vm.img",
            UploadId=upload_id,
            PartNumber=number,
            Body=data[(number - 1) * PART : number * PART],
        )
    journals = JournalStore.default(app_paths)
    door = s3_server.door()
    [stranger] = await list_unfinished(door, s3_bucket, journals)
    assert not stranger.known

    journal = await adopt_unfinished(door, journals, stranger, source)
    result = await upload_file(door, source, s3_bucket, "vm.img", journals=journals)

    assert journal.header.part_size == PART
    assert (result.resumed_parts, result.parts, result.verified) == (2, 4, True)
    assert result.bytes_sent == PART + 10
    assert result.upload_id == upload_id
    assert incomplete_uploads(client, s3_bucket) == []
