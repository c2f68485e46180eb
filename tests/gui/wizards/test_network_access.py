"""The "Open network access" wizard, end to end through the real window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from core.aws import DMS, EC2, RDS, aws_call
from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.wizards.network_access import (
    AddRulePage,
    ChooseAccessPage,
    NetworkAccessWizard,
    OnPremPage,
    ReviewRulePage,
)
from tests.fixtures.faults import inject_error
from tests.fixtures.wizards import creating_calls, press_next, wait_ready

if TYPE_CHECKING:
    from mypy_boto3_ec2.type_defs import IpPermissionOutputTypeDef


def make_database_and_instance(window: MainWindow) -> tuple[str, str]:
    """A DB instance in its own group and a replication instance, made outside the app;
    returns (database group id, replication instance group id)."""
    door = window.context.door
    vpc = next(v for v in door.run_sync(aws_call(EC2.describe_vpcs))["Vpcs"] if v.get("IsDefault"))
    subnets = door.run_sync(
        aws_call(EC2.describe_subnets, Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
    )
    db_group = door.run_sync(
        aws_call(
            EC2.create_security_group,
            GroupName="books-db-access",
            Description="db",
            VpcId=vpc["VpcId"],
        )
    )["GroupId"]
    dms_group = door.run_sync(
        aws_call(
            EC2.create_security_group, GroupName="books-dms", Description="dms", VpcId=vpc["VpcId"]
        )
    )["GroupId"]
    door.run_sync(
        aws_call(
            RDS.create_db_instance,
            DBInstanceIdentifier="books-db",
            Engine="mysql",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="Books-secret1",
            VpcSecurityGroupIds=[db_group],
        )
    )
    door.run_sync(
        aws_call(
            DMS.create_replication_subnet_group,
            ReplicationSubnetGroupIdentifier="books-repl-subnets",
            ReplicationSubnetGroupDescription="test",
            SubnetIds=[s["SubnetId"] for s in subnets["Subnets"]],
        )
    )
    door.run_sync(
        aws_call(
            DMS.create_replication_instance,
            ReplicationInstanceIdentifier="books-replication",
            ReplicationInstanceClass="dms.t3.medium",
            ReplicationSubnetGroupIdentifier="books-repl-subnets",
            VpcSecurityGroupIds=[dms_group],
            PubliclyAccessible=True,
        )
    )
    return db_group, dms_group


def open_wizard(window: MainWindow, qtbot: QtBot) -> NetworkAccessWizard:
    window.home.buttons["network-access"].click()
    wizard = window.current_page()
    assert isinstance(wizard, NetworkAccessWizard)
    wait_ready(qtbot, wizard.currentPage())
    return wizard


def add_rule(wizard: NetworkAccessWizard, qtbot: QtBot) -> AddRulePage:
    assert press_next(wizard, qtbot) == {}
    assert isinstance(wizard.currentPage(), ReviewRulePage)
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, AddRulePage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=30_000)
    return progress


def inbound_rules(window: MainWindow, group_id: str) -> list[IpPermissionOutputTypeDef]:
    found = window.context.door.run_sync(
        aws_call(EC2.describe_security_groups, GroupIds=[group_id])
    )
    return list(found["SecurityGroups"][0]["IpPermissions"])


def test_adds_the_rule_from_the_private_ip_and_shows_the_onprem_steps(
    window: MainWindow, qtbot: QtBot
) -> None:
    db_group, _ = make_database_and_instance(window)
    made = len(window.context.door.records)
    wizard = open_wizard(window, qtbot)
    choose = wizard.currentPage()
    assert isinstance(choose, ChooseAccessPage)
    assert choose.database.currentText().startswith("books-db (mysql")
    assert choose.target_group.value() == db_group
    assert choose.replication.currentText().startswith("books-replication")
    private_ip = choose.replication.value().private_ip
    assert f"({private_ip})" in choose.by_ip.text()
    assert press_next(wizard, qtbot) == {}
    review = wizard.currentPage()
    assert isinstance(review, ReviewRulePage)
    assert "aws ec2 authorize-security-group-ingress" in review.text.toPlainText()
    assert f"{private_ip}/32" in review.text.toPlainText()
    assert not creating_calls(window, since=made)
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, AddRulePage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=30_000)
    assert progress.last_error is None
    assert wizard.state.rule is not None and wizard.state.rule.added
    rules = inbound_rules(window, db_group)
    assert [(r["FromPort"], r["IpRanges"][0]["CidrIp"]) for r in rules] == [
        (3306, f"{private_ip}/32")
    ]
    entries = window.context.ledger.entries("sandbox")
    assert [(e.kind, e.wizard, e.details.get("cidr")) for e in entries] == [
        (ResourceKind.SECURITY_GROUP_RULE, "network-access", f"{private_ip}/32")
    ]

    wizard.next()
    onprem = wizard.currentPage()
    assert isinstance(onprem, OnPremPage)
    assert wizard.state.replication is not None
    public_ip = wizard.state.replication.public_ip
    text = onprem.instructions.text.toPlainText()
    assert f"allow incoming TCP 3306 from {public_ip} only" in text
    assert "bind-address = 0.0.0.0" in text
    assert f"'dms_user'@'{public_ip}'" in text
    onprem.server_name.setText("db1.example.com")
    onprem.database.setText("books")
    assert "on db1.example.com" in onprem.instructions.text.toPlainText()
    assert "`books`.*" in onprem.instructions.text.toPlainText()
    onprem.instructions.copy_button.click()
    assert QGuiApplication.clipboard().text() == onprem.instructions.text.toPlainText()
    assert "Done:" in onprem.rule.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_running_it_again_leaves_the_existing_rule_alone(window: MainWindow, qtbot: QtBot) -> None:
    db_group, _ = make_database_and_instance(window)
    assert add_rule(open_wizard(window, qtbot), qtbot).last_error is None
    window.show_home()
    wizard = open_wizard(window, qtbot)
    progress = add_rule(wizard, qtbot)
    assert progress.last_error is None
    assert wizard.state.rule is not None and not wizard.state.rule.added
    assert "already there" in progress.log.toPlainText()
    assert len(inbound_rules(window, db_group)) == 1
    assert len(window.context.ledger.entries("sandbox")) == 1
    wizard.next()
    onprem = wizard.currentPage()
    assert isinstance(onprem, OnPremPage)
    assert "Nothing to do:" in onprem.rule.text()


def test_can_allow_the_replication_instance_security_group(
    window: MainWindow, qtbot: QtBot
) -> None:
    db_group, dms_group = make_database_and_instance(window)
    wizard = open_wizard(window, qtbot)
    choose = wizard.currentPage()
    assert isinstance(choose, ChooseAccessPage)
    assert dms_group in choose.by_group.text()
    choose.by_group.setChecked(True)
    assert add_rule(wizard, qtbot).last_error is None
    rules = inbound_rules(window, db_group)
    assert [pair["GroupId"] for pair in rules[0]["UserIdGroupPairs"]] == [dms_group]


def test_refuses_when_there_is_no_database_without_changing_anything(
    window: MainWindow, qtbot: QtBot
) -> None:
    wizard = open_wizard(window, qtbot)
    calls_before = len(window.context.door.records)
    errors = press_next(wizard, qtbot)
    assert "no database in this region" in errors["database"]
    assert len(window.context.door.records) == calls_before


def test_shows_access_denied_from_aws_in_plain_words(window: MainWindow, qtbot: QtBot) -> None:
    make_database_and_instance(window)
    inject_error(
        window.context.door,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        "UnauthorizedOperation",
        "You are not authorized to perform this operation.",
        status=403,
    )
    progress = add_rule(open_wizard(window, qtbot), qtbot)
    assert progress.last_error is not None
    assert "AWS denied access" in progress.error.text()
    assert window.context.ledger.entries("sandbox") == []
