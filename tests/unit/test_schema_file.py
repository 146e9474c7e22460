"""The committed schema.graphql must be the schema the code serves."""

from __future__ import annotations

from clausegraph.app import build_graphql_schema
from clausegraph.settings import PROJECT_ROOT


def test_schema_graphql_is_current() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")
    current = build_graphql_schema().as_str() + "\n"
    assert committed == current, "schema.graphql is out of date: run `make schema` (clausegraph export-schema)."


def test_fixed_core_names_exist() -> None:
    sdl = build_graphql_schema().as_str()
    for fixed in (
        "node(id: ID!): Node",
        "contract(key: String!",
        "contracts(first: Int",
        "precedents(first: Int",
        "search(text: String!, first: Int",
        "importContract(document: String!): ImportContractPayload!",
        "escalationPath: EscalationPath!",
        "supportChannels: [SupportChannel!]!",
        "totalCount: Int!",
    ):
        assert fixed in sdl, fixed
