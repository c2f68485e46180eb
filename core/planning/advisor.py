"""The approach advisor: a short questionnaire per component mapped to one of six approaches.

``RULES`` is the whole decision, read top to bottom: the first rule whose question matches
wins. Each rule carries the source material's sentence that motivates it (paraphrased), so
the table can be checked against the source line by line. ``next_step`` then says where the
move continues: a card of this app or, when none fits, the AWS service that does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from core.planning.components import Component, ComponentKind

__all__ = [
    "APPROACHES",
    "RULES",
    "Advice",
    "Answers",
    "Approach",
    "ApproachInfo",
    "Downtime",
    "Driver",
    "NextStep",
    "Rule",
    "advise",
    "next_step",
]


class Approach(StrEnum):
    LIFT_AND_SHIFT = "lift-and-shift"
    REDEPLOY = "redeploy"
    REFACTOR = "refactor"
    REWRITE = "rewrite"
    REPLACE = "replace"
    RETIRE = "retire"


class Driver(StrEnum):
    """What drives the move."""

    COST = "cost"
    LESS_MANAGEMENT = "less management"
    DEPLOYMENT_SPEED = "deployment speed"
    DEVOPS = "devops"
    GLOBAL_REACH = "global reach"


class Downtime(StrEnum):
    """How long the component may be stopped for the move."""

    NONE = "none"  # minutes at most: it must keep running while it moves
    HOURS = "hours"
    DAYS = "days"


@dataclass(frozen=True)
class Answers:
    """The questionnaire, in the words the wizard asks it."""

    has_source_and_people: bool = False  # the source code, and people who know it
    tied_to_platform: bool = False  # tied to licences, an operating system or hardware
    depends_on_on_prem: bool = False  # depends on other systems that stay on-premises
    saas_does_the_job: bool = False  # a SaaS product does the same job
    still_used: bool = True
    drivers: frozenset[Driver] = field(default_factory=frozenset)
    downtime: Downtime = Downtime.HOURS


@dataclass(frozen=True)
class Rule:
    """``when`` the answers match, the component takes ``approach`` because of ``reason``;
    ``source`` is the source material's sentence behind the rule."""

    name: str
    approach: Approach
    when: Callable[[Answers], bool]
    reason: str
    source: str


_CHANGE_DRIVERS = frozenset({Driver.DEVOPS, Driver.DEPLOYMENT_SPEED, Driver.GLOBAL_REACH})
_RUN_DRIVERS = frozenset({Driver.COST, Driver.LESS_MANAGEMENT})

RULES: tuple[Rule, ...] = (
    Rule(
        "unused",
        Approach.RETIRE,
        lambda a: not a.still_used,
        "Nobody uses it any more: archive its data and switch it off instead of moving it.",
        "Applications that are no longer used are retired, which saves the cost of moving "
        "and running them.",
    ),
    Rule(
        "saas",
        Approach.REPLACE,
        lambda a: a.saas_does_the_job,
        "A SaaS product does the same job: move the users and their data to it.",
        "When a commercial product delivered as a service does the job, replace the "
        "application with it rather than move it.",
    ),
    Rule(
        "tied",
        Approach.LIFT_AND_SHIFT,
        lambda a: a.tied_to_platform,
        "It is tied to licences, an operating system or hardware: move it as it is, on a "
        "virtual machine, so those ties keep holding.",
        "Compatibility limits the choice: an application bound to its licences, OS or "
        "hardware is moved as it is.",
    ),
    Rule(
        "rebuild-without-source",
        Approach.REWRITE,
        lambda a: not a.has_source_and_people and bool(a.drivers & _CHANGE_DRIVERS),
        "The move is meant to change how it is built and deployed, but nobody has its code "
        "or knows it: it has to be written again for the cloud.",
        "An application that must change but cannot be changed is rewritten from scratch, "
        "the costliest and slowest approach.",
    ),
    Rule(
        "change-with-source",
        Approach.REFACTOR,
        lambda a: a.has_source_and_people and bool(a.drivers & _CHANGE_DRIVERS),
        "You have its code and the people who know it, and the move is for DevOps, faster "
        "deployments or global reach: change it to use cloud services.",
        "Refactoring re-architects the application to use cloud-native features, when agility, "
        "deployment speed or reach drive the move and the code can be changed.",
    ),
    Rule(
        "dependent",
        Approach.LIFT_AND_SHIFT,
        lambda a: a.depends_on_on_prem,
        "It depends on systems that stay on-premises: move it unchanged so those connections "
        "keep working over a link to your site, and change it once they have moved too.",
        "Dependencies limit the choice: a component that relies on others on-premises moves "
        "with the fewest changes, or together with them.",
    ),
    Rule(
        "run-cheaper",
        Approach.REDEPLOY,
        lambda a: bool(a.drivers & _RUN_DRIVERS),
        "The move is for cost or less management: redeploy it on a managed platform (a "
        "managed database, a managed runtime) with few changes.",
        "Redeploying onto a managed platform trims the running cost and the management "
        "without rewriting the application.",
    ),
    Rule(
        "as-is",
        Approach.LIFT_AND_SHIFT,
        lambda _a: True,
        "Nothing asks for change: moving it as it is is the quickest move with the least risk.",
        "Lift-and-shift moves an application unchanged; it is the fastest way to the cloud "
        "and the usual first step.",
    ),
)


@dataclass(frozen=True)
class ApproachInfo:
    title: str
    trade_offs: str


APPROACHES: dict[Approach, ApproachInfo] = {
    Approach.LIFT_AND_SHIFT: ApproachInfo(
        "Lift and shift (rehost)",
        "Fast and low risk, but the application gains little from the cloud: the same "
        "management, the same scaling limits, often a higher bill than after a redesign.",
    ),
    Approach.REDEPLOY: ApproachInfo(
        "Redeploy on a managed platform (replatform)",
        "Less to manage and usually cheaper to run, for a little change and testing; the "
        "architecture stays as it was.",
    ),
    Approach.REFACTOR: ApproachInfo(
        "Refactor for the cloud",
        "The most benefit (scaling, automation, reach) for real development time and the "
        "skills to do it; the move takes longer.",
    ),
    Approach.REWRITE: ApproachInfo(
        "Rewrite",
        "A fresh start free of old limits, but the costliest and slowest approach, with the "
        "risk of a new project.",
    ),
    Approach.REPLACE: ApproachInfo(
        "Replace with a SaaS product",
        "Nothing to run or maintain, but a subscription, data to convert and users to retrain; "
        "the product decides the features.",
    ),
    Approach.RETIRE: ApproachInfo(
        "Retire",
        "Saves moving and running it; keep an archive of its data for as long as you must.",
    ),
}


@dataclass(frozen=True)
class NextStep:
    """Where the move continues: ``card`` is a home card's key in this app, or empty when
    the step is outside it (an AWS service named in ``title``)."""

    title: str
    detail: str
    card: str = ""


_ARCHIVE = NextStep(
    "Upload a large file",
    "Archive the data (a dump, a tar of the folder) and upload it, then keep it in S3 Glacier "
    "Deep Archive: in Upload a large file choose the storage class Glacier Deep Archive "
    "(command: migration-assistant upload --storage-class DEEP_ARCHIVE).",
    "upload",
)
_APPLICATION_MIGRATION = NextStep(
    "AWS Application Migration Service (outside this app)",
    "It replicates a running server block by block and cuts over in minutes: for a server "
    "that cannot stop for an image export.",
)
_DATASYNC = NextStep(
    "AWS DataSync (outside this app)",
    "An agent keeps the share and S3 or Amazon FSx in sync until the cut-over, for a share "
    "still in use while it moves.",
)


def next_step(component: Component, approach: Approach, answers: Answers) -> NextStep:
    """The step after choosing: a card of this app where one does the job, else the AWS
    service that does."""
    keeps_running = answers.downtime is Downtime.NONE
    if approach is Approach.RETIRE:
        return _ARCHIVE
    if approach is Approach.REPLACE:
        return NextStep(
            "Move the data to the SaaS product (outside this app)",
            "Export the data and load it with the product's import tools.",
        )
    if component.is_mysql:
        return NextStep(
            "Migrate a MySQL database",
            "Copy it into Amazon RDS for MySQL with AWS DMS, replicating changes until you "
            "switch over, so it keeps running meanwhile.",
            "migrate-mysql",
        )
    if component.kind is ComponentKind.DATABASE:
        return NextStep(
            "AWS Database Migration Service (outside this app)",
            f"This app migrates MySQL and MariaDB; move {component.platform or 'this engine'} "
            "with AWS DMS from its console.",
        )
    if component.kind is ComponentKind.FILE_SHARE:
        if keeps_running:
            return _DATASYNC
        return NextStep(
            "Sync a folder with S3",
            "Copy the share's folder to a bucket, previewing every change; for one large file "
            "(a backup, an image) use Upload a large file.",
            "folder-sync",
        )
    if component.kind is ComponentKind.VM or approach is Approach.LIFT_AND_SHIFT:
        if keeps_running:
            return _APPLICATION_MIGRATION
        return NextStep(
            "Move a virtual machine",
            "Export the VM's disk image (OVA, VMDK, VHD), check it, upload it and import it "
            "as an Amazon Machine Image.",
            "vm-import",
        )
    return NextStep(
        "Rebuild it on AWS (outside this app)",
        "Change the code to use managed services (containers, AWS Lambda, managed databases); "
        "move its data with the database and file cards.",
    )


@dataclass(frozen=True)
class Advice:
    approach: Approach
    rule: Rule
    reasons: tuple[str, ...]
    trade_offs: str
    next_step: NextStep

    @property
    def title(self) -> str:
        return APPROACHES[self.approach].title


def _also(answers: Answers, rule: Rule) -> tuple[str, ...]:
    notes = []
    if answers.depends_on_on_prem and rule.name not in ("dependent", "unused"):
        notes.append(
            "It depends on systems that stay on-premises: keep a link to them (a VPN or Direct "
            "Connect) and move the components together where you can."
        )
    if answers.downtime is Downtime.NONE and answers.still_used:
        notes.append("It cannot stop: the move must keep copying changes until the switch-over.")
    return tuple(notes)


def advise(component: Component, answers: Answers) -> Advice:
    """The first rule of ``RULES`` that matches, with its reasons, trade-offs and next step."""
    rule = next(rule for rule in RULES if rule.when(answers))
    return Advice(
        rule.approach,
        rule,
        (rule.reason, *_also(answers, rule)),
        APPROACHES[rule.approach].trade_offs,
        next_step(component, rule.approach, answers),
    )
