"""Wizard "Upload a large file" through the real window against the Sandbox's S3."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from core.aws import S3, aws_call
from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.wizards.text_pages import SummaryPage
from gui.wizards.upload.choose import SettingsPage
from tests.fixtures.upload_wizard import (
    BUCKET,
    MIB,
    cancel_with,
    make_file,
    open_upload,
    start_upload,
)
from tests.fixtures.wizards import leave_page

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import MultipartUploadTypeDef


def open_uploads(window: MainWindow) -> list[MultipartUploadTypeDef]:
    found = window.context.door.run_sync(aws_call(S3.list_multipart_uploads, Bucket=BUCKET))
    return list(found.get("Uploads", []))


def test_uploads_a_file_that_comes_back_identical_and_verified(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = make_file(tmp_path)
    progress = start_upload(window, qtbot, path)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=60_000)
    assert progress.last_error is None
    assert set(progress.part_states().values()) == {"confirmed"}
    assert len(progress.part_states()) == 3
    wizard = progress.flow
    leave_page(wizard, qtbot)
    result = wizard.currentPage()
    assert isinstance(result, SummaryPage)
    assert result.values["Verified"].text().startswith("yes")
    body = window.context.door.run_sync(aws_call(S3.get_object, Bucket=BUCKET, Key=path.name))
    data = body["Body"].read()
    assert hashlib.sha256(data).digest() == hashlib.sha256(path.read_bytes()).digest()
    head = window.context.door.run_sync(aws_call(S3.head_object, Bucket=BUCKET, Key=path.name))
    assert result.values["ETag"].text() == head["ETag"].strip('"')
    assert result.values["ETag"].text().endswith("-3")


BAD_SETTINGS = {
    "part size 4MiB": ("part_size", "4MiB", "5MiB"),
    "outage wait 'a while'": ("retry_for", "a while", "not a duration"),
    "outage wait 48h": ("retry_for", "48h", "24 hours"),
}


@pytest.mark.parametrize("case", list(BAD_SETTINGS))
def test_a_bad_setting_is_refused_next_to_its_field_before_any_call(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, case: str
) -> None:
    field, text, sentence = BAD_SETTINGS[case]
    wizard, page = open_upload(window, qtbot)
    page.path.setText(str(make_file(tmp_path)))
    page.bucket.setCurrentText(BUCKET)
    leave_page(wizard, qtbot)
    settings = wizard.currentPage()
    assert isinstance(settings, SettingsPage)
    calls = len(window.context.door.records)
    getattr(settings, field).setText(text)
    wizard.next()
    assert wizard.currentPage() is settings
    assert sentence in settings.visible_errors()[field]
    assert len(window.context.door.records) == calls


def test_a_missing_file_and_a_bad_bucket_name_are_refused(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    wizard, page = open_upload(window, qtbot)
    page.path.setText(str(tmp_path / "nope.bin"))
    wizard.next()
    assert "There is no file" in page.visible_errors()["file"]
    calls = len(window.context.door.records)
    page.create_bucket("Bad_Name")
    assert "not a valid bucket name" in page.visible_errors()["bucket"]
    assert len(window.context.door.records) == calls
    page.create_bucket("new-dumps")
    qtbot.waitUntil(lambda: page.bucket.currentText() == "new-dumps", timeout=10_000)
    ledger = window.context.ledger.entries("sandbox")
    assert [(e.kind, e.resource_id) for e in ledger] == [(ResourceKind.S3_BUCKET, "new-dumps")]


def test_dropping_a_file_on_the_page_chooses_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _, page = open_upload(window, qtbot)
    path = make_file(tmp_path, 1024)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    assert page.path.text() == str(path)
    assert page.key.text() == path.name


def test_pause_then_resume_finishes(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    progress = start_upload(window, qtbot, make_file(tmp_path, 20 * MIB), bandwidth="8MB")
    qtbot.waitUntil(progress.pause_button.isEnabled, timeout=10_000)
    progress.pause_button.click()
    assert progress.control.paused and progress.pause_button.text() == "Resume"
    progress.pause_button.click()
    assert not progress.control.paused
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=60_000)
    assert progress.last_error is None


def test_cancel_and_abort_leaves_no_incomplete_upload(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    progress = start_upload(window, qtbot, make_file(tmp_path, 20 * MIB), bandwidth="4MB")
    cancel_with(progress, qtbot, "Abort and delete the parts")
    assert open_uploads(window) == []


def test_cancel_and_keep_then_try_again_resumes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    progress = start_upload(window, qtbot, make_file(tmp_path, 20 * MIB), bandwidth="4MB")
    qtbot.waitUntil(lambda: "confirmed" in progress.part_states().values(), timeout=30_000)
    cancel_with(progress, qtbot, "Keep to resume later")
    assert len(open_uploads(window)) == 1
    # The rest goes at full speed; the part size (what resuming needs) stays.
    state = progress.flow.state
    assert state.inputs is not None
    options = dataclasses.replace(state.inputs.options, max_bandwidth=None)
    state.inputs = dataclasses.replace(state.inputs, options=options)
    progress.retry_button.click()
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=60_000)
    assert progress.last_error is None
    result = progress.flow.state.result
    assert result is not None and result.resumed_parts >= 1
    assert open_uploads(window) == []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()
