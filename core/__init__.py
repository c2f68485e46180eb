"""Migration Assistant's core: a Qt-free asyncio library the GUI and the commands drive."""
