"""domain/ is pure: no module under it imports the database, the web layer or the upper layers."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
FORBIDDEN = {
    "neo4j",
    "strawberry",
    "starlette",
    "uvicorn",
    "httpx",
    "graph",
    "schema",
    "resolvers",
    "seed",
    "clausegraph",
}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_has_modules_to_check() -> None:
    assert len(list(DOMAIN.rglob("*.py"))) >= 10


def test_no_domain_module_imports_the_database_or_the_web() -> None:
    offenders = {
        str(path.relative_to(DOMAIN)): sorted(imported_roots(path) & FORBIDDEN)
        for path in sorted(DOMAIN.rglob("*.py"))
        if imported_roots(path) & FORBIDDEN
    }
    assert offenders == {}
