"""The approach advisor: every rule with a questionnaire that triggers it, and next steps."""

from __future__ import annotations

import pytest

from core.planning.advisor import (
    APPROACHES,
    RULES,
    Answers,
    Approach,
    Downtime,
    Driver,
    Rule,
    advise,
)
from core.planning.components import Component, ComponentKind

VM = Component("Payroll", "payroll-server", ComponentKind.VM, "200GB", "Windows Server 2016")
MYSQL = Component("Shop", "orders", ComponentKind.DATABASE, "50GB", "MySQL 8.0")
SHARE = Component("Office", "documents", ComponentKind.FILE_SHARE, "2TB")
CODE = Component("Shop", "storefront", ComponentKind.APP_CODE)

# For each rule: answers that reach it (and none before it).
TRIGGERS = {
    "unused": Answers(still_used=False, saas_does_the_job=True),
    "saas": Answers(saas_does_the_job=True, tied_to_platform=True),
    "tied": Answers(tied_to_platform=True, has_source_and_people=True),
    "rebuild-without-source": Answers(drivers=frozenset({Driver.GLOBAL_REACH})),
    "change-with-source": Answers(has_source_and_people=True, drivers=frozenset({Driver.DEVOPS})),
    "dependent": Answers(depends_on_on_prem=True, drivers=frozenset({Driver.COST})),
    "run-cheaper": Answers(drivers=frozenset({Driver.LESS_MANAGEMENT})),
    "as-is": Answers(),
}


def test_every_rule_has_a_trigger_a_reason_and_its_source_sentence() -> None:
    assert [rule.name for rule in RULES] == list(TRIGGERS)
    assert all(rule.reason and rule.source for rule in RULES)
    assert {rule.approach for rule in RULES} == set(Approach)
    assert set(APPROACHES) == set(Approach)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_each_rule_wins_for_its_questionnaire(rule: Rule) -> None:
    advice = advise(VM, TRIGGERS[rule.name])

    assert advice.rule is rule
    assert advice.approach is advice.rule.approach
    assert advice.reasons[0] == advice.rule.reason
    assert advice.trade_offs == APPROACHES[advice.approach].trade_offs


def test_deployment_speed_with_the_code_is_a_refactor() -> None:
    answers = Answers(has_source_and_people=True, drivers=frozenset({Driver.DEPLOYMENT_SPEED}))

    assert advise(CODE, answers).approach is Approach.REFACTOR


def test_a_vm_that_can_stop_goes_to_move_a_virtual_machine() -> None:
    step = advise(VM, Answers(tied_to_platform=True)).next_step

    assert (step.card, step.title) == ("vm-import", "Move a virtual machine")


def test_a_server_that_cannot_stop_goes_to_application_migration_service() -> None:
    advice = advise(VM, Answers(downtime=Downtime.NONE))

    assert advice.next_step.card == ""
    assert advice.next_step.title.startswith("AWS Application Migration Service")
    assert "It cannot stop" in advice.reasons[-1]


def test_a_mysql_database_goes_to_migrate_mysql_whether_moved_or_redeployed() -> None:
    for answers in (Answers(), Answers(drivers=frozenset({Driver.COST}))):
        assert advise(MYSQL, answers).next_step.card == "migrate-mysql"


def test_another_engine_goes_to_dms_outside_the_app() -> None:
    oracle = Component("ERP", "ledger", ComponentKind.DATABASE, "1TB", "Oracle 19c")

    step = advise(oracle, Answers()).next_step
    assert step.card == ""
    assert "Oracle 19c" in step.detail


def test_files_sync_a_folder_or_datasync_when_the_share_stays_in_use() -> None:
    assert advise(SHARE, Answers()).next_step.card == "folder-sync"
    kept_in_sync = advise(SHARE, Answers(downtime=Downtime.NONE)).next_step
    assert kept_in_sync.title.startswith("AWS DataSync")


def test_retire_archives_to_glacier_through_the_upload_card() -> None:
    step = advise(SHARE, TRIGGERS["unused"]).next_step

    assert step.card == "upload"
    assert "S3 Glacier" in step.detail


def test_replace_and_refactored_code_continue_outside_the_app() -> None:
    assert advise(CODE, TRIGGERS["saas"]).next_step.card == ""
    assert advise(CODE, TRIGGERS["change-with-source"]).next_step.card == ""


def test_dependencies_are_mentioned_when_another_rule_wins() -> None:
    answers = Answers(
        depends_on_on_prem=True, has_source_and_people=True, drivers=frozenset({Driver.DEVOPS})
    )

    advice = advise(CODE, answers)
    assert advice.approach is Approach.REFACTOR
    assert any("stay on-premises" in reason for reason in advice.reasons[1:])
