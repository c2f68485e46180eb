"""Reading ``SHOW GRANTS`` lines: which privileges a user holds, and where.

MariaDB >= 10.5.2 shows REPLICATION CLIENT as BINLOG MONITOR; both names count. Privileges
held through roles are not followed (the check says so when roles are present).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Grant", "SelectAccess", "has_global_privilege", "parse_grants", "select_access"]

_GRANT = re.compile(
    r"^GRANT\s+(?P<privileges>.+?)\s+ON\s+(?:(?:TABLE|FUNCTION|PROCEDURE|PACKAGE BODY|PACKAGE)\s+)?"
    r"(?P<scope>\S+)\s+TO\s",
    re.IGNORECASE | re.DOTALL,
)
_NAME = r"(`(?:[^`]|``)+`|\*|[^.`]+)"
_SCOPE = re.compile(rf"^{_NAME}\.{_NAME}$")
_COLUMN_LIST = re.compile(r"\([^)]*\)")

ALL = "ALL PRIVILEGES"
REPLICATION_CLIENT_NAMES = frozenset({"REPLICATION CLIENT", "BINLOG MONITOR"})


@dataclass(frozen=True)
class Grant:
    """Privileges on ``database``.``table`` (``*`` for all; ``database`` may hold % or _)."""

    privileges: frozenset[str]
    database: str
    table: str

    def covers_schema(self, schema: str) -> bool:
        """True when the grant applies to the whole schema (not just some tables)."""
        return self.table == "*" and _database_matches(self.database, schema)

    def touches_schema(self, schema: str) -> bool:
        return _database_matches(self.database, schema)


def _unquote(name: str) -> str:
    if name.startswith("`") and name.endswith("`"):
        return name[1:-1].replace("``", "`")
    return name


def _database_matches(pattern: str, schema: str) -> bool:
    if pattern == "*":
        return True
    # Database-level grants accept LIKE wildcards; a backslash makes them literal.
    regex = ""
    escaped = False
    for char in pattern:
        if escaped:
            regex += re.escape(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            regex += ".*"
        elif char == "_":
            regex += "."
        else:
            regex += re.escape(char)
    return re.fullmatch(regex, schema) is not None


def parse_grants(lines: Iterable[str]) -> tuple[list[Grant], bool]:
    """The privilege grants in ``lines``, and whether any role is granted to the user."""
    grants: list[Grant] = []
    has_roles = False
    for line in lines:
        match = _GRANT.match(line.strip())
        if match is None:
            has_roles = has_roles or line.strip().upper().startswith("GRANT ")
            continue
        scope = _SCOPE.match(match["scope"])
        if scope is None:
            continue
        text = _COLUMN_LIST.sub("", match["privileges"])
        privileges = frozenset(
            " ".join(part.split()).upper() for part in text.split(",") if part.strip()
        )
        if privileges == {"PROXY"}:
            continue
        privileges = frozenset(ALL if name == "ALL" else name for name in privileges)
        grants.append(Grant(privileges, _unquote(scope[1]), _unquote(scope[2])))
    return grants, has_roles


def has_global_privilege(grants: Iterable[Grant], names: Iterable[str]) -> bool:
    """True when one of ``names`` (or ALL PRIVILEGES) is granted ON *.*."""
    wanted = frozenset(names) | {ALL}
    return any(grant.database == "*" and grant.privileges & wanted for grant in grants)


class SelectAccess(enum.Enum):
    ALL_TABLES = "all tables"
    SOME_TABLES = "some tables"
    NONE = "none"

    def __repr__(self) -> str:
        return f"SelectAccess.{self.name}"


def select_access(grants: Iterable[Grant], schema: str) -> SelectAccess:
    """Whether the user may SELECT every table of ``schema``, only some, or none."""
    some = False
    for grant in grants:
        if not grant.privileges & {"SELECT", ALL}:
            continue
        if grant.covers_schema(schema):
            return SelectAccess.ALL_TABLES
        some = some or grant.touches_schema(schema)
    return SelectAccess.SOME_TABLES if some else SelectAccess.NONE
