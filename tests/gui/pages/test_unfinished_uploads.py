"""Page "Unfinished uploads": list, resume (also one this computer does not know), abort,
and the lifecycle rule that cleans them up."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from core.aws import S3, aws_call
from gui.main_window import MainWindow
from gui.pages.unfinished_uploads import UnfinishedUploadsPage, describe_age
from gui.wizards.upload import UploadWizard
from gui.wizards.upload.choose import FilePage
from gui.wizards.upload.progress import UploadProgressPage
from tests.fixtures.upload_wizard import cancel_with, make_file, start_upload

BUCKET = "dumps"
MIB = 1024 * 1024


def leave_one_unfinished(window: MainWindow, path: Path) -> str:
    """An upload another tool started: its first 5 MiB part is in S3, the journal knows
    nothing of it."""
    door = window.context.door
    door.run_sync(aws_call(S3.create_bucket, Bucket=BUCKET))
    upload_id = str(
        door.run_sync(aws_call(S3.create_multipart_upload, Bucket=BUCKET, Key=path.name))[
            "UploadId"
        ]
    )
    with path.open("rb") as source:
        door.run_sync(
            aws_call(
                S3.upload_part,
                Bucket=BUCKET,
                Key=path.name,
                UploadId=upload_id,
                PartNumber=1,
                Body=source.read(5 * MIB),
            )
        )
    return upload_id


def open_page(window: MainWindow, qtbot: QtBot) -> UnfinishedUploadsPage:
    window.home.buttons["unfinished-uploads"].click()
    page = window.current_page()
    assert isinstance(page, UnfinishedUploadsPage)
    qtbot.waitUntil(lambda: page.bucket.currentText() == BUCKET, timeout=10_000)
    qtbot.waitUntil(lambda: not page.busy and page.table.rowCount() == 1, timeout=10_000)
    return page


def test_lists_an_unknown_upload_and_resumes_it_from_its_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "vm-image.vmdk"
    path.write_bytes(os.urandom(12 * MIB))
    leave_one_unfinished(window, path)
    page = open_page(window, qtbot)
    assert page.uploads[0].parts == 1 and not page.uploads[0].known
    assert "5.0 MiB" in page.message.text()
    age = page.table.item(0, 2)
    assert age is not None and age.text() == "just now"
    page.table.selectRow(0)
    page.resume_from(page.uploads[0], path)
    qtbot.waitUntil(lambda: isinstance(window.current_page(), UploadWizard), timeout=10_000)
    wizard = window.current_page()
    assert isinstance(wizard, UploadWizard)
    first = wizard.currentPage()
    assert isinstance(first, FilePage)
    assert first.path.text() == str(path) and first.key.text() == path.name
    qtbot.waitUntil(lambda: first.choices_ready, timeout=10_000)
    for _ in range(3):
        current = wizard.currentId()
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentId() != current, timeout=10_000)  # noqa: B023
    progress = wizard.currentPage()
    assert isinstance(progress, UploadProgressPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=60_000)
    assert progress.last_error is None
    result = wizard.state.result
    assert result is not None
    assert result.resumed_parts == 1
    assert result.verified


def test_abort_deletes_the_parts_after_confirmation(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "dump.sql"
    path.write_bytes(os.urandom(6 * MIB))
    leave_one_unfinished(window, path)
    page = open_page(window, qtbot)
    page.table.selectRow(0)
    box = page.ask_abort()
    assert box is not None and "Abort 1 upload" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not page.busy and page.table.rowCount() == 0, timeout=10_000)
    listed = window.context.door.run_sync(aws_call(S3.list_multipart_uploads, Bucket=BUCKET))
    assert not listed.get("Uploads")
    assert "nothing hidden is billed" in page.message.text()


def test_the_cleanup_rule_is_set_on_the_bucket(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "dump.sql"
    path.write_bytes(os.urandom(6 * MIB))
    leave_one_unfinished(window, path)
    page = open_page(window, qtbot)
    page.days.setValue(3)
    page.rule_button.click()
    qtbot.waitUntil(lambda: "3 days" in page.message.text(), timeout=10_000)
    rules = window.context.door.run_sync(
        aws_call(S3.get_bucket_lifecycle_configuration, Bucket=BUCKET)
    )["Rules"]
    assert [rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] for rule in rules] == [3]


def test_an_upload_kept_on_cancel_is_listed_as_known_and_resumed_from_this_page(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = make_file(tmp_path, 20 * MIB)
    progress = start_upload(window, qtbot, path, bandwidth="4MB")
    qtbot.waitUntil(lambda: "confirmed" in progress.part_states().values(), timeout=30_000)
    cancel_with(progress, qtbot, "Keep to resume later")
    window.show_home()
    page = open_page(window, qtbot)
    assert page.uploads[0].known and page.uploads[0].file == str(path)
    known_cell = page.table.item(0, 5)
    assert known_cell is not None and known_cell.text().startswith("yes:")
    page.table.selectRow(0)
    page.resume_selected()
    wizard = window.current_page()
    assert isinstance(wizard, UploadWizard)
    first = wizard.currentPage()
    assert isinstance(first, FilePage)
    assert first.path.text() == str(path)
    qtbot.waitUntil(lambda: first.choices_ready, timeout=10_000)
    for _ in range(3):
        current = wizard.currentId()
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentId() != current, timeout=10_000)  # noqa: B023
    resumed = wizard.currentPage()
    assert isinstance(resumed, UploadProgressPage)
    qtbot.waitUntil(lambda: resumed.succeeded or resumed.last_error is not None, timeout=60_000)
    assert resumed.last_error is None
    result = wizard.state.result
    assert result is not None and result.resumed_parts >= 1 and result.verified
    listed = window.context.door.run_sync(aws_call(S3.list_multipart_uploads, Bucket=BUCKET))
    assert not listed.get("Uploads")


def test_ages_read_as_people_say_them() -> None:
    assert [describe_age(s) for s in (5, 60 * 7, 3600 * 5, 86400 * 3)] == [
        "just now",
        "7 min",
        "5 h",
        "3 days",
    ]
