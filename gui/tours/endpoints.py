"""Tour: create both endpoints and test them; and the helpers the part-2 tours share (a
driver that waits for each page to be ready, and the resources a wizard starts from)."""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from core.flows.endpoints import list_rds_targets
from core.flows.listings import replication_instance_choices
from core.flows.prerequisites import ensure_dms_roles
from core.flows.replication_instance import ReplicationInstanceSpec, create_replication_instance
from core.flows.target_database import DatabaseSpec, create_database
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.endpoints import EndpointsChoices
from gui.wizards.endpoints.forms import SourceEndpointPage, TargetEndpointPage

__all__ = ["TOUR_PASSWORD", "ensure_part_one"]

TOUR_PASSWORD = "Tour-secret-1"


async def ensure_part_one(window: MainWindow) -> None:
    """An RDS database and a replication instance, made with the core flows when an earlier
    tour flow did not leave them (so each tour flow also runs alone)."""
    context = window.context
    ctx = context.flow_context("tour")
    if not await list_rds_targets(context.door):
        await ensure_dms_roles(ctx)
        await create_database(
            DatabaseSpec(
                "books-db", database_name="books", new_security_group_name="books-db-mysql"
            ),
            TOUR_PASSWORD,
            context.store,
            ctx,
        )
    if not [c for c in await replication_instance_choices(context.door) if c.status == "available"]:
        await create_replication_instance(ReplicationInstanceSpec("books-repl"), ctx)


def fill_source(page: QWizardPage) -> None:
    assert isinstance(page, SourceEndpointPage)
    page.server.setText("db1.example.com")
    page.database.setText("books")
    page.password.setText(TOUR_PASSWORD)


def fill_target(page: QWizardPage) -> None:
    assert isinstance(page, TargetEndpointPage)
    # Another tour flow's window made the database: its password is not in this keyring.
    page.password.setText(TOUR_PASSWORD)


async def tour_endpoints(window: MainWindow, shoot: Shooter) -> None:
    await ensure_part_one(window)
    wizard = await drive_wizard(
        window,
        shoot,
        "endpoints",
        ready={"target": lambda page: isinstance(page, TargetEndpointPage) and page.loaded},
        fill={"source": fill_source, "target": fill_target},
    )
    assert isinstance(wizard.state, EndpointsChoices)
    tests = wizard.state.connection_tests
    assert tests is not None
    assert all(test.succeeded for test in tests.values()), tests


TOUR = TourFlow("endpoints", tour_endpoints, order=50)
