"""Tour: create the migration task with a table-mapping rule, start it, watch it to Load
complete."""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from core.credentials import database_password_name
from core.flows.endpoints import (
    EndpointSpec,
    EndpointType,
    create_endpoint,
    list_rds_targets,
    target_spec_from_rds,
)
from core.flows.listings import endpoint_choices
from core.flows.table_mapping import SelectionAction, SelectionRule
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.tours.endpoints import TOUR_PASSWORD, ensure_part_one
from gui.wizards.endpoints.forms import source_password_name
from gui.wizards.migration_task.forms import TablesPage, TaskBasicsPage
from gui.wizards.monitor import MonitorPage


async def ensure_endpoints(window: MainWindow) -> None:
    """A source and a target endpoint, when the endpoints tour did not leave them."""
    context = window.context
    if await endpoint_choices(context.door, "source") and await endpoint_choices(
        context.door, "target"
    ):
        return
    await ensure_part_one(window)
    ctx = context.flow_context("tour")
    store = context.store
    store.set(source_password_name("db1.example.com", "dms_user"), TOUR_PASSWORD)
    source = EndpointSpec(
        "source-mysql",
        EndpointType.SOURCE,
        "db1.example.com",
        "dms_user",
        source_password_name("db1.example.com", "dms_user"),
        database_name="books",
    )
    await create_endpoint(source, store, ctx)
    database = (await list_rds_targets(context.door))[0].identifier
    store.set(database_password_name(await ctx.scope(), database), TOUR_PASSWORD)
    await create_endpoint(await target_spec_from_rds(ctx, database), store, ctx)


def exclude_titles(page: QWizardPage) -> None:
    assert isinstance(page, TablesPage)
    schema = page.editor.selection_rows[0].schema.text()
    page.editor.add_selection(SelectionRule(schema, "titles", SelectionAction.EXCLUDE))


def _loaded(page: QWizardPage) -> bool:
    return isinstance(page, TaskBasicsPage) and page.loaded


def _load_complete(page: QWizardPage) -> bool:
    view = page.view if isinstance(page, MonitorPage) else None
    return view is not None and view.snapshot is not None and view.snapshot.load_complete


async def tour_migration_task(window: MainWindow, shoot: Shooter) -> None:
    await ensure_endpoints(window)
    await drive_wizard(
        window,
        shoot,
        "migration-task",
        ready={"task": _loaded, "monitor": _load_complete},
        fill={"tables": exclude_titles},
    )


TOUR = TourFlow("migration-task", tour_migration_task, order=60)
