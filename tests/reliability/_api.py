"""The API over HTTP against the embedded database, for the fuzz tests (a plain module, not a conftest).

`api_client` is a module-scoped fixture: import it into a test module to use it. It loads the API
tests' hand-made Jiangsu graph into the module's database, creates a reader and an admin key with
`ApiKeyStore` in a temporary directory, and serves `create_app(settings)` through Starlette's
`TestClient` (lifespan run, requests in its own event loop thread), so hypothesis tests can stay
synchronous.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import ApiKeyStore, Role
from graph.writer import GraphWriter
from core.settings import Settings
from tests.api import fixtures
from tests.reliability._fuzz import leaks

USER_QUERY = fixtures.SAVED_QUERIES["api_test_orgs"]


@dataclass
class FuzzClient:
    http: TestClient
    reader: str
    admin: str
    settings: Settings

    def headers(self, who: str | None) -> dict[str, str]:
        key = {"reader": self.reader, "admin": self.admin}.get(who or "", who)
        return {"Authorization": f"Bearer {key}"} if key else {}

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(method, url, **kwargs)

    def gql(self, query: str, variables: Any = None, who: str | None = "reader", **extra: Any) -> httpx.Response:
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        payload.update(extra)
        return self.http.post("/graphql", json=payload, headers=self.headers(who))


def make_settings(graph: Any, directory: Path, **overrides: Any) -> Settings:  # graph: tests.conftest.GraphFixture
    values: dict[str, Any] = dict(api_keys_file=directory / "api-keys.json", cypher_path=[directory / "queries"],
                                  query_timeout_s=5.0)
    values.update(overrides)
    return graph.settings(**values)


@pytest.fixture(scope="module")
def api_client(graph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzClient]:  # type: ignore[no-untyped-def]
    GraphWriter(graph.driver, graph.database).write_all(fixtures.build())
    directory = tmp_path_factory.mktemp("fuzz-api")
    (directory / "queries").mkdir()
    (directory / "queries" / "api_test_orgs.cypher").write_text(USER_QUERY, encoding="utf-8")
    store = ApiKeyStore(directory / "api-keys.json")
    reader, admin = store.create("fuzz-reader", Role.READER), store.create("fuzz-admin", Role.ADMIN)
    settings = make_settings(graph, directory)
    with TestClient(create_app(settings), raise_server_exceptions=False, client=("203.0.113.9", 40000)) as http:
        yield FuzzClient(http, reader, admin, settings)


def assert_sound(response: httpx.Response, sent: str = "") -> None:
    """No 5xx, and nothing internal in the body (markers that the request itself contained excepted)."""
    body = response.text
    assert response.status_code < 500, (response.status_code, body[:500])
    found = [m for m in leaks(body) if m not in sent]
    assert not found, (found, body[:800])
    assert response.headers.get("x-request-id")


def json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except json.JSONDecodeError:
        raise AssertionError(f"not JSON ({response.status_code}): {response.text[:300]}") from None
