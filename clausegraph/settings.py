"""The one settings object, read once at start-up from the environment (and `.env`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where the graph is, how to serve, and the limits of the API."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # An external Neo4j (bolt://, neo4j://, neo4j+s://). Unset: start the local one.
    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str = Field(default="", validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")

    # The local (embedded default) Neo4j.
    local_neo4j_port: int = Field(default=7687, validation_alias="CLAUSEGRAPH_NEO4J_PORT")
    local_neo4j_data: Path = Field(default=PROJECT_ROOT / ".neo4j-data", validation_alias="CLAUSEGRAPH_NEO4J_DATA")

    host: str = Field(default="127.0.0.1", validation_alias="HOST")
    port: int = Field(default=8000, validation_alias="PORT")
    # Development mode exposes per-request database round trips in `extensions`.
    dev: bool = Field(default=True, validation_alias="CLAUSEGRAPH_DEV")
    seed_on_start: bool = Field(default=True, validation_alias="CLAUSEGRAPH_SEED")

    max_page_size: int = Field(default=100, validation_alias="CLAUSEGRAPH_MAX_PAGE_SIZE")
    default_page_size: int = Field(default=20, validation_alias="CLAUSEGRAPH_DEFAULT_PAGE_SIZE")
    max_evidence_bytes: int = Field(default=10_000_000, validation_alias="CLAUSEGRAPH_MAX_EVIDENCE_BYTES")
    max_document_bytes: int = Field(default=2_000_000, validation_alias="CLAUSEGRAPH_MAX_DOCUMENT_BYTES")

    # Origins allowed to call the API from a browser (CORS), comma separated; none by default.
    cors_allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="CLAUSEGRAPH_CORS_ORIGINS"
    )

    @field_validator("cors_allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @property
    def uses_local_neo4j(self) -> bool:
        """True when no external server is configured and the project starts its own."""
        return not self.neo4j_uri
