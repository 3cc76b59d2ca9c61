"""Configuration: one Settings class, read from `INNOGRAPH_*` environment variables (or a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EMBEDDED_DATABASE = "innograph"
NEO4J_DEFAULT_DATABASE = "neo4j"


class Settings(BaseSettings):
    """Every knob InnoGraph reads; unset `neo4j_uri` means the embedded ArcadeDB default."""

    model_config = SettingsConfigDict(env_prefix="INNOGRAPH_", env_file=".env", extra="ignore")

    neo4j_uri: str | None = Field(None, description="bolt:// or neo4j:// URI of a Neo4j 5 server; unset = embedded")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = Field(None, description="database name; default 'innograph' embedded, 'neo4j' on Neo4j")

    data_dir: Path = Field(Path("./var"), description="embedded database files, password, logs, rejects")
    embedded_heap: str = "2g"
    embedded_bolt_port: int = Field(0, ge=0, le=65535, description="0 = pick a free loopback port")
    embedded_http_port: int = Field(0, ge=0, le=65535, description="0 = pick a free loopback port")
    embedded_start_timeout_s: float = Field(90.0, gt=0)

    batch_size: int = Field(2000, ge=1, le=100_000, description="rows per write transaction")
    query_timeout_s: float = Field(30.0, gt=0, description="time limit of one read query")
    query_row_cap: int = Field(10_000, ge=1, description="most rows a saved query returns")
    query_concurrency: int = Field(8, ge=1, description="most database queries the API runs at once")
    cypher_path: list[Path] = Field(default_factory=list, description="extra directories of saved .cypher queries")

    @field_validator("neo4j_uri")
    @classmethod
    def _blank_uri_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("cypher_path", mode="before")
    @classmethod
    def _split_path_list(cls, value: object) -> object:
        if isinstance(value, str):
            import os

            return [Path(p) for p in value.split(os.pathsep) if p.strip()]
        return value

    @property
    def embedded(self) -> bool:
        """True when InnoGraph runs its own ArcadeDB server instead of connecting to Neo4j."""
        return self.neo4j_uri is None

    @property
    def database(self) -> str:
        if self.neo4j_database:
            return self.neo4j_database
        return EMBEDDED_DATABASE if self.embedded else NEO4J_DEFAULT_DATABASE


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use (never at import time)."""
    return Settings()
