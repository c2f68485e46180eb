"""Qt-free async flows for the "Migrate a MySQL database" scenario (IAM, RDS, DMS).

Each flow takes plain dataclass inputs and a ``FlowContext`` (door, ledger, event sink,
clock; a MySQL-only flow just an ``EventContext``), records what it creates in the ledger,
and returns a result dataclass. Cancel a flow by cancelling its asyncio task;
``teardown.delete_created`` removes what it made.
"""
