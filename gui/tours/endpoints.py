"""Tour: create both endpoints and test them; and the helpers the part-2 tours share (a
driver that waits for each page to be ready, and the resources a wizard starts from)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QWizard, QWizardPage

from core.flows.endpoints import list_rds_targets
from core.flows.iam import ensure_dms_roles
from core.flows.listings import replication_instance_choices
from core.flows.rds import DatabaseSpec, create_database
from core.flows.replication_instance import ReplicationInstanceSpec, create_replication_instance
from gui.main_window import MainWindow
from gui.tour import Shooter, TourFlow
from gui.tours.driving import settle, wait_until
from gui.wizards.base import FlowWizard, FormPage, ProgressPage
from gui.wizards.endpoints.forms import SourceEndpointPage, TargetEndpointPage

__all__ = ["TOUR_PASSWORD", "drive_pages", "ensure_part_one"]

TOUR_PASSWORD = "Tour-secret-1"
PageCheck = Callable[[QWizardPage], bool]
PageFiller = Callable[[QWizardPage], None]


async def drive_pages(
    window: MainWindow,
    shoot: Shooter,
    card_key: str,
    *,
    ready: Mapping[str, PageCheck] | None = None,
    fill: Mapping[str, PageFiller] | None = None,
    seconds: float = 300.0,
) -> FlowWizard:
    """Like ``drive_wizard``, but first waits until ``ready[page](page)`` (a list loaded
    from AWS, a task at Load complete) so the shot shows the page as a user would see it."""
    window.home.buttons[card_key].click()
    wizard = window.current_page()
    assert isinstance(wizard, FlowWizard), f"{card_key} did not open a wizard"
    await settle()
    while True:
        page = wizard.currentPage()
        assert page is not None
        check = (ready or {}).get(page.objectName())
        filler = (fill or {}).get(page.objectName())
        if not await _visit(wizard, page, shoot, ready=check, fill=filler, seconds=seconds):
            return wizard


async def _visit(
    wizard: FlowWizard,
    page: QWizardPage,
    shoot: Shooter,
    *,
    ready: PageCheck | None,
    fill: PageFiller | None,
    seconds: float,
) -> bool:
    """Wait, fill, shoot and leave one page; False once the wizard is finished."""
    name = page.objectName()
    if isinstance(page, ProgressPage):
        await wait_until(lambda: page.succeeded or page.last_error is not None, name, seconds)
        if page.last_error is not None:
            shoot(name)
            raise RuntimeError(f"{name}: {page.last_error.plain()}")
    if ready is not None:
        await wait_until(lambda: ready(page), f"{name} ready", seconds)
    if fill is not None:
        fill(page)
        await settle()
    shoot(name)
    if wizard.nextId() == -1:
        wizard.button(QWizard.WizardButton.FinishButton).click()
        await settle()
        return False
    current = wizard.currentId()
    wizard.next()

    def left_or_refused() -> bool:
        refused = isinstance(page, FormPage) and bool(page.visible_errors())
        return wizard.currentId() != current or refused

    await wait_until(left_or_refused, f"leaving {name}")
    if wizard.currentId() == current:
        errors = page.visible_errors() if isinstance(page, FormPage) else {}
        raise RuntimeError(f"{name} refused its input: {errors}")
    return True


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
    wizard = await drive_pages(
        window,
        shoot,
        "endpoints",
        ready={"target": lambda page: isinstance(page, TargetEndpointPage) and page.loaded},
        fill={"source": fill_source, "target": fill_target},
    )
    tests = wizard.state["connection_tests"]
    assert all(test.succeeded for test in tests.values()), tests


TOUR = TourFlow("endpoints", tour_endpoints, order=50)
