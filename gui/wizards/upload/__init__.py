"""Wizard "Upload a large file": S3 multipart upload, parallel, resumable, verified.

Pages share ``wizard.state``: ``file``, ``bucket``, ``key`` (FilePage); ``plan``,
``options`` (SettingsPage); ``result`` (UploadProgressPage). Setting ``file``, ``bucket``
and ``key`` before the wizard opens prefills them (the Unfinished uploads page does, to
resume).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from core.aws import S3, aws_call
from core.aws.cli import FileBody
from core.transfer import UploadOptions, UploadPlan, UploadResult, format_size
from gui.context import AppContext
from gui.flows import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.text_pages import ReviewPage, SummaryPage
from gui.wizards.upload.choose import FilePage, SettingsPage
from gui.wizards.upload.progress import UploadProgressPage

__all__ = ["CARD", "UploadWizard", "review_commands"]


def review_commands(wizard: FlowWizard) -> str:
    """The ``aws s3api`` sequence the upload makes (the engine's own calls)."""
    state = wizard.state
    plan: UploadPlan = state["plan"]
    door = wizard.context.door
    bucket, key = state["bucket"], state["key"]
    options: UploadOptions = state["options"]
    checksum = options.checksum.value
    path = str(state["file"])
    if not plan.multipart:
        put = aws_call(S3.put_object, Bucket=bucket, Key=key, Body=b"")
        return door.cli(put.shown_as(Body=FileBody(path))) + f"  # with a {checksum} checksum"
    part = aws_call(
        S3.upload_part, Bucket=bucket, Key=key, PartNumber=1, UploadId="<UploadId>", Body=b""
    )
    lines = [
        f"# {format_size(plan.size)} in {plan.part_count:,} parts of "
        f"{format_size(plan.part_size)}, {options.concurrency} at a time",
        door.cli(
            aws_call(
                S3.create_multipart_upload,
                Bucket=bucket,
                Key=key,
                **options.checksum.create_parameters(),
            )
        ),
        door.cli(part.shown_as(Body=FileBody(path, 0, plan.part_size, 1))),
        f"# ... one upload-part per part, up to --part-number {plan.part_count}",
        door.cli(
            aws_call(
                S3.complete_multipart_upload,
                Bucket=bucket,
                Key=key,
                UploadId="<UploadId>",
                MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": "<ETag of part 1>"}]},
            )
        ),
        "# then the ETag S3 returns is compared with the one computed from the file:",
        door.cli(aws_call(S3.head_object, Bucket=bucket, Key=key)),
    ]
    return "\n".join(lines)


def result_rows(wizard: FlowWizard) -> Mapping[str, str]:
    result: UploadResult = wizard.state["result"]
    return {
        "Object": f"s3://{result.bucket}/{result.key}",
        "Verified": f"yes: {result.verification}" if result.verified else "no",
        "ETag": result.etag,
        "Size": f"{format_size(result.size)} ({result.size:,} bytes)",
        "Parts": f"{result.parts:,} of {format_size(result.part_size)}"
        if result.multipart
        else "1 (a single request)",
        "Resumed": f"{result.resumed_parts} part(s) were already there"
        if result.resumed_parts
        else "no: everything was sent in this run",
        "Time": f"{result.seconds:.1f} s",
    }


class UploadWizard(FlowWizard):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Upload a large file", parent)
        self.addPage(FilePage())
        self.addPage(SettingsPage())
        self.addPage(ReviewPage("review", "Review the upload", review_commands))
        self.addPage(UploadProgressPage())
        self.addPage(SummaryPage("result", "Uploaded and verified", result_rows))


CARD = FlowCard(
    "upload",
    "Upload a large file",
    "Send a big file (a dump, a VM image, an archive) to S3 in parallel parts; it resumes "
    "after a crash and is verified at the end.",
    UploadWizard,
    order=80,
)
