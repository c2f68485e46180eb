"""Tour: to the 3306 rule. The target database and the replication instance are made first
through the core flows when the earlier tour flows have not left them (their own wizards
have their own tour flows; Sandbox resources live as long as the process), then the wizard
is driven."""

from __future__ import annotations

from core.flows.context import FlowContext
from core.flows.listings import list_db_instances, list_replication_instances
from core.flows.replication_instance import ReplicationInstanceSpec, create_replication_instance
from core.flows.target_database import DatabaseSpec, create_database
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.network_access import NetworkAccessChoices

TOUR_PASSWORD = "Tour-secret-1"


async def make_database_and_instance(window: MainWindow) -> None:
    """Unless the earlier tour flows left them (Sandbox resources live as long as the
    process)."""
    context = window.context
    ctx = FlowContext(context.door, context.ledger, clock=context.flow_clock(), wizard="tour")
    if not await list_db_instances(context.door):
        spec = DatabaseSpec(
            "books-db", database_name="books", new_security_group_name="books-db-access"
        )
        await create_database(spec, TOUR_PASSWORD, context.store, ctx)
    if not await list_replication_instances(context.door):
        await create_replication_instance(ReplicationInstanceSpec("books-replication"), ctx)


async def tour_network_access(window: MainWindow, shoot: Shooter) -> None:
    await make_database_and_instance(window)
    wizard = await drive_wizard(window, shoot, "network-access")
    assert isinstance(wizard.state, NetworkAccessChoices)
    rule = wizard.state.rule
    assert rule is not None and rule.added and rule.port == 3306


TOUR = TourFlow("network-access", tour_network_access, order=40)
