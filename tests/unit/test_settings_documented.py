"""Every setting is documented: its environment variable appears in docs/settings.md."""

from __future__ import annotations

from clausegraph.settings import PROJECT_ROOT, Settings


def test_every_setting_is_in_the_settings_document() -> None:
    text = (PROJECT_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    names = {str(f.validation_alias) for f in Settings.model_fields.values()}
    assert names, "Settings declares no fields?"
    missing = sorted(n for n in names if f"`{n}`" not in text)
    assert missing == [], f"add these to docs/settings.md: {missing}"
