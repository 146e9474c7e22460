"""The dispute status machine: the contract's dispute-resolution steps in order, then a final status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.errors import Problem, RuleViolation
from domain.stream import CLOCK_SKEW

FINAL_STATUSES = ("SETTLED", "DECIDED", "WITHDRAWN")
NEGOTIATION = "NEGOTIATION"
# A contract without a dispute-resolution clause still lets the parties negotiate, then close the dispute.
DEFAULT_STEPS = (NEGOTIATION,)
# Closing by agreement or by giving up is what negotiation is for, so the negotiation period never blocks it.
# DECIDED is an adjudicator's decision: reaching it while negotiation must still run bypasses the clause
# (an urgent injunction, say), so it needs an override with a reason like any later step.
_ALLOWED_DURING_NEGOTIATION = frozenset({"SETTLED", "WITHDRAWN"})


@dataclass(frozen=True)
class Transition:
    """One status change of a dispute: from where to where, when, by whom (person key), why, overridden or not."""

    from_status: str | None  # None for the opening of the dispute
    to_status: str
    at: datetime
    by: str | None
    reason: str | None
    override: bool = False


def dispute_steps(steps: Sequence[str]) -> tuple[str, ...]:
    """The contract's steps, or DEFAULT_STEPS when the contract names none."""
    return tuple(steps) or DEFAULT_STEPS


def initial_status(steps: Sequence[str]) -> str:
    """The status a new dispute opens in: the contract's first step (usually NEGOTIATION)."""
    return dispute_steps(steps)[0]


def negotiation_ends(opened_at: datetime, negotiation_period_seconds: int | None) -> datetime | None:
    """The instant the negotiation period ends (wall clock from the opening), or None without a period."""
    if negotiation_period_seconds is None:
        return None
    return opened_at + timedelta(seconds=negotiation_period_seconds)


def _is_naive(t: datetime) -> bool:
    return t.tzinfo is None or t.utcoffset() is None


def _reason(reason: str | None) -> str | None:
    return (reason or "").strip() or None


def _instant(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _order_problem(steps: tuple[str, ...], current: str, target: str) -> Problem | None:
    position = steps.index(current)
    following = steps[position + 1] if position + 1 < len(steps) else None
    if target == following:
        return None
    finals = ", ".join(FINAL_STATUSES[:-1]) + f" or {FINAL_STATUSES[-1]}"
    if following is None:
        message = f"The dispute is at {current}, the last step of the contract; it can only become {finals} now."
    elif target == current:
        message = f"The dispute is already at {current}; the next step is {following} (or {finals})."
    else:
        direction = "back" if steps.index(target) < position else "ahead past " + following
        message = (
            f"The dispute is at {current}; the steps go in order, so the next one is {following} "
            f"(or {finals}), and moving {direction} to {target} is not allowed."
        )
    return Problem("OUT_OF_ORDER", message, ("input", "to"))


def check_advance(
    steps: Sequence[str],
    current: str,
    target: str,
    opened_at: datetime,
    at: datetime,
    negotiation_period_seconds: int | None,
    override: bool,
    reason: str | None,
    *,
    last_at: datetime | None = None,
    now: datetime | None = None,
    skew: timedelta = CLOCK_SKEW,
) -> list[Problem]:
    """Everything wrong with moving a dispute from `current` to `target` at `at`; empty when it may move.

    `last_at` is the instant of the latest transition so far; `now` the server's clock when it is recorded."""
    problems: list[Problem] = []
    naive = _is_naive(at) or _is_naive(opened_at)
    if _is_naive(at):
        problems.append(Problem("NAIVE_DATETIME", f"The instant {at.isoformat()} has no UTC offset.", ("input", "at")))
    if _is_naive(opened_at):
        message = f"The dispute's opening instant {opened_at.isoformat()} has no UTC offset."
        problems.append(Problem("NAIVE_DATETIME", message, ("dispute", "openedAt")))
    if not naive:
        problems += _time_problems(at, opened_at, last_at, now, skew)
    if override and not (reason and reason.strip()):
        message = "An override must say why: give a non-blank reason, which is recorded with the transition."
        problems.append(Problem("OVERRIDE_NEEDS_REASON", message, ("input", "reason")))

    ordered = dispute_steps(steps)
    if current in FINAL_STATUSES:
        message = f"The dispute is closed ({current}); a closed dispute does not change status."
        return [*problems, Problem("ALREADY_CLOSED", message, ("input", "to"))]
    if current not in ordered:
        message = f"The dispute's status {current} is not a step of the contract ({', '.join(ordered)})."
        return [*problems, Problem("INVALID_STATUS", message, ("dispute", "status"))]
    if target not in ordered and target not in FINAL_STATUSES:
        allowed = ", ".join((*ordered, *FINAL_STATUSES))
        message = f"'{target}' is neither a dispute-resolution step of the contract nor a final status ({allowed})."
        return [*problems, Problem("INVALID_STATUS", message, ("input", "to"))]

    if target in ordered:
        order = _order_problem(ordered, current, target)
        if order is not None:
            return [*problems, order]

    leaves_negotiation = current == NEGOTIATION and target not in _ALLOWED_DURING_NEGOTIATION
    ends = negotiation_ends(opened_at, negotiation_period_seconds)
    # The period is measured to the real instant of the transition: a date given ahead of the server's clock
    # (within the skew) does not end it early. Naive instants cannot be compared; NAIVE_DATETIME says so.
    real = min(at, now) if now is not None and not naive else at
    if leaves_negotiation and ends is not None and not override and not naive and real < ends:
        message = (
            f"The contract's negotiation period runs until {_instant(ends)}; moving to {target} before then "
            "needs override: true and a reason (settling or withdrawing is allowed at any time)."
        )
        problems.append(Problem("NEGOTIATION_PERIOD_RUNNING", message, ("input", "to")))
    return problems


def _time_problems(
    at: datetime, opened_at: datetime, last_at: datetime | None, now: datetime | None, skew: timedelta
) -> list[Problem]:
    """A transition dated in the future, before the dispute was opened, or before the latest transition."""
    if now is not None and at > now + skew:
        message = (
            f"The transition at {_instant(at)} lies in the future (the server's clock says {_instant(now)}); "
            "record a transition once it has happened."
        )
        return [Problem("FUTURE_EVENT", message, ("input", "at"))]
    if at < opened_at:
        message = f"The transition at {_instant(at)} is before the dispute was opened ({_instant(opened_at)})."
        return [Problem("OUT_OF_ORDER", message, ("input", "at"))]
    if last_at is not None and not _is_naive(last_at) and at < last_at:
        message = f"The transition at {_instant(at)} is earlier than the dispute's last one ({_instant(last_at)})."
        return [Problem("OUT_OF_ORDER", message, ("input", "at"))]
    return []


def advance(
    steps: Sequence[str],
    current: str,
    target: str,
    opened_at: datetime,
    at: datetime,
    negotiation_period_seconds: int | None,
    by: str | None,
    override: bool = False,
    reason: str | None = None,
    *,
    last_at: datetime | None = None,
    now: datetime | None = None,
    skew: timedelta = CLOCK_SKEW,
) -> Transition:
    """The transition from `current` to `target`, or a RuleViolation naming every problem."""
    problems = check_advance(
        steps,
        current,
        target,
        opened_at,
        at,
        negotiation_period_seconds,
        override,
        reason,
        last_at=last_at,
        now=now,
        skew=skew,
    )
    if problems:
        raise RuleViolation(problems)
    return Transition(current, target, at.astimezone(UTC), by, _reason(reason), override)


def opening(steps: Sequence[str], at: datetime, by: str | None, reason: str | None = None) -> Transition:
    """The first transition of a new dispute: from nothing to the contract's first step."""
    if _is_naive(at):
        message = f"The instant {at.isoformat()} has no UTC offset."
        raise RuleViolation.single("NAIVE_DATETIME", message, ("input", "at"))
    return Transition(None, initial_status(steps), at.astimezone(UTC), by, _reason(reason))
