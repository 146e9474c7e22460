"""A version's terms are read from its document once per process, then found by its row's content hash."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml

from resolvers import incident_reads
from resolvers.terms import VersionTerms, terms_of
from tests.unit.fixtures_documents import CONTRACT_YAML, data_of


@dataclass
class FakeLoader:
    """Stands in for a request's DataLoader over the database: answers from a dict and counts the loads."""

    found: dict[str, Any]
    loads: list[str] = field(default_factory=list)

    async def load(self, key: str) -> Any:
        self.loads.append(key)
        return self.found.get(key)


@dataclass
class FakeLoaders:
    contract_versions: FakeLoader
    documents: FakeLoader


@dataclass
class FakeContext:
    loaders: FakeLoaders


def _request(uid: str, content_hash: str | None, document: str | None) -> FakeContext:
    """A fresh request: new loaders, as every request has."""
    rows = {uid: {"uid": uid, "contentHash": content_hash}} if content_hash is not None else {}
    return FakeContext(FakeLoaders(FakeLoader(rows), FakeLoader({uid: document} if document else {})))


def test_the_document_is_read_once_then_the_hash_finds_the_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incident_reads, "VERSION_TERMS", VersionTerms())
    uid = "nimbus-acme-msa@1"
    first = _request(uid, "hash-1", CONTRACT_YAML)
    terms = asyncio.run(incident_reads.terms_for(first, uid))  # type: ignore[arg-type]
    assert terms == terms_of(CONTRACT_YAML)
    assert first.loaders.documents.loads == [uid]

    again = _request(uid, "hash-1", CONTRACT_YAML)
    assert asyncio.run(incident_reads.terms_for(again, uid)) is terms  # type: ignore[arg-type]
    assert again.loaders.documents.loads == []  # the version row alone

    # the same uid with another document (imported again after a wipe): another hash, its own terms
    changed = data_of(CONTRACT_YAML)
    changed["monthly_fee"] = "41000.00"
    other_document = yaml.safe_dump(changed, sort_keys=False)
    other = _request(uid, "hash-2", other_document)
    other_terms = asyncio.run(incident_reads.terms_for(other, uid))  # type: ignore[arg-type]
    assert other.loaders.documents.loads == [uid]
    assert other_terms == terms_of(other_document) != terms


def test_without_a_visible_version_row_the_document_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incident_reads, "VERSION_TERMS", VersionTerms())
    uid = "nimbus-acme-msa@1"
    for _ in range(2):
        request = _request(uid, None, CONTRACT_YAML)
        asyncio.run(incident_reads.terms_for(request, uid))  # type: ignore[arg-type]
        assert request.loaders.documents.loads == [uid]  # nothing is kept without a hash
    missing = _request(uid, None, None)
    with pytest.raises(LookupError, match="not stored"):
        asyncio.run(incident_reads.terms_for(missing, uid))  # type: ignore[arg-type]


def test_only_the_most_recently_used_versions_are_kept() -> None:
    kept = VersionTerms(size=2)
    a, b, c = (terms_of(CONTRACT_YAML),) * 3
    kept.put("a@1", "h", a)
    kept.put("b@1", "h", b)
    assert kept.get("a@1", "h") is a  # a is now the most recent
    kept.put("c@1", "h", c)
    assert kept.get("b@1", "h") is None
    assert kept.get("a@1", "h") is a and kept.get("c@1", "h") is c
    assert kept.get("a@1", "other") is None
