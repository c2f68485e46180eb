"""The Sandbox: an embedded local AWS (moto) with AWS-like paced lifecycles.

Import ``core.sandbox.server.SandboxServer`` to run one, or ``core.sandbox.serve.serve`` for
the headless command. This package imports moto only when those modules are imported.
"""
