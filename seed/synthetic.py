"""Synthetic contracts at scale, made from a seed contract with fresh keys (for benchmarks and tests)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from seed.loader import DATA

# libyaml's emitter when PyYAML has it: making 2,000 documents for S10 took over a minute with the pure-Python one.
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _template(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def synthetic_contracts(count: int, prefix: str, template: Path | None = None) -> Iterator[str]:
    """`count` contract documents (YAML) copied from a seed contract, with keys and title starting `prefix`."""
    base = _template(template or DATA / "contracts" / "azurite-harbor-cloud.yaml")
    for n in range(1, count + 1):
        doc = copy.deepcopy(base)
        tag = f"{prefix}-{n:05d}"
        party_keys = {p["key"]: f"{tag}-{p['key']}" for p in doc["parties"]}
        doc["key"] = tag
        doc["title"] = f"{prefix} synthetic agreement {n}"
        for p in doc["parties"]:
            p["key"] = party_keys[p["key"]]
            p["name"] = f"{p['name']} ({tag})"
        for r in doc.get("roles", []):
            r["party"] = party_keys[r["party"]]
        for m in doc.get("people", []):
            m["key"] = f"{tag}-{m['key']}"
            m["party"] = party_keys[m["party"]]
        yield yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
