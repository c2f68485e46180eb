"""A door handed to another process (an upload's worker): where it goes and how it signs.

``DoorHandover`` is picklable; it carries the credentials themselves only where the other
process cannot sign in by itself (stored keys, or a door given its own session). It travels
over a pipe, never through a file, the environment or a command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.aws.connection import Connection, make_session
from core.aws.door import AwsDoor
from core.aws.sessions import new_session
from core.settings import ConnectionMode

__all__ = ["DoorHandover"]


@dataclass(frozen=True)
class DoorHandover:
    connection: Connection
    credentials: tuple[str, str, str | None] | None  # None: the other side signs in itself

    @classmethod
    def of(cls, door: AwsDoor) -> DoorHandover:
        """Blocking (credentials may be fetched): call it on a worker thread."""
        connection = door.connection
        named_profile = connection.mode is ConnectionMode.PROFILE and bool(connection.profile)
        if connection.is_sandbox or named_profile:
            # A named profile refreshes its SSO or role credentials by itself.
            return cls(connection, None)
        found = door.session().get_credentials()
        frozen = found.get_frozen_credentials() if found is not None else None
        if frozen is None or not frozen.access_key or not frozen.secret_key:
            return cls(connection, None)
        return cls(connection, (frozen.access_key, frozen.secret_key, frozen.token))

    def door(self) -> AwsDoor:
        if self.credentials is None:
            return AwsDoor(self.connection, session=make_session(self.connection))
        session = new_session(keys=self.credentials, region=self.connection.region)
        return AwsDoor(self.connection, session=session)
