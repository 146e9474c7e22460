"""The one settings object, read once at start-up from the environment (and `.env`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    max_page_size: int = Field(default=100, validation_alias="CLAUSEGRAPH_MAX_PAGE_SIZE")
    default_page_size: int = Field(default=20, validation_alias="CLAUSEGRAPH_DEFAULT_PAGE_SIZE")
    max_evidence_bytes: int = Field(default=10_000_000, validation_alias="CLAUSEGRAPH_MAX_EVIDENCE_BYTES")
    max_document_bytes: int = Field(default=2_000_000, validation_alias="CLAUSEGRAPH_MAX_DOCUMENT_BYTES")

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

    @property
    def uses_local_neo4j(self) -> bool:
        """True when no external server is configured and the project starts its own."""
        return not self.neo4j_uri
