"""requirements.lock pins every dependency pyproject.toml declares (run `make lock` after changing them)."""

from __future__ import annotations

import re
import tomllib

from clausegraph.settings import PROJECT_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_declared_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]}
    lock = (PROJECT_ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^([A-Za-z0-9._-]+)==\S+", lock, re.M)}
    assert declared <= pinned, f"not in requirements.lock (run `make lock`): {sorted(declared - pinned)}"
    assert "--hash=sha256:" in lock
