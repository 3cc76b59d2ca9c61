"""API test fixtures: the fixture graph in the module's database, keys, and a running app per settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.auth import ApiKeyStore, Role
from graph.writer import GraphWriter
from core.settings import Settings
from tests.api import fixtures
from tests.backends import server_settings


@pytest.fixture(scope="module")
def api_graph(graph):
    """The module's database loaded with the fixture graph."""
    GraphWriter(graph.driver, graph.database).write_all(fixtures.build())
    return graph


@pytest.fixture(scope="module")
def api_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api")
    queries = path / "queries"
    queries.mkdir()
    for name, text in fixtures.SAVED_QUERIES.items():
        (queries / f"{name}.cypher").write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def keys(api_dir: Path) -> dict[str, str]:
    store = ApiKeyStore(api_dir / "api-keys.json")
    return {"reader": store.create("reader-test", Role.READER), "admin": store.create("admin-test", Role.ADMIN)}


@pytest.fixture(scope="module")
def settings_for(api_graph, api_dir: Path, keys):
    """Settings pointing at the module's database, with overrides."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = dict(api_keys_file=api_dir / "api-keys.json", cypher_path=[api_dir / "queries"],
                                      query_timeout_s=10.0)
        values.update(overrides)
        return api_graph.settings(**values)

    return make


def settings_of(graph, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for an app on `graph`'s database: loopback without API keys, no extra saved queries."""
    values: dict[str, Any] = {"api_keys_file": data_dir / "api-keys.json", "auth": False, "query_timeout_s": 30.0,
                              **overrides}
    return server_settings(graph.server, graph.database, **values)


@asynccontextmanager
async def running(settings: Settings, client: tuple[str, int] = ("127.0.0.1", 50123)) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """The app with its lifespan run, and an HTTP client talking to it in-process."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=client, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=60) as http:
            yield app, http


class Api:
    """A client for one running app, with the reader key by default."""

    def __init__(self, app: Any, http: httpx.AsyncClient, key: str | None) -> None:
        self.app = app
        self.http = http
        self.key = key

    @property
    def stats(self):
        return self.app.state.services.client.stats

    def headers(self, key: str | None = ...) -> dict[str, str]:  # type: ignore[assignment]
        key = self.key if key is ... else key
        return {"Authorization": f"Bearer {key}"} if key else {}

    async def gql(self, query: str, variables: dict[str, Any] | None = None, *, key: str | None = ...,  # type: ignore[assignment]
                  headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                        headers={**self.headers(key), **(headers or {})})
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self.gql(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]


@pytest.fixture(scope="module")
async def api(settings_for, keys) -> AsyncIterator[Api]:
    async with running(settings_for()) as (app, http):
        yield Api(app, http, keys["reader"])
