"""Contract terms from stored contract documents, parsed once per document per process."""

from __future__ import annotations

from functools import lru_cache

from domain.documents import contract_terms, parse_contract_document
from domain.terms import ContractTerms


@lru_cache(maxsize=256)
def terms_of(document: str) -> ContractTerms:
    """The terms of a stored (already validated, immutable) contract document."""
    return contract_terms(parse_contract_document(document))
