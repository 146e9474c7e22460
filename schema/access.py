"""Who is asking (`viewer`), API keys and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry import Info

from domain.access import AccessRole as DomainAccessRole
from domain.errors import DomainError
from resolvers.context import Context
from resolvers.keys import KeyRequest, create_key, revoke_key
from schema.contracts import Party
from schema.errors import UserError, user_errors
from schema.incidents import Person
from schema.relay import Connection, decode_cursor

strawberry.enum(DomainAccessRole, name="AccessRole", description="What a principal may do; see docs/access.md.")
AccessRole = DomainAccessRole


@strawberry.type
class _ActsFor:
    """The party a principal acts for and the person acting, shared by `Viewer` and `ApiKey`."""

    party_key: strawberry.Private[str | None]
    person_key: strawberry.Private[str | None]

    @strawberry.field
    async def party(self, info: Info[Context, None]) -> Party | None:
        row = await info.context.loaders.parties.load(self.party_key) if self.party_key else None
        return Party.from_row(row) if row else None

    @strawberry.field(description="The person acting, who is recorded as the author of what this principal writes.")
    async def person(self, info: Info[Context, None]) -> Person | None:
        row = await info.context.loaders.people.load(self.person_key) if self.person_key else None
        return Person.from_row(row) if row else None


@strawberry.type(description="The principal of this request.")
class Viewer(_ActsFor):
    principal: str = strawberry.field(description="'key:<id>' for an API key, 'jwt:<subject>' for a token.")
    role: AccessRole
    disputes: list[str] = strawberry.field(description="For an ARBITRATOR, the disputes it was granted.")


@strawberry.type(description="An API key; its secret is shown once, when it is created, and never stored.")
class ApiKey(_ActsFor):
    id: str
    label: str
    role: AccessRole
    disputes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ApiKey:
        return cls(
            id=row["id"],
            label=row["label"],
            role=DomainAccessRole(row["role"]),
            party_key=row.get("party"),
            person_key=row.get("person"),
            disputes=list(row.get("disputes") or []),
            created_at=row["createdAt"],
            last_used_at=row.get("lastUsedAt"),
            revoked_at=row.get("revokedAt"),
        )


@strawberry.type(description="One entry of the append-only, hash-chained audit log.")
class AuditEntry:
    seq: int
    at: datetime
    principal: str
    operation: str = strawberry.field(description="The GraphQL operation name, or the route for downloads.")
    kind: str = strawberry.field(description="MUTATION | EXPORT | DOWNLOAD")
    variables_digest: str = strawberry.field(description="SHA-256 of the request's variables in canonical JSON.")
    outcome: str = strawberry.field(description="OK | USER_ERROR | ERROR")
    codes: list[str] = strawberry.field(description="The user error or error codes, if any.")
    request_id: str
    hash: str
    prev_hash: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditEntry:
        return cls(
            seq=row["seq"],
            at=datetime.fromisoformat(row["at"]),
            principal=row["principal"],
            operation=row["operation"],
            kind=row["kind"],
            variables_digest=row["variablesDigest"],
            outcome=row["outcome"],
            codes=list(row.get("codes") or []),
            request_id=row["requestId"],
            hash=row["hash"],
            prev_hash=row["prevHash"],
        )


@strawberry.input
class AuditFilter:
    principal: str | None = None
    operation: str | None = None
    outcome: str | None = None


@strawberry.input(description="A new API key: its role, the party it acts for, the person acting, and grants.")
class CreateApiKeyInput:
    label: str
    role: AccessRole
    party: str | None = strawberry.field(default=None, description="Every role but ADMIN acts for a party.")
    person: str | None = strawberry.field(default=None, description="The human acting, recorded as author.")
    disputes: list[str] | None = strawberry.field(default=None, description="ARBITRATOR only: the disputes.")


@strawberry.type
class ApiKeyPayload:
    api_key: ApiKey | None
    secret: str | None = strawberry.field(description="The key's secret: shown only in this answer.")
    user_errors: list[UserError]


@strawberry.type
class AccessQuery:
    @strawberry.field(description="Who is asking: role, party, person.")
    def viewer(self, info: Info[Context, None]) -> Viewer:
        p = info.context.principal
        return Viewer(principal=p.id, role=p.role, party_key=p.party, person_key=p.person, disputes=sorted(p.disputes))

    @strawberry.field(description="API keys, oldest id first (ADMIN only; empty for everyone else).")
    async def api_keys(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[ApiKey]:
        ctx = info.context
        size = ctx.page_size(first)
        after_id = decode_cursor(after)
        found = await ctx.reader.api_key_page(after=after_id, limit=size + 1)
        rows = found.rows[:size]
        return Connection.build(
            [(r["id"], ApiKey.from_row(r)) for r in rows],
            total=found.total,
            has_next=len(found.rows) > size,
            after=after_id,
        )

    @strawberry.field(description="The audit log, newest first (ADMIN only; empty for everyone else).")
    async def audit_log(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        filter: AuditFilter | None = None,
    ) -> Connection[AuditEntry]:
        ctx = info.context
        size = ctx.page_size(first)
        position = decode_cursor(after)
        if position is not None and not position.isdigit():
            raise ValueError(f"'{after}' is not a cursor of the audit log.")
        f = filter or AuditFilter()
        found = await ctx.reader.audit_page(
            before=int(position) if position else None,
            limit=size + 1,
            principal=f.principal,
            operation=f.operation,
            outcome=f.outcome,
        )
        rows = found.rows[:size]
        return Connection.build(
            [(str(r["seq"]), AuditEntry.from_row(r)) for r in rows],
            total=found.total,
            has_next=len(found.rows) > size,
            after=position,
        )


@strawberry.type
class AccessMutation:
    @strawberry.mutation(description="Create an API key (ADMIN only). The secret is in this answer only.")
    async def create_api_key(self, info: Info[Context, None], input: CreateApiKeyInput) -> ApiKeyPayload:
        ctx = info.context
        request = KeyRequest(
            label=input.label,
            role=DomainAccessRole(input.role),
            party=input.party,
            person=input.person,
            disputes=tuple(input.disputes or ()),
        )
        try:
            row, secret = await create_key(ctx.graph, ctx.trips, request, ctx.principal)
        except DomainError as exc:
            return ApiKeyPayload(api_key=None, secret=None, user_errors=user_errors(exc.problems))
        return ApiKeyPayload(api_key=ApiKey.from_row(row), secret=secret, user_errors=[])

    @strawberry.mutation(description="Revoke an API key (ADMIN only); it is kept, with when it was revoked.")
    async def revoke_api_key(self, info: Info[Context, None], id: str) -> ApiKeyPayload:
        ctx = info.context
        try:
            row = await revoke_key(ctx.graph, ctx.trips, id)
        except DomainError as exc:
            return ApiKeyPayload(api_key=None, secret=None, user_errors=user_errors(exc.problems))
        return ApiKeyPayload(api_key=ApiKey.from_row(row), secret=None, user_errors=[])
