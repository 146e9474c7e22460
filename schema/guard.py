"""The one write-side check: every mutation passes it before its resolver runs (deny by default).

For each mutation the table says which capability it needs, which stored thing it targets (which must be
visible to the caller, or it is answered as if it did not exist), and which argument names the author
(which becomes the caller's own person unless the caller may act on behalf of another).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition
from strawberry.types.field import StrawberryField

from domain.access import Capability, require
from domain.errors import DomainError, Problem
from resolvers.access import recorded_author
from resolvers.context import Context
from schema.errors import user_errors


@dataclass(frozen=True)
class Target:
    kind: str  # contract | incident | dispute | evidence
    argument: tuple[str, ...]  # where its key is: ("input", "contract_key") or ("dispute_key",)
    path: tuple[str, ...]  # the GraphQL path reported when it is not visible


@dataclass(frozen=True)
class Rule:
    capability: Capability
    target: Target | None = None
    author: tuple[str, ...] | None = None  # the argument naming the person recorded as author


_CONTRACT = Target("contract", ("input", "contract_key"), ("input", "contractKey"))
_INCIDENT = Target("incident", ("input", "incident_key"), ("input", "incidentKey"))
_DISPUTE = Target("dispute", ("input", "dispute_key"), ("input", "disputeKey"))
_EVIDENCE = Target("evidence", ("key",), ("key",))

RULES: dict[str, Rule] = {
    "import_contract": Rule(Capability.ADMINISTER),
    "import_incidents": Rule(Capability.ADMINISTER),
    "report_incident": Rule(Capability.WRITE_INCIDENTS, _CONTRACT, ("input", "actor")),
    "record_incident_event": Rule(Capability.WRITE_INCIDENTS, _INCIDENT, ("input", "actor")),
    "open_dispute": Rule(Capability.WRITE_DISPUTES, _CONTRACT, ("input", "opened_by")),
    "advance_dispute": Rule(Capability.WRITE_DISPUTES, _DISPUTE, ("input", "by")),
    "attach_evidence": Rule(Capability.WRITE_DISPUTES, _DISPUTE, ("input", "added_by")),
    "cite_precedent": Rule(Capability.WRITE_DISPUTES, _DISPUTE, ("input", "by")),
    "add_dispute_incident": Rule(Capability.WRITE_DISPUTES, _DISPUTE),
    "seal_evidence_bundle": Rule(
        Capability.WRITE_DISPUTES, Target("dispute", ("dispute_key",), ("disputeKey",)), ("sealed_by",)
    ),
    "record_custody": Rule(Capability.WRITE_DISPUTES, _EVIDENCE, ("by",)),
    "withdraw_evidence": Rule(Capability.WRITE_DISPUTES, _EVIDENCE, ("by",)),
    "create_api_key": Rule(Capability.ADMINISTER),
    "revoke_api_key": Rule(Capability.ADMINISTER),
}


def _get(kwargs: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = kwargs.get(path[0])
    for name in path[1:]:
        value = getattr(value, name, None)
    return value


def _set(kwargs: dict[str, Any], path: tuple[str, ...], new: Any) -> None:
    if len(path) == 1:
        kwargs[path[0]] = new
        return
    holder = _get(kwargs, path[:-1])
    setattr(holder, path[-1], new)


async def _visible(ctx: Context, target: Target, key: str) -> bool:
    if target.kind == "contract":
        return bool(await ctx.reader.latest_versions([key]))
    # read past the request's loaders: they must not cache what the mutation is about to change
    if target.kind == "incident":
        return bool(await ctx.reader.incidents([key]))
    if target.kind == "evidence":
        return bool(await ctx.reader.evidence_files([key]))
    return bool(await ctx.reader.disputes([key]))


async def check(ctx: Context, field_name: str, kwargs: dict[str, Any]) -> None:
    """Raise FORBIDDEN or not-found problems, or fill in the author; the write-side rule of the matrix."""
    rule = RULES.get(field_name)
    if rule is None:
        raise DomainError.single("FORBIDDEN", f"'{field_name}' is not open to any principal.")
    require(ctx.principal, rule.capability)
    if rule.target is not None:
        key = _get(kwargs, rule.target.argument)
        if isinstance(key, str) and not await _visible(ctx, rule.target, key):
            code = "UNKNOWN_REFERENCE" if rule.target.kind == "contract" else "NOT_FOUND"
            what = "Evidence item" if rule.target.kind == "evidence" else rule.target.kind.capitalize()
            raise DomainError([Problem(code, f"{what} '{key}' is not stored.", rule.target.path)])
    if rule.author is not None:
        named = _get(kwargs, rule.author)
        _set(kwargs, rule.author, await recorded_author(ctx.reader, ctx.principal, named))


def refusal(payload_type: type, problems: tuple[Problem, ...]) -> Any:
    """A payload of `payload_type` carrying only user errors (nothing written)."""
    definition = get_object_definition(payload_type, strict=True)
    values: dict[str, Any] = {}
    for f in definition.fields:
        if f.python_name == "user_errors":
            values[f.python_name] = user_errors(problems)
        elif isinstance(f.type, StrawberryOptional):
            values[f.python_name] = None
        elif isinstance(f.type, StrawberryList):
            values[f.python_name] = []
        elif f.type is bool:
            values[f.python_name] = False
        else:
            values[f.python_name] = None
    return payload_type(**values)


class WriteGuard(FieldExtension):
    """Runs `check` before a mutation's resolver; a refusal is the payload's user errors."""

    field: StrawberryField

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        ctx: Context = info.context
        try:
            await check(ctx, self.field.python_name, kwargs)
        except DomainError as exc:
            ctx.mutation_outcomes.append((info.field_name, [p.code for p in exc.problems]))
            return refusal(_payload_class(self.field), exc.problems)
        payload = await next_(source, info, **kwargs)
        ctx.mutation_outcomes.append((info.field_name, [e.code for e in getattr(payload, "user_errors", None) or []]))
        return payload


def _payload_class(field: StrawberryField) -> type:
    resolved = field.type
    if isinstance(resolved, StrawberryOptional):
        resolved = resolved.of_type
    assert isinstance(resolved, type)
    return resolved


def guard_mutations(mutation_type: type) -> None:
    """Attach the guard to every field of the Mutation root, including fields added later."""
    definition = get_object_definition(mutation_type, strict=True)
    for f in definition.fields:
        if not any(isinstance(e, WriteGuard) for e in f.extensions):
            f.extensions.append(WriteGuard())


__all__ = ["RULES", "WriteGuard", "check", "guard_mutations", "refusal"]
