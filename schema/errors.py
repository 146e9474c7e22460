"""User errors carried in mutation payloads."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from domain.errors import Problem


@strawberry.type(description="Something wrong with what the caller sent: a stable code, a sentence, and where.")
class UserError:
    code: str
    message: str
    path: list[str] | None

    @classmethod
    def from_problem(cls, problem: Problem) -> UserError:
        return cls(code=problem.code, message=problem.message, path=[str(p) for p in problem.path] or None)


def user_errors(problems: tuple[Problem, ...] | list[Problem]) -> list[UserError]:
    """Payload errors from domain problems, in order."""
    return [UserError.from_problem(p) for p in problems]


def refusal(code: str, message: str) -> GraphQLError:
    """An error for the caller, with its code in `extensions` (also where no extension adds one)."""
    return GraphQLError(message, extensions={"code": code})
