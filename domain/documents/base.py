"""The base of every document model: closed (unknown fields are errors) and immutable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class DocumentModel(BaseModel):
    """A part of a document; extra fields are rejected so that typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)
