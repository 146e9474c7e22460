"""Contract terms from stored contract documents, parsed once per document per process."""

from __future__ import annotations

import json
from functools import lru_cache

from domain.documents import contract_terms, parse_contract_document
from domain.terms import ContractTerms


@lru_cache(maxsize=256)
def terms_of(document: str) -> ContractTerms:
    """The terms of a stored (already validated, immutable) contract document."""
    return contract_terms(parse_contract_document(document))


@lru_cache(maxsize=256)
def parties_of(document: str) -> frozenset[str]:
    """Keys of every party to a stored contract document (providers, customers, third parties)."""
    return frozenset(p["key"] for p in json.loads(document)["parties"])
