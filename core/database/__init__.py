"""Source database preflight and post-migration validation for MySQL/MariaDB (PyMySQL).

Preflight: ``await run_preflight(login, schemas, migration_type, sink)`` -> ``PreflightReport``;
``render_fix_script(report)`` gives every fix as one text. Validation:
``await validate(source, target, schemas, sink)`` -> ``ValidationReport``.
Connection failures raise ``DatabaseConnectionFailed`` (``reason`` says which kind).
The cards' flow objects over these are ``core.flows.check_source.CheckSourceFlow`` and
``core.flows.validate_data.ValidateDataFlow``.
"""

from core.database.address import DatabaseAddress
from core.database.check_source import SYSTEM_SCHEMAS, evaluate, run_preflight
from core.database.connection import (
    ConnectFailure,
    DatabaseConnectionFailed,
    DatabaseLogin,
    DatabaseQueryFailed,
    DatabaseSession,
)
from core.database.fix_script import render_fix_script
from core.database.passwords import (
    SOURCE_PASSWORD_ENV,
    TARGET_PASSWORD_ENV,
    MissingPassword,
    find_password,
    password_name,
    rds_password_name,
    save_password,
    saved_password,
)
from core.database.results import (
    CheckResult,
    CheckStatus,
    Fix,
    MigrationType,
    PreflightReport,
    TableInfo,
)
from core.database.validate_data import validate
from core.database.validate_data_results import (
    KeyDifference,
    SampleKey,
    TableComparison,
    TableVerdict,
    ValidationOptions,
    ValidationReport,
)

__all__ = [
    "SOURCE_PASSWORD_ENV",
    "SYSTEM_SCHEMAS",
    "TARGET_PASSWORD_ENV",
    "CheckResult",
    "CheckStatus",
    "ConnectFailure",
    "DatabaseAddress",
    "DatabaseConnectionFailed",
    "DatabaseLogin",
    "DatabaseQueryFailed",
    "DatabaseSession",
    "Fix",
    "KeyDifference",
    "MigrationType",
    "MissingPassword",
    "PreflightReport",
    "SampleKey",
    "TableComparison",
    "TableInfo",
    "TableVerdict",
    "ValidationOptions",
    "ValidationReport",
    "evaluate",
    "find_password",
    "password_name",
    "rds_password_name",
    "render_fix_script",
    "run_preflight",
    "save_password",
    "saved_password",
    "validate",
]
