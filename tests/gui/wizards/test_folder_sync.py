"""Wizard "Sync a folder with S3" through the real window against the Sandbox: the
preview's tree and checkboxes, the separate confirmation of deletes, progress (the files
under way, through a pause) and result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from core.aws import S3, aws_call
from core.sync.items import Direction, SyncItem
from core.transfer.planner import DEFAULT_THRESHOLD
from gui.main_window import MainWindow
from gui.wizards.folder_sync import FolderSyncWizard
from gui.wizards.folder_sync.choices import FolderSyncChoices
from gui.wizards.folder_sync.choose import ChoosePage
from gui.wizards.folder_sync.preview import PreviewPage
from gui.wizards.folder_sync.progress import SyncProgressPage
from gui.wizards.text_pages import ReviewPage, SummaryPage
from tests.fixtures.folders import TREE, build_tree
from tests.fixtures.wizards import leave_page, open_flow

BUCKET = "site"


def _keys(window: MainWindow) -> set[str]:
    listed = window.context.door.run_sync(aws_call(S3.list_objects_v2, Bucket=BUCKET))
    return {item["Key"] for item in listed.get("Contents", [])}


def _preview(
    window: MainWindow, qtbot: QtBot, folder: Path, *, delete: bool = False
) -> tuple[FolderSyncWizard, PreviewPage]:
    wizard = open_flow(window, "folder-sync", FolderSyncWizard)
    choose = wizard.currentPage()
    assert isinstance(choose, ChoosePage)
    qtbot.waitUntil(lambda: choose.choices_ready, timeout=10_000)
    choose.folder.setText(str(folder))
    choose.bucket.setCurrentText(BUCKET)
    choose.direction.setCurrentIndex(choose.direction.findData(Direction.UP))
    choose.delete.setChecked(delete)
    leave_page(wizard, qtbot)
    preview = wizard.currentPage()
    assert isinstance(preview, PreviewPage)
    qtbot.waitUntil(lambda: preview.succeeded or preview.last_error is not None, timeout=30_000)
    assert preview.last_error is None
    return wizard, preview


def _run(wizard: FolderSyncWizard, qtbot: QtBot) -> SummaryPage[FolderSyncChoices]:
    leave_page(wizard, qtbot)
    review = wizard.currentPage()
    assert isinstance(review, ReviewPage)
    assert "aws s3api put-object --bucket site" in review.text.toPlainText()
    leave_page(wizard, qtbot)
    progress = wizard.currentPage()
    assert isinstance(progress, SyncProgressPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=30_000)
    assert progress.last_error is None
    leave_page(wizard, qtbot)
    result = wizard.currentPage()
    assert isinstance(result, SummaryPage)
    return result


def test_an_unticked_file_is_left_alone_and_the_rest_is_uploaded(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.context.door.run_sync(aws_call(S3.create_bucket, Bucket=BUCKET))
    folder = build_tree(tmp_path / "site")
    wizard, preview = _preview(window, qtbot, folder)

    assert preview.counts.text().startswith(f"{len(TREE)} to upload")
    assert "Versioning is off" in preview.versioning.text()
    readme = preview.rows["readme.txt"]
    assert (readme.text(1), readme.text(2)) == ("upload", "new")
    deep = preview.rows["a/b/c/d/e/f/g/deep file.txt"]
    assert deep.parent() is preview.rows["a/b/c/d/e/f/g/"]
    readme.setCheckState(0, Qt.CheckState.Unchecked)
    preview.filter.setCurrentIndex(preview.filter.findData("delete"))
    assert readme.isHidden()

    result = _run(wizard, qtbot)

    assert result.values["Uploaded"].text() == f"{len(TREE) - 1}"
    assert _keys(window) == set(TREE) - {"readme.txt"}


def test_deletes_wait_for_their_own_confirmation(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    door = window.context.door
    door.run_sync(aws_call(S3.create_bucket, Bucket=BUCKET))
    door.run_sync(aws_call(S3.put_object, Bucket=BUCKET, Key="stale.html", Body=b"old"))
    folder = build_tree(tmp_path / "site", {"index.html": b"<h1>new</h1>"})
    wizard, preview = _preview(window, qtbot, folder, delete=True)
    assert preview.rows["stale.html"].text(1) == "delete"
    assert preview.confirm_deletes.isVisible()
    # A sync that deletes is offered versioning first.
    assert preview.enable_versioning.isVisible()
    preview.enable_versioning.click()
    qtbot.waitUntil(lambda: "Versioning is on" in preview.versioning.text(), timeout=10_000)
    status = door.run_sync(aws_call(S3.get_bucket_versioning, Bucket=BUCKET))
    assert status["Status"] == "Enabled"
    assert not preview.enable_versioning.isVisible()

    wizard.next()
    assert wizard.currentPage() is preview  # refused: the deletes are not confirmed
    assert "confirm the deletes" in preview.error.text()
    preview.confirm_deletes.setChecked(True)
    result = _run(wizard, qtbot)

    assert result.values["Deleted"].text() == "1"
    assert result.values["Versioning"].text() == "Enabled"
    assert _keys(window) == {"index.html"}


def test_the_files_under_way_are_listed_through_a_pause_and_gone_at_the_end(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.context.door.run_sync(aws_call(S3.create_bucket, Bucket=BUCKET))
    big = "large/big.bin"
    folder = build_tree(tmp_path / "site", {**TREE, big: os.urandom(DEFAULT_THRESHOLD + 1234)})
    wizard, _ = _preview(window, qtbot, folder)
    leave_page(wizard, qtbot)  # to the review
    progress = wizard.findChild(SyncProgressPage)
    assert progress is not None

    under_way = progress.under_way
    started = under_way.started

    def pause_at_the_large_file(item: SyncItem) -> None:
        started(item)
        if item.rel == big:
            progress.pause_button.click()  # before its first part: it stays under way

    monkeypatch.setattr(under_way, "started", pause_at_the_large_file)
    leave_page(wizard, qtbot)
    qtbot.waitUntil(lambda: under_way.names() == [big], timeout=10_000)
    row = under_way.rows.topLevelItem(0)
    assert row is not None
    assert (row.text(0), row.text(2)) == ("upload", "0 B of 8.0 MiB")
    assert under_way.title.text() == "Under way: 1 file"
    assert under_way.rows.accessibleName() == "Files under way"
    assert progress.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: "paused" in progress.rate.text(), timeout=5_000)

    progress.pause_button.click()
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=30_000)
    assert progress.last_error is None
    assert under_way.names() == []
    assert under_way.title.text() == "Nothing under way."
    assert _keys(window) == {*TREE, big}


@pytest.mark.parametrize(("text", "sentence"), [("a while", "not a duration"), ("48h", "24 hours")])
def test_a_bad_outage_wait_is_refused_next_to_its_field_and_a_good_one_is_kept(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, text: str, sentence: str
) -> None:
    window.context.door.run_sync(aws_call(S3.create_bucket, Bucket=BUCKET))
    wizard = open_flow(window, "folder-sync", FolderSyncWizard)
    choose = wizard.currentPage()
    assert isinstance(choose, ChoosePage)
    qtbot.waitUntil(lambda: choose.choices_ready, timeout=10_000)
    choose.folder.setText(str(build_tree(tmp_path / "site")))
    choose.bucket.setCurrentText(BUCKET)
    calls = len(window.context.door.records)
    choose.retry_for.setText(text)
    wizard.next()
    assert wizard.currentPage() is choose
    assert sentence in choose.visible_errors()["retry_for"]
    assert len(window.context.door.records) == calls

    choose.retry_for.setText("2m")
    choose.collect()
    inputs = wizard.state.inputs
    assert inputs is not None and inputs.retry_for == 120
