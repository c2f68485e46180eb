"""The judgements on their own, for servers the test session does not run (MySQL 8, RDS,
replicas): facts in, results out."""

from __future__ import annotations

from core.database.binlog_checks import (
    check_binlog_compression,
    check_binlog_retention,
    check_read_replica,
    check_version,
)
from core.database.facts import ServerFacts
from core.database.grants import SelectAccess, has_global_privilege, parse_grants, select_access
from core.database.results import CheckStatus, MigrationType

CDC = MigrationType.CDC
FULL_LOAD = MigrationType.FULL_LOAD


def facts(version: str = "8.0.36", replica: bool | None = False, **variables: str) -> ServerFacts:
    return ServerFacts(version, variables, (), replica)


def test_mysql_8_binlog_transaction_compression_fails_ongoing_replication() -> None:
    result = check_binlog_compression(facts(binlog_transaction_compression="ON"), CDC)

    assert result.status is CheckStatus.FAIL
    assert result.fix.sql == ("SET GLOBAL binlog_transaction_compression = OFF;",)
    assert check_binlog_compression(facts(), CDC).found == (
        "this server cannot compress binary logs"
    )


def test_binlog_retention_in_hours() -> None:
    one_hour = facts(binlog_expire_logs_seconds="3600")
    assert check_binlog_retention(one_hour, CDC).status is CheckStatus.WARN
    assert check_binlog_retention(one_hour, CDC).found == "binary logs are kept 1 hour"
    older = facts(binlog_expire_logs_seconds="0", expire_logs_days="7")
    assert check_binlog_retention(older, CDC).status is CheckStatus.PASS
    minutes = facts(binlog_expire_logs_seconds="600")
    assert check_binlog_retention(minutes, CDC).status is CheckStatus.FAIL
    assert check_binlog_retention(minutes, FULL_LOAD).status is CheckStatus.WARN


def test_rds_gets_the_rds_procedure_instead_of_my_cnf() -> None:
    rds = facts(basedir="/rdsdbbin/mysql-8.0.36.R2/")

    result = check_binlog_retention(rds, CDC)

    assert result.fix.sql == ("CALL mysql.rds_set_configuration('binlog retention hours', 24);",)
    assert result.fix.config_lines == ()


def test_a_replica_must_log_the_changes_it_applies() -> None:
    replica = facts(replica=True, log_slave_updates="OFF")
    assert check_read_replica(replica, CDC).status is CheckStatus.FAIL
    assert check_read_replica(replica, CDC).fix.config_lines == ("log_slave_updates=ON",)
    assert check_read_replica(replica, FULL_LOAD).status is CheckStatus.WARN
    logging = facts(replica=True, log_replica_updates="ON")
    assert check_read_replica(logging, CDC).status is CheckStatus.PASS
    unknown = facts(replica=None, log_slave_updates="OFF")
    assert check_read_replica(unknown, CDC).status is CheckStatus.WARN


def test_versions() -> None:
    assert check_version(facts("8.0.36")).status is CheckStatus.PASS
    assert check_version(facts("5.6.51-log")).status is CheckStatus.WARN
    assert check_version(facts("5.1.73")).status is CheckStatus.FAIL
    assert check_version(facts("10.0.10-MariaDB")).status is CheckStatus.FAIL
    assert check_version(facts("11.4.2-MariaDB")).status is CheckStatus.WARN
    assert check_version(facts("10.6.18-MariaDB-log")).found == "MariaDB 10.6.18-MariaDB-log"


def test_grants_accept_binlog_monitor_and_all_privileges() -> None:
    mariadb, _ = parse_grants(
        ["GRANT BINLOG MONITOR, REPLICATION SLAVE ON *.* TO `dms`@`%` IDENTIFIED BY PASSWORD '*X'"]
    )
    admin, _ = parse_grants(["GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"])
    mysql, _ = parse_grants(["GRANT REPLICATION CLIENT ON *.* TO `dms`@`%`"])

    names = {"REPLICATION CLIENT", "BINLOG MONITOR"}
    assert has_global_privilege(mariadb, names)
    assert has_global_privilege(mariadb, {"REPLICATION SLAVE"})
    assert has_global_privilege(admin, {"REPLICATION SLAVE"})
    assert has_global_privilege(mysql, names)
    assert not has_global_privilege(mysql, {"REPLICATION SLAVE"})


def test_select_on_schemas_tables_columns_and_wildcards() -> None:
    grants, has_roles = parse_grants(
        [
            "GRANT USAGE ON *.* TO `dms`@`%`",
            "GRANT SELECT ON `shop`.* TO `dms`@`%`",
            "GRANT SELECT ON `sales\\_%`.* TO `dms`@`%`",
            "GRANT SELECT (`id`, `name`), INSERT ON `hr`.`people` TO `dms`@`%`",
            "GRANT `analyst` TO `dms`@`%`",
        ]
    )

    assert has_roles
    assert select_access(grants, "shop") is SelectAccess.ALL_TABLES
    assert select_access(grants, "sales_2024") is SelectAccess.ALL_TABLES
    assert select_access(grants, "salesx2024") is SelectAccess.NONE
    assert select_access(grants, "hr") is SelectAccess.SOME_TABLES
    assert select_access(grants, "other") is SelectAccess.NONE
