"""Every link in the README and in docs/ resolves inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from clausegraph.settings import PROJECT_ROOT

# Written by parallel work and merged with it; remove a name once its page is in the repository.
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _pages() -> list[Path]:
    return [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]


def _anchors(page: Path) -> set[str]:
    out = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            out.add(re.sub(r"[^a-z0-9 _-]", "", title).replace(" ", "-"))
    return out


def test_every_link_stays_in_the_repository_and_resolves() -> None:
    broken = []
    for page in _pages():
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://127.0.0.1", "mailto:")):
                continue
            assert "://" not in target, f"{page.name} links outside the repository: {target}"
            path, _, anchor = target.partition("#")
            # "/x" is the repository's root, as GitHub and GitLab read it
            base = PROJECT_ROOT if path.startswith("/") else page.parent
            resolved = (base / path.lstrip("/")).resolve() if path else page
            assert resolved.is_relative_to(PROJECT_ROOT), f"{page.name} links outside the repository: {target}"
            if not resolved.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, broken
