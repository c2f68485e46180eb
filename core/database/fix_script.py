"""All fixes of a preflight as one text a person can copy, review and apply."""

from __future__ import annotations

from core.database.results import CheckStatus, PreflightReport

__all__ = ["render_fix_script"]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def render_fix_script(report: PreflightReport) -> str:
    """my.cnf lines, then SQL, then notes, for every check that did not pass.

    Empty when there is nothing to fix. Comments start with '#', so the SQL part can be
    pasted into the mysql/mariadb client as it is.
    """
    todo = [check for check in report.checks if check.status is not CheckStatus.PASS]
    if not any(not check.fix.empty for check in todo):
        return ""
    lines = [
        f"# Fixes for {report.server} ({report.version}) before a DMS "
        f"{report.migration_type.value} migration.",
        "# Review each line before you apply it.",
    ]
    config = _unique([line for check in todo for line in check.fix.config_lines])
    if config:
        restart = any(check.fix.restart for check in todo if check.fix.config_lines)
        lines += [
            "",
            "# 1. In my.cnf (e.g. /etc/mysql/my.cnf), section [mysqld]:"
            + (" then restart the server." if restart else " (kept across restarts)"),
            "[mysqld]",
            *config,
        ]
    sql = _unique([statement for check in todo for statement in check.fix.sql])
    if sql:
        lines += ["", "# 2. As an administrator in the mysql/mariadb client:", *sql]
    notes = [(check.id, check.fix.note) for check in todo if check.fix.note]
    if notes:
        lines += ["", "# Notes:"] + [f"# {check_id}: {note}" for check_id, note in notes]
    return "\n".join(lines) + "\n"
