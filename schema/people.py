"""People: a page of them with filters, and the people of a party."""

from __future__ import annotations

import strawberry
from strawberry import Info

from resolvers.context import Context
from schema.incidents import Person
from schema.relay import Connection, decode_cursor


@strawberry.type(description="A page of people.")
class PersonConnection(Connection[Person]):
    pass


@strawberry.input(description="Narrow a list of people; every given condition must hold.")
class PersonFilter:
    party: str | None = strawberry.field(default=None, description="Key of the party they belong to.")
    contract: str | None = strawberry.field(default=None, description="Members of the parties to this contract.")
    name_contains: str | None = strawberry.field(default=None, description="Part of the name, in any case.")


async def party_people(ctx: Context, party_key: str) -> list[Person]:
    """The people of a party, by key (batched with every other party in the request)."""
    rows = await ctx.loaders.people_by_party.load(party_key) or []
    for row in rows:
        ctx.loaders.people.prime(row["key"], row)
    return [Person.from_row(r) for r in rows]


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="People ordered by key: the keys that `actor`, `assignee` and `by` arguments take.")
    async def people(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        filter: PersonFilter | None = None,
    ) -> PersonConnection:
        ctx, f = info.context, filter or PersonFilter()
        size, position = ctx.page_size(first), decode_cursor(after)
        page = await ctx.reader.people_page(
            after=position, limit=size + 1, party=f.party, contract=f.contract, text=f.name_contains
        )
        rows = page.rows[:size]
        for row in rows:
            ctx.loaders.people.prime(row["key"], row)
        return PersonConnection.build(
            [(r["key"], Person.from_row(r)) for r in rows],
            total=page.total,
            has_next=len(page.rows) > size,
            after=position,
        )
