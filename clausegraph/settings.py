"""The one settings object, read once at start-up from the environment (and `.env`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    # Limits on what one request may ask (docs/limits.md lists each with its error code).
    # 16 MB: room for the largest evidence file (10 MB) in base64 inside a JSON body.
    max_request_bytes: int = Field(default=16_000_000, validation_alias="CLAUSEGRAPH_MAX_REQUEST_BYTES")
    max_query_depth: int = Field(default=15, validation_alias="CLAUSEGRAPH_MAX_QUERY_DEPTH")
    max_aliases: int = Field(default=50, validation_alias="CLAUSEGRAPH_MAX_ALIASES")
    max_tokens: int = Field(default=10_000, validation_alias="CLAUSEGRAPH_MAX_TOKENS")
    max_query_cost: int = Field(default=25_000, validation_alias="CLAUSEGRAPH_MAX_QUERY_COST")
    max_string_chars: int = Field(default=10_000, validation_alias="CLAUSEGRAPH_MAX_STRING_CHARS")
    max_search_terms: int = Field(default=32, validation_alias="CLAUSEGRAPH_MAX_SEARCH_TERMS")
    max_subscriptions_per_connection: int = Field(
        default=5, validation_alias="CLAUSEGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION"
    )
    min_poll_seconds: float = Field(default=5.0, validation_alias="CLAUSEGRAPH_MIN_POLL_SECONDS")
    # How long a mutation's first outcome is kept for retries with the same Idempotency-Key, in seconds.
    idempotency_ttl: int = Field(default=86_400, validation_alias="CLAUSEGRAPH_IDEMPOTENCY_TTL")

    @property
    def uses_local_neo4j(self) -> bool:
        """True when no external server is configured and the project starts its own."""
        return not self.neo4j_uri
