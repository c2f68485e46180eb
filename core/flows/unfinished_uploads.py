"""Unfinished uploads: ``UnfinishedUploadsFlow`` over ``core.transfer.unfinished_uploads``.

Uploads stopped half-way keep their parts in S3, billed but not shown in a bucket listing.
The flow lists them (a read, like a picker's listing), and its run aborts the chosen ones
and/or adds the lifecycle rule that makes S3 abort them after some days. Its plan is those
calls, built by the functions the run makes them with (``abort_upload_call``,
``abort_incomplete_rule``, ``lifecycle_call``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.errors import ValidationError
from core.flows.buckets import validate_bucket_name
from core.flows.context import FlowContext
from core.flows.shape import Flow, PlannedCall, all_problems
from core.transfer.journal import JournalStore
from core.transfer.s3_calls import abort_upload_call
from core.transfer.unfinished_uploads import (
    UnfinishedUpload,
    abort_incomplete_rule,
    abort_unfinished,
    lifecycle_call,
    list_unfinished,
    set_abort_incomplete_rule,
)

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import LifecycleRuleTypeDef

__all__ = [
    "AbortChoice",
    "AbortedUpload",
    "UnfinishedUploadsFlow",
    "UnfinishedUploadsInputs",
    "UnfinishedUploadsResult",
    "each_upload_hint",
]


def each_upload_hint(key: str) -> str:
    """How a plan names the uploads of ``key`` it learns only by listing them first."""
    return f"<id of each unfinished upload of {key}>"


@dataclass(frozen=True)
class AbortChoice:
    """One upload to abort, or (no ``upload_id``) every unfinished upload of ``key``."""

    key: str
    upload_id: str | None = None

    @classmethod
    def of(cls, upload: UnfinishedUpload) -> AbortChoice:
        return cls(upload.key, upload.upload_id)


@dataclass(frozen=True)
class UnfinishedUploadsInputs:
    """What to do in one bucket: abort the chosen uploads, then (``rule_days``) add the
    rule aborting what is left incomplete that many days. Nothing chosen: only list."""

    bucket: str
    abort: tuple[AbortChoice, ...] = ()
    rule_days: int | None = None


@dataclass(frozen=True)
class AbortedUpload:
    key: str
    upload_id: str


@dataclass(frozen=True)
class UnfinishedUploadsResult:
    """The uploads aborted, in order (none for a key that had none), and the rule added."""

    aborted: tuple[AbortedUpload, ...] = ()
    rule: LifecycleRuleTypeDef | None = None


def _check_keys(choices: tuple[AbortChoice, ...]) -> None:
    for choice in choices:
        if not choice.key.strip("/"):
            raise ValidationError("abort", "Name the key whose uploads to abort.")
        if choice.upload_id is not None and not choice.upload_id:
            raise ValidationError("abort", f"The upload id for {choice.key} is empty.")


def _check_days(days: int | None) -> None:
    if days is not None:
        abort_incomplete_rule(days)  # raises ValidationError("days", ...)


class UnfinishedUploadsFlow(Flow[UnfinishedUploadsInputs, UnfinishedUploadsResult]):
    """Given apart: the journals, so a listed upload says whether this machine can resume
    it, and an aborted one's journal goes with it."""

    key = "unfinished-uploads"

    def __init__(self, inputs: UnfinishedUploadsInputs, *, journals: JournalStore) -> None:
        super().__init__(inputs)
        self._journals = journals

    def _checks(self) -> tuple[Callable[[], object], ...]:
        inputs = self.inputs
        return (
            lambda: validate_bucket_name(inputs.bucket),
            lambda: _check_keys(inputs.abort),
            lambda: _check_days(inputs.rule_days),
        )

    def problems(self) -> dict[str, str]:
        return all_problems(*self._checks())

    async def listing(self, ctx: FlowContext, key: str | None = None) -> list[UnfinishedUpload]:
        """The bucket's unfinished uploads (only ``key``'s when given), oldest first.
        Changes nothing."""
        validate_bucket_name(self.inputs.bucket)
        return await list_unfinished(ctx.door, self.inputs.bucket, self._journals, key)

    def plan(self) -> list[PlannedCall]:
        """One abort per chosen upload (per listed upload of a key chosen whole), then the
        lifecycle rule."""
        bucket = self.inputs.bucket
        planned = []
        for choice in self.inputs.abort:
            if choice.upload_id is not None:
                planned.append(PlannedCall(abort_upload_call(bucket, choice.key, choice.upload_id)))
            else:
                call = abort_upload_call(bucket, choice.key, each_upload_hint(choice.key))
                planned.append(
                    PlannedCall(call, f"Once for each unfinished upload of {choice.key}:")
                )
        if self.inputs.rule_days is not None:
            # Only our rule is shown: the bucket's other rules are read first and sent along.
            rule = abort_incomplete_rule(self.inputs.rule_days)
            when = "The bucket's other lifecycle rules, if any, are kept (sent before this one):"
            planned.append(PlannedCall(lifecycle_call(bucket, [rule]), when))
        return planned

    async def run(self, ctx: FlowContext) -> UnfinishedUploadsResult:
        """Abort, then add the rule; raises ValidationError for the first bad field before
        any call. An upload already gone counts as aborted (the goal is reached)."""
        for check in self._checks():
            check()
        bucket = self.inputs.bucket
        aborted: list[AbortedUpload] = []
        for choice in self.inputs.abort:
            ids = await abort_unfinished(
                ctx.door,
                bucket,
                choice.key,
                self._journals,
                upload_id=choice.upload_id,
                ledger=ctx.ledger,
            )
            aborted += [AbortedUpload(choice.key, upload_id) for upload_id in ids]
        rule = None
        if self.inputs.rule_days is not None:
            rule = await set_abort_incomplete_rule(ctx.door, bucket, self.inputs.rule_days)
        return UnfinishedUploadsResult(tuple(aborted), rule)
