"""Domain exceptions: everything a caller can get wrong, with a stable code and a path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

PathPart = str | int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what a caller sent: a stable `code`, a sentence, and where."""

    code: str
    message: str
    path: tuple[PathPart, ...] = field(default=())


class DomainError(Exception):
    """Base of every error a caller can cause; carries one or more problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.code}: {p.message}" for p in self.problems))

    @classmethod
    def single(cls, code: str, message: str, path: Sequence[PathPart] = ()) -> DomainError:
        """Build an error holding one problem."""
        return cls([Problem(code, message, tuple(path))])


class DocumentInvalid(DomainError):
    """A contract, incidents or precedents document has one or more problems."""


class RuleViolation(DomainError):
    """An event or command breaks a rule of the event stream or a workflow."""


class NotFound(DomainError):
    """Something named by key does not exist."""


class Conflict(DomainError):
    """What was sent contradicts what is stored (VERSION_CONFLICT, CONFLICT)."""


class Unavailable(Exception):
    """The database cannot be reached or refused the work; not the caller's fault."""


class CredentialsRefused(Unavailable):
    """The database refused the configured credentials: retrying will not help."""
