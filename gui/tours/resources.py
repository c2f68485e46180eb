"""Tour: the Resources page lists what the earlier tour flows left, with live status, and
"Delete all…" removes it; the Sandbox then lists none of it."""

from __future__ import annotations

from core.aws import DMS, RDS
from core.flows.teardown import ledger_entries
from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.pages.resources import ResourcesPage
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import settle, wait_until

__all__ = ["tear_down_everything"]

USER_DATA = {ResourceKind.S3_OBJECT, ResourceKind.S3_BUCKET}


async def _left_in_the_sandbox(window: MainWindow) -> list[str]:
    door = window.context.door
    tasks = (await door.call(DMS.describe_replication_tasks))["ReplicationTasks"]
    endpoints = (await door.call(DMS.describe_endpoints))["Endpoints"]
    instances = (await door.call(DMS.describe_replication_instances))["ReplicationInstances"]
    databases = (await door.call(RDS.describe_db_instances))["DBInstances"]
    return [
        *(item["ReplicationTaskIdentifier"] for item in tasks),
        *(item["EndpointIdentifier"] for item in endpoints),
        *(item["ReplicationInstanceIdentifier"] for item in instances),
        *(item["DBInstanceIdentifier"] for item in databases),
    ]


async def tear_down_everything(window: MainWindow, shoot: Shooter) -> None:
    """Open the Resources page, shoot it, delete all (IAM roles too), shoot the summary."""
    window.home.buttons["resources"].click()
    page = window.current_page()
    assert isinstance(page, ResourcesPage)
    await wait_until(page.statuses_known, "the live statuses")
    shoot("resources")
    if not page.entries:
        return
    dialog = page.ask_teardown()
    dialog.include_iam_roles.setChecked(True)
    await settle()
    dialog.delete_button.click()
    await wait_until(lambda: page.last_summary is not None, "the teardown", seconds=600)
    summary = page.last_summary
    assert summary is not None
    shoot("teardown")
    assert summary.complete, summary.lines()
    # Uploaded data (objects, buckets) is kept on purpose: teardown never deletes user data.
    left_in_ledger = await ledger_entries(window.context.flow_context("tour"))
    assert {entry.kind for entry in left_in_ledger} <= USER_DATA, left_in_ledger
    left = await _left_in_the_sandbox(window)
    assert not left, f"still in the Sandbox: {left}"


async def tour_resources(window: MainWindow, shoot: Shooter) -> None:
    await tear_down_everything(window, shoot)


TOUR = TourFlow("resources", tour_resources, order=900)
