"""The one settings object, read once at start-up from the environment (and `.env`)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.database import DriverLimits

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

    # Faults (docs/faults.md): how long to wait on Neo4j, and how the local one is kept running. Seconds.
    db_acquire_timeout: float = Field(default=5.0, gt=0, validation_alias="CLAUSEGRAPH_DB_ACQUIRE_TIMEOUT")
    db_connect_timeout: float = Field(default=3.0, gt=0, validation_alias="CLAUSEGRAPH_DB_CONNECT_TIMEOUT")
    db_tx_timeout: float = Field(default=10.0, gt=0, validation_alias="CLAUSEGRAPH_DB_TX_TIMEOUT")
    db_retry_time: float = Field(default=3.0, ge=0, validation_alias="CLAUSEGRAPH_DB_RETRY_TIME")
    db_pool_size: int = Field(default=50, ge=1, validation_alias="CLAUSEGRAPH_DB_POOL_SIZE")
    db_start_timeout: float = Field(default=60.0, ge=0, validation_alias="CLAUSEGRAPH_DB_START_TIMEOUT")
    ready_timeout: float = Field(default=2.0, gt=0, validation_alias="CLAUSEGRAPH_READY_TIMEOUT")
    local_neo4j_startup_timeout: float = Field(
        default=300.0, gt=0, validation_alias="CLAUSEGRAPH_NEO4J_STARTUP_TIMEOUT"
    )
    neo4j_watch_interval: float = Field(default=0.5, gt=0, validation_alias="CLAUSEGRAPH_NEO4J_WATCH_INTERVAL")
    neo4j_restart_backoff: float = Field(default=0.5, ge=0, validation_alias="CLAUSEGRAPH_NEO4J_RESTART_BACKOFF")
    neo4j_restart_max_backoff: float = Field(
        default=60.0, ge=0, validation_alias="CLAUSEGRAPH_NEO4J_RESTART_MAX_BACKOFF"
    )

    host: str = Field(default="127.0.0.1", validation_alias="HOST")
    port: int = Field(default=8000, validation_alias="PORT")
    # Development mode exposes per-request database round trips in `extensions`.
    dev: bool = Field(default=True, validation_alias="CLAUSEGRAPH_DEV")
    seed_on_start: bool = Field(default=True, validation_alias="CLAUSEGRAPH_SEED")
    # Where clients reach the service; absolute links (a bundle's exportUrls) are built from it.
    public_base_url: str = Field(default="http://127.0.0.1:8000", validation_alias="CLAUSEGRAPH_PUBLIC_BASE_URL")
    # Log lines as readable text or as one JSON object per line (with request id and principal).
    log_format: Literal["text", "json"] = Field(default="text", validation_alias="CLAUSEGRAPH_LOG_FORMAT")

    max_page_size: int = Field(default=100, validation_alias="CLAUSEGRAPH_MAX_PAGE_SIZE")
    default_page_size: int = Field(default=20, validation_alias="CLAUSEGRAPH_DEFAULT_PAGE_SIZE")
    max_evidence_bytes: int = Field(default=10_000_000, validation_alias="CLAUSEGRAPH_MAX_EVIDENCE_BYTES")
    max_document_bytes: int = Field(default=2_000_000, validation_alias="CLAUSEGRAPH_MAX_DOCUMENT_BYTES")

    # The record (docs/record.md): how far past the server's clock an event may lie (FUTURE_EVENT), and how long
    # after its `at` an event may be recorded before it counts as a late entry. Seconds.
    clock_skew_seconds: int = Field(default=300, ge=0, validation_alias="CLAUSEGRAPH_CLOCK_SKEW_SECONDS")
    late_entry_seconds: int = Field(default=3600, ge=0, validation_alias="CLAUSEGRAPH_LATE_ENTRY_SECONDS")

    @property
    def clock_skew(self) -> timedelta:
        """`clock_skew_seconds` as a duration."""
        return timedelta(seconds=self.clock_skew_seconds)

    @property
    def late_entry_allowance(self) -> timedelta:
        """`late_entry_seconds` as a duration."""
        return timedelta(seconds=self.late_entry_seconds)

    # The deployment's Ed25519 signing key for sealed bundles: created on first start, owner-only.
    signing_key_file: Path = Field(
        default=PROJECT_ROOT / ".clausegraph" / "signing-key.pem", validation_alias="CLAUSEGRAPH_SIGNING_KEY_FILE"
    )

    # Authentication (docs/access.md). A bootstrap key is accepted as ADMIN and never stored.
    bootstrap_admin_key: SecretStr | None = Field(default=None, validation_alias="CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY")
    # Development mode: a local admin key created on first start, kept in this owner-only file.
    dev_key_file: Path = Field(
        default=PROJECT_ROOT / ".clausegraph" / "dev-admin-key", validation_alias="CLAUSEGRAPH_DEV_KEY_FILE"
    )
    # JWT bearer tokens: signature, `iss`, `aud`, `exp` and `nbf` are checked (PyJWT).
    jwt_issuer: str | None = Field(default=None, validation_alias="CLAUSEGRAPH_JWT_ISSUER")
    jwt_audience: str | None = Field(default=None, validation_alias="CLAUSEGRAPH_JWT_AUDIENCE")
    jwt_public_key: str | None = Field(default=None, validation_alias="CLAUSEGRAPH_JWT_PUBLIC_KEY")  # PEM or a path
    jwt_jwks_url: str | None = Field(default=None, validation_alias="CLAUSEGRAPH_JWT_JWKS_URL")
    jwt_algorithms: str = Field(default="RS256,ES256,EdDSA", validation_alias="CLAUSEGRAPH_JWT_ALGORITHMS")
    jwt_leeway_seconds: int = Field(default=30, validation_alias="CLAUSEGRAPH_JWT_LEEWAY_SECONDS")
    jwt_role_claim: str = Field(default="clausegraph_role", validation_alias="CLAUSEGRAPH_JWT_ROLE_CLAIM")
    jwt_party_claim: str = Field(default="clausegraph_party", validation_alias="CLAUSEGRAPH_JWT_PARTY_CLAIM")
    jwt_person_claim: str = Field(default="clausegraph_person", validation_alias="CLAUSEGRAPH_JWT_PERSON_CLAIM")
    jwt_disputes_claim: str = Field(default="clausegraph_disputes", validation_alias="CLAUSEGRAPH_JWT_DISPUTES_CLAIM")

    @property
    def jwt_enabled(self) -> bool:
        return bool(self.jwt_issuer and self.jwt_audience and (self.jwt_public_key or self.jwt_jwks_url))

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
    def driver_limits(self) -> DriverLimits:
        """The driver's timeouts and pool, from the fault settings."""
        return DriverLimits(
            acquire_timeout=self.db_acquire_timeout,
            connect_timeout=self.db_connect_timeout,
            tx_timeout=self.db_tx_timeout,
            retry_time=self.db_retry_time,
            pool_size=self.db_pool_size,
        )

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
