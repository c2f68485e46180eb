"""The upload's aws commands, pasted into bash with the real AWS CLI, make the same object.

The commands are the ones the activity panel showed for a real upload to the Sandbox: the
dd commands cut the parts from the file, the upload-part commands send them with their CRC64NVME,
and complete-multipart-upload joins them with the whole object's checksum. The only edit is
the one a user makes too: the new upload id that create-multipart-upload answers.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

from core.paths import AppPaths
from core.transfer.control import UploadOptions
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import PART, downloaded, make_file
from tests.fixtures.aws_cli import cli_environment
from tests.fixtures.s3servers import S3Server

MAKING = ("create_multipart_upload", "upload_part", "complete_multipart_upload")


async def test_the_shown_upload_commands_pasted_into_bash_make_the_same_object(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    server = sandbox_s3_server
    bucket = server.new_bucket()
    source = make_file(tmp_path / "books dump.sql", 2 * PART + 4321)
    door = server.door()
    result = await upload_file(
        door,
        source,
        bucket,
        "by-the-app",
        UploadOptions(part_size=PART, threshold=PART, concurrency=1),
        journals=JournalStore.default(app_paths),
    )
    shown = [record.cli for record in door.records if record.operation in MAKING]
    assert [c.count("aws s3api") for c in shown] == [1] * (result.parts + 2)

    create, *rest = (cli.replace("by-the-app", "pasted") for cli in shown)
    rest = [re.sub(r"--upload-id \S+", '--upload-id "$UPLOAD_ID"', cli) for cli in rest]
    script = "\n".join(
        ["set -euo pipefail", f"UPLOAD_ID=$({create} --query UploadId --output text)", *rest]
    )
    done = await asyncio.to_thread(
        subprocess.run,
        ["bash", "-c", script],
        cwd=tmp_path,
        env=cli_environment(script, tmp_path / "unused"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    pasted = downloaded(server.client(), bucket, "pasted")
    assert pasted == source.read_bytes()
    ours = server.client().head_object(Bucket=bucket, Key="by-the-app", ChecksumMode="ENABLED")
    theirs = server.client().head_object(Bucket=bucket, Key="pasted", ChecksumMode="ENABLED")
    assert theirs["ChecksumCRC64NVME"] == ours["ChecksumCRC64NVME"]
    assert theirs["ETag"] == ours["ETag"]
