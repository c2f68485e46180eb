"""Wizard "Migrate a MySQL database": the whole scenario in one guided flow, from nothing to
"Load complete", resumable after the app was closed (``core.flows.migrate_mysql``)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from core.aws import DMS, EC2, aws_call
from core.flows import (
    endpoints,
    migration_task,
    prerequisites,
    replication_instance,
    target_database,
)
from core.flows.migrate_mysql import GuidedProgress, GuidedResult, GuidedStep
from core.flows.migration_task import StartType, TaskSnapshot, TaskSpec
from core.flows.network_access import ingress_permission
from core.flows.prerequisites import PrerequisitesInputs
from core.flows.shape import render_plan
from gui.context import AppContext
from gui.flows import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.check_source import CheckProgressPage, CheckResultsPage
from gui.wizards.migrate_mysql.forms import (
    STEP_TITLES,
    DmsPage,
    IntroPage,
    SourcePage,
    TargetPage,
    choices_of,
)
from gui.wizards.migrate_mysql.run_page import RunPage
from gui.wizards.monitor import MonitorPage
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = ["MigrateMysqlWizard"]

WIZARD = "migrate-mysql"


def review_commands(wizard: FlowWizard) -> str:
    choices = choices_of(wizard)
    plan = choices.plan()
    door = wizard.context.door
    scope, region = str(wizard.state.get("scope", "")), str(wizard.state.get("region", ""))
    progress = GuidedProgress.for_connection(wizard.context.paths, scope, region)
    repl_arn = "<ARN of the replication instance>"
    target = endpoints.EndpointSpec(
        identifier=plan.target_endpoint_identifier,
        endpoint_type=endpoints.EndpointType.TARGET,
        server_name="<address of the new database>",
        username=choices.master_user,
        password_name="",
    )
    rule = {"port": "3306", "cidr": "<private IP of the replication instance>/32"}
    commands: dict[GuidedStep, str] = {
        GuidedStep.PREREQUISITES: "\n".join(
            render_plan(door, prerequisites.PrerequisitesFlow(PrerequisitesInputs()).plan())
        ),
        GuidedStep.DATABASE: "\n".join(
            render_plan(door, target_database.planned_calls(plan.database))
        ),
        GuidedStep.REPLICATION_INSTANCE: "\n".join(
            render_plan(door, replication_instance.planned_calls(plan.replication_instance))
        ),
        GuidedStep.NETWORK: door.cli(
            aws_call(
                EC2.authorize_security_group_ingress,
                GroupId="<security group of the new database>",
                IpPermissions=[ingress_permission(rule)],
            )
        ),
        GuidedStep.SOURCE_ENDPOINT: "\n".join(
            render_plan(door, [endpoints.planned_endpoint(plan.source)])
        ),
        GuidedStep.TARGET_ENDPOINT: "\n".join(
            render_plan(door, [endpoints.planned_endpoint(target)])
        ),
        GuidedStep.CONNECTION_TESTS: door.cli(
            aws_call(
                DMS.test_connection,
                ReplicationInstanceArn=repl_arn,
                EndpointArn="<ARN of each endpoint>",
            )
        ),
        GuidedStep.TASK: "\n".join(
            render_plan(
                door,
                migration_task.planned_calls(
                    TaskSpec(
                        plan.task_identifier,
                        repl_arn,
                        "<ARN of the source endpoint>",
                        "<ARN of the target endpoint>",
                        plan.table_mapping,
                        plan.migration_type,
                        plan.target_table_prep_mode,
                    )
                ),
            )
        ),
        GuidedStep.RUN: door.cli(
            aws_call(
                DMS.start_replication_task,
                ReplicationTaskArn="<ARN of the task>",
                StartReplicationTaskType=StartType.START.value,
            )
        ),
    }
    parts = []
    for number, (step, command) in enumerate(commands.items(), start=1):
        done = " (done already: it is reused, not created again)" if progress.is_done(step) else ""
        parts.append(f"# {number}. {STEP_TITLES[step]}{done}\n{command}")
    return "\n\n".join(parts)


def watched_snapshot(wizard: FlowWizard) -> TaskSnapshot | None:
    """The monitoring page's last look at the task (the run may end before DMS says
    'stopped': the page keeps watching until Load complete)."""
    page = wizard.page_named("monitor")
    view = page.view if isinstance(page, MonitorPage) else None
    return view.snapshot if view is not None else None


def result_rows(wizard: FlowWizard) -> Mapping[str, str]:
    result: GuidedResult = wizard.state["result"]
    choices = choices_of(wizard)
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


class MigrateMysqlWizard(FlowWizard):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Migrate a MySQL database", parent)
        self.addPage(IntroPage())
        self.addPage(SourcePage())
        # Shown when the user ticks "check this server first" (SourcePage.nextId).
        self.addPage(CheckProgressPage())
        self.addPage(CheckResultsPage())
        self.addPage(TargetPage())
        self.addPage(DmsPage())
        self.addPage(
            ReviewPage(
                "review",
                "Review the migration",
                review_commands,
                "Nothing has been created yet. These are the AWS calls the migration makes, "
                "in order:",
            )
        )
        self.addPage(RunPage())
        self.addPage(MonitorPage("monitor", WIZARD))
        self.addPage(SummaryPage("result", "Your migrated database", result_rows))


CARD = FlowCard(
    "migrate-mysql",
    "Migrate a MySQL database",
    "The whole move, guided: your MySQL database copied into a new Amazon RDS database "
    "with AWS DMS, step by step, until Load complete.",
    MigrateMysqlWizard,
    order=5,
)
