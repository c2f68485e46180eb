"""Tour: an upload left half-way in the Sandbox, listed, given a cleanup rule, aborted."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMessageBox

from core.aws import S3
from gui.main_window import MainWindow
from gui.pages.unfinished_uploads import UnfinishedUploadsPage
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import settle, wait_until

BUCKET = "migration-dumps"
KEY = "vm-images/web01.vmdk"


async def tour_unfinished(window: MainWindow, shoot: Shooter) -> None:
    door = window.context.door
    await door.call(S3.create_bucket, Bucket=BUCKET)
    started = await door.call(S3.create_multipart_upload, Bucket=BUCKET, Key=KEY)
    await door.call(
        S3.upload_part,
        Bucket=BUCKET,
        Key=KEY,
        UploadId=started["UploadId"],
        PartNumber=1,
        Body=os.urandom(5 * 1024 * 1024),
    )
    window.home.buttons["unfinished-uploads"].click()
    page = window.current_page()
    assert isinstance(page, UnfinishedUploadsPage)
    await wait_until(lambda: page.table.rowCount() == 1 and not page.busy, "the upload listed")
    shoot("listed")
    page.days.setValue(7)
    page.rule_button.click()
    await wait_until(lambda: "7 days" in page.message.text(), "the cleanup rule")
    shoot("cleanup-rule")
    page.table.selectRow(0)
    box = page.ask_abort()
    assert box is not None
    await settle()
    shoot("selected")
    box.button(QMessageBox.StandardButton.Yes).click()
    await wait_until(lambda: page.table.rowCount() == 0 and not page.busy, "the abort")
    shoot("aborted")


TOUR = TourFlow("unfinished-uploads", tour_unfinished, order=85)
