"""Wizard "Migrate a MySQL database": the whole scenario in one guided flow, from nothing to
"Load complete", resumable after the app was closed (``core.flows.migrate_mysql``). Its pages
share ``wizard.state``, a ``MigrateMysqlChoices`` (``choices.py``; the check-source pages
read it as ``ChecksSource``, the monitoring page as ``WatchesTask``)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from core.flows.migrate_mysql import GuidedProgress, GuidedStep, MigrateMysqlFlow
from core.flows.migration_task import TaskSnapshot
from core.flows.shape import render_plan
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.check_source import CheckProgressPage, CheckResultsPage
from gui.wizards.migrate_mysql.choices import MigrateMysqlChoices
from gui.wizards.migrate_mysql.forms import STEP_TITLES, DmsPage, IntroPage, SourcePage, TargetPage
from gui.wizards.migrate_mysql.run_page import RunPage
from gui.wizards.monitor import MonitorPage
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = ["MigrateMysqlChoices", "MigrateMysqlWizard"]

WIZARD = "migrate-mysql"


def review_commands(wizard: FlowWizard[MigrateMysqlChoices]) -> str:
    state, context = wizard.state, wizard.context
    scope, region = state.scope or "", state.region
    progress = GuidedProgress.for_connection(context.paths, scope, region)
    flow = MigrateMysqlFlow(state.guided.inputs(), state.db_password, context.store, progress)
    plans = flow.step_plans()
    parts = []
    for number, step in enumerate(GuidedStep, start=1):
        done = " (done already: it is reused, not created again)" if progress.is_done(step) else ""
        title = f"# {number}. {STEP_TITLES[step]}{done}"
        parts.append("\n".join([title, *render_plan(context.door, plans[step])]))
    return "\n\n".join(parts)


def watched_snapshot(wizard: FlowWizard[MigrateMysqlChoices]) -> TaskSnapshot | None:
    """The monitoring page's last look at the task (the run may end before DMS says
    'stopped': the page keeps watching until Load complete)."""
    page = wizard.page_named("monitor")
    view = page.view if isinstance(page, MonitorPage) else None
    return view.snapshot if view is not None else None


def result_rows(wizard: FlowWizard[MigrateMysqlChoices]) -> Mapping[str, str]:
    result = wizard.state.result
    assert result is not None, "the run page comes first"
    choices = wizard.state.guided
    final = watched_snapshot(wizard) or result.final
    rows = {
        "Result": final.headline if final is not None else "finished",
        "New database": f"{result.database_endpoint}:{result.database_port} "
        f"(user {choices.master_user}, database {choices.database})",
    }
    instance = result.replication_instance
    if instance is not None:
        rows["Replication instance"] = (
            f"{instance.identifier}: public IP {instance.public_ip}, private IP "
            f"{instance.private_ip}"
        )
    rows["Migration task"] = result.task_arn
    if final is not None:
        rows["Tables"] = ", ".join(
            f"{table.name} ({table.full_load_rows:,} rows)" for table in final.tables
        )
    rows["On your server"] = result.onprem_instructions
    rows["When you are done"] = (
        "Delete what was created on the Resources page, so nothing keeps being billed."
    )
    return rows


class MigrateMysqlWizard(FlowWizard[MigrateMysqlChoices]):
    keeps_secrets = True  # the source's and the new database's passwords

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Migrate a MySQL database", MigrateMysqlChoices(), parent)
        self.add(IntroPage())
        self.add(SourcePage())
        # Shown when the user ticks "check this server first" (SourcePage.nextId).
        self.add(CheckProgressPage[MigrateMysqlChoices]())
        self.add(CheckResultsPage[MigrateMysqlChoices]())
        self.add(TargetPage())
        self.add(DmsPage())
        self.add(
            ReviewPage(
                "review",
                "Review the migration",
                review_commands,
                "Nothing has been created yet. These are the AWS calls the migration makes, "
                "in order:",
            )
        )
        self.add(RunPage())
        self.add(MonitorPage[MigrateMysqlChoices]("monitor", WIZARD))
        self.add(SummaryPage("result", "Your migrated database", result_rows))


CARD = FlowCard(
    "migrate-mysql",
    "Migrate a MySQL database",
    "The whole move, guided: your MySQL database copied into a new Amazon RDS database "
    "with AWS DMS, step by step, until Load complete.",
    MigrateMysqlWizard,
    order=5,
)
