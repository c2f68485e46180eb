"""Wizard "Upload a large file": S3 multipart upload, parallel, resumable, verified.

Pages share ``wizard.state``, an ``UploadChoices`` (``choices.py``): ``inputs`` (the
flow's ``UploadInputs``: file, bucket and key from FilePage, options from SettingsPage),
``plan`` (SettingsPage), ``result`` (UploadProgressPage). Choosing the file, bucket and key
before the wizard opens prefills them (the Unfinished uploads page does, to resume).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from core.flows.shape import render_plan
from core.flows.upload import UploadFlow
from core.transfer import format_size
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.text_pages import ReviewPage, SummaryPage
from gui.wizards.upload.choices import UploadChoices
from gui.wizards.upload.choose import FilePage, SettingsPage
from gui.wizards.upload.progress import UploadProgressPage

__all__ = ["CARD", "UploadChoices", "UploadWizard", "review_commands"]

SHOWN_PARTS = 3  # parts a long upload's review shows before the last one


def review_commands(wizard: FlowWizard[UploadChoices]) -> str:
    """The ``aws s3api`` calls the upload makes: the flow's plan (the engine's own calls)."""
    inputs, door = wizard.state.inputs, wizard.context.door
    assert inputs is not None, "the form pages come first"
    options = inputs.options
    flow = UploadFlow(inputs)
    cut = flow.upload_plan()
    planned = flow.plan()
    verify = (
        "# Then the app reads the object back (head-object) and compares its checksum (or "
        "ETag) and size with the file's."
    )
    if not cut.multipart:
        title = f"# {format_size(cut.size)} in one request, with a {options.checksum} checksum"
        return "\n".join([title, *render_plan(door, planned), verify])
    create, *parts, complete = planned
    shown = render_plan(door, parts)
    if len(parts) > SHOWN_PARTS + 1:
        # A long upload's middle parts are alike: the first ones and the last stand for them.
        middle = f"# ... parts {SHOWN_PARTS + 1} to {len(parts) - 1} alike ..."
        shown = [*shown[:SHOWN_PARTS], middle, shown[-1]]
    title = (
        f"# {format_size(cut.size)} in {cut.part_count:,} parts of {format_size(cut.part_size)}, "
        f"{options.concurrency} at a time (in any order)"
    )
    return "\n".join(
        [title, *render_plan(door, [create]), *shown, *render_plan(door, [complete]), verify]
    )


def result_rows(wizard: FlowWizard[UploadChoices]) -> Mapping[str, str]:
    result = wizard.state.result
    assert result is not None, "the upload page comes first"
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


class UploadWizard(FlowWizard[UploadChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Upload a large file", UploadChoices(), parent)
        self.add(FilePage())
        self.add(SettingsPage())
        self.add(ReviewPage("review", "Review the upload", review_commands))
        self.add(UploadProgressPage())
        self.add(SummaryPage("result", "Uploaded and verified", result_rows))


CARD = FlowCard(
    "upload",
    "Upload a large file",
    "Send a big file (a dump, a VM image, an archive) to S3 in parallel parts; it resumes "
    "after a crash and is verified at the end.",
    UploadWizard,
    order=80,
)
