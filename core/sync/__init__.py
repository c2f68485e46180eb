"""Folder sync machinery under ``core.flows.folder_sync``: rules, the two walks, the
merge-compare planner, the on-disk plan, and the run that does it.

The flow is the entry point; these modules are its parts (each one job): ``rules``
(include/exclude), ``local`` and ``remote`` (one folder of each side), ``compare`` (one
file of both), ``planner`` (the merge), ``plan`` (kept on disk), ``transfers`` (one file
each way), ``run`` (the workers), ``meter`` and ``events`` (what the run tells its sink),
``calls`` (the S3 calls), ``names`` (names a side cannot hold), ``items`` (actions and
reasons).
"""
