"""Headless subcommands. None of these modules may import PySide6 or qasync: they must run
where Qt cannot load (servers, CI, automation)."""
