"""Contract terms from stored contract documents, parsed once per document per process."""

from __future__ import annotations

import json
from collections import OrderedDict
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


class VersionTerms:
    """Terms of contract versions by (uid, stored content hash), kept across requests, the most recently used
    `size` of them: a version's document never changes once imported (a changed contract is a new version), and
    a version imported again after a wipe under the same uid has its own hash. So a read that knows a version's
    row (which holds the hash) needs its document only the first time."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[str, str], ContractTerms] = OrderedDict()

    def get(self, uid: str, content_hash: str) -> ContractTerms | None:
        found = self._kept.get((uid, content_hash))
        if found is not None:
            self._kept.move_to_end((uid, content_hash))
        return found

    def put(self, uid: str, content_hash: str, terms: ContractTerms) -> None:
        self._kept[(uid, content_hash)] = terms
        self._kept.move_to_end((uid, content_hash))
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)


VERSION_TERMS = VersionTerms()
