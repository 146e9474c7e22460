"""Every setting is documented: its environment variable appears in docs/ (settings.md or the page of its topic)."""

from __future__ import annotations

from clausegraph.settings import PROJECT_ROOT, Settings


def test_every_setting_names_its_environment_variable_in_the_docs() -> None:
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "docs").glob("*.md"))
    missing = [
        f"{name} ({field.validation_alias})"
        for name, field in Settings.model_fields.items()
        if not isinstance(field.validation_alias, str) or f"`{field.validation_alias}`" not in docs
    ]
    assert not missing, f"settings without documentation (add a row to docs/settings.md): {missing}"
