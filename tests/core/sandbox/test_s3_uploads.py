"""Unfinished multipart uploads in the Sandbox say when they began (stock moto: 2010)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.aws import S3, AwsDoor


async def test_each_upload_lists_the_time_it_was_started(sandbox_door: AwsDoor) -> None:
    await sandbox_door.call(S3.create_bucket, Bucket="dumps")
    before = datetime.now(UTC).replace(microsecond=0)
    started = {}
    for key in ("db/a.sql", "db/b.sql", "vm/web01.vmdk"):
        created = await sandbox_door.call(S3.create_multipart_upload, Bucket="dumps", Key=key)
        started[created["UploadId"]] = key
    after = datetime.now(UTC) + timedelta(seconds=1)

    listed = await sandbox_door.call(S3.list_multipart_uploads, Bucket="dumps")
    only_db = await sandbox_door.call(S3.list_multipart_uploads, Bucket="dumps", Prefix="db/")

    times = {item["UploadId"]: item["Initiated"] for item in listed["Uploads"]}
    assert set(times) == set(started)
    assert all(before <= when <= after for when in times.values())
    assert [item["Key"] for item in only_db["Uploads"]] == ["db/a.sql", "db/b.sql"]
    assert all(before <= item["Initiated"] <= after for item in only_db["Uploads"])
