"""Configuration: one Settings class, read from `INNOGRAPH_*` environment variables (or a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

EMBEDDED_DATABASE = "innograph"
NEO4J_DEFAULT_DATABASE = "neo4j"


class Settings(BaseSettings):
    """Every knob InnoGraph reads; unset `neo4j_uri` means a local database InnoGraph runs itself."""

    model_config = SettingsConfigDict(env_prefix="INNOGRAPH_", env_file=".env", extra="ignore")

    backend: Literal["auto", "neo4j", "arcadedb"] = Field(
        "auto", description="auto = the local Neo4j where Java 17+ and its jars are installed, else embedded ArcadeDB"
    )
    neo4j_uri: str | None = Field(None, description="bolt:// or neo4j:// URI of a Neo4j 5 server; unset = local")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = Field(None, description="database name; default 'innograph' embedded, 'neo4j' on Neo4j")

    data_dir: Path = Field(Path("./var"), description="local database files, password, logs, rejects")
    embedded_heap: str = Field("2g", description="JVM heap of the local database server (either backend)")
    embedded_page_cache: str = Field("512m", description="page cache of the local Neo4j")
    neo4j_jars: Path | None = Field(None, description="the local Neo4j's installation; default neo4j/target")
    embedded_bolt_port: int = Field(0, ge=0, le=65535, description="0 = pick a free loopback port")
    embedded_http_port: int = Field(0, ge=0, le=65535, description="0 = pick a free loopback port")
    embedded_start_timeout_s: float = Field(120.0, gt=0)
    embedded_command_timeout_s: float = Field(
        120.0, gt=0, description="server-side backstop: ArcadeDB aborts any one command after this long"
    )

    batch_size: int = Field(2000, ge=1, le=100_000, description="rows per write transaction")
    query_timeout_s: float = Field(30.0, gt=0, description="time limit of one read query")
    query_row_cap: int = Field(10_000, ge=1, description="most rows a saved query returns")
    query_concurrency: int = Field(8, ge=1, description="most database queries the API runs at once")
    report_timeout_s: float = Field(
        120.0, gt=0, description="how long GET /reports/... waits for a report before a 503 (it goes on computing)"
    )
    cypher_path: Annotated[list[Path], NoDecode] = Field(default_factory=list, description="extra directories of saved .cypher queries")

    # --- the API (api/) ---------------------------------------------------------------------
    api_host: str = Field("127.0.0.1", description="address `innograph serve` binds by default")
    api_port: int = Field(8000, ge=1, le=65535, description="port `innograph serve` binds by default")
    auth: bool = Field(True, description="require API keys; off (INNOGRAPH_AUTH=off) only on a loopback bind")
    api_keys_file: Path | None = Field(None, description="hashed API keys; default DATA_DIR/api-keys.json")
    api_warm_caches: bool = Field(
        False, description="fill the chain-gap and collaboration caches in the background when the API starts"
    )
    graphiql: bool = Field(True, description="serve the GraphiQL page at GET /graphql")
    introspection: bool = Field(True, description="allow GraphQL introspection (switch off in production)")
    max_page_size: int = Field(100, ge=1, le=10_000, description="largest `first` a GraphQL connection accepts")
    graphql_max_depth: int = Field(10, ge=1, description="deepest GraphQL selection accepted")
    graphql_max_aliases: int = Field(15, ge=0, description="most aliases in one GraphQL document")
    graphql_max_tokens: int = Field(2000, ge=10, description="most tokens in one GraphQL document")

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
        """True when InnoGraph runs its own database server (local Neo4j or ArcadeDB) instead of connecting
        to one at `neo4j_uri`."""
        return self.neo4j_uri is None

    @property
    def api_keys_path(self) -> Path:
        """Where the hashed API keys are kept."""
        return self.api_keys_file or self.data_dir / "api-keys.json"

    @property
    def database(self) -> str:
        if self.neo4j_database:
            return self.neo4j_database
        return EMBEDDED_DATABASE if self.embedded else NEO4J_DEFAULT_DATABASE


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use (never at import time)."""
    return Settings()
