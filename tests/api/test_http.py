"""Auth (401/403, revocation, the local demo mode), health and readiness, GraphiQL and introspection
switches, saved queries over REST and GraphQL, and the exported schema."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from api.auth import ApiKeyStore, Role
from api.graphql.schema import sdl
from tests.api.conftest import Api, running

pytestmark = pytest.mark.asyncio(loop_scope="session")

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


async def test_health_and_ready(api):
    assert (await api.http.get("/health")).json() == {"status": "ok"}
    ready = await api.http.get("/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


async def test_the_root_address_opens_the_web_page(api):
    # a planner types the server's address: GET / must not be a 404 (no key needed, as for /ui)
    for path in ("/", "/ui"):
        response = await api.http.get(path, follow_redirects=False)
        assert response.status_code in (307, 308), (path, response.status_code)
        assert response.headers["location"] == "/ui/"


async def test_graphql_needs_a_key(api):
    for headers in ({}, {"Authorization": "Bearer ig_not-a-real-key"}, {"X-API-Key": "nope"}):
        response = await api.http.post("/graphql", json={"query": "{ chains { id } }"}, headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["error"]["code"] == "UNAUTHENTICATED"
        assert response.headers["www-authenticate"] == "Bearer"
    ok = await api.http.post("/graphql", json={"query": "{ chains { id } }"}, headers={"X-API-Key": api.key})
    assert ok.status_code == 200 and "errors" not in ok.json()


async def test_rest_roles(api, keys):
    assert (await api.http.get("/queries")).status_code == 401
    assert (await api.http.get("/queries", headers=api.headers())).status_code == 200
    forbidden = await api.http.get("/admin/api-keys", headers=api.headers())
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "FORBIDDEN"
    listed = await api.http.get("/admin/api-keys", headers=api.headers(keys["admin"]))
    assert listed.status_code == 200
    assert {(k["name"], k["role"]) for k in listed.json()} >= {("reader-test", "reader"), ("admin-test", "admin")}
    assert "sha256" not in listed.text and keys["reader"] not in listed.text


async def test_graphql_admin_field_is_forbidden_to_readers(api, keys):
    body = await api.gql("{ apiKeys { name role } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = await api.gql("{ apiKeys { name role } }", key=keys["admin"])
    assert "errors" not in admin and {"name": "reader-test", "role": "reader"} in admin["data"]["apiKeys"]


async def test_revoked_key_stops_working_without_restart(api, api_dir):
    store = ApiKeyStore(api_dir / "api-keys.json")
    key = store.create("short-lived", Role.READER)
    assert (await api.gql("{ chains { id } }", key=key))["data"]["chains"]
    store.revoke("short-lived")
    response = await api.http.post("/graphql", json={"query": "{ chains { id } }"}, headers=api.headers(key))
    assert response.status_code == 401


async def test_key_file_is_private(api_dir, keys):
    path = api_dir / "api-keys.json"
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text()
    assert keys["reader"] not in text and keys["admin"] not in text


async def test_auth_off_serves_loopback_only(settings_for):
    async with running(settings_for(auth=False)) as (app, http):
        local = await http.post("/graphql", json={"query": "{ chains { id } }"})
        assert local.status_code == 200 and "errors" not in local.json()
        assert (await http.get("/admin/api-keys")).status_code == 403  # the demo user is a reader
    async with running(settings_for(auth=False), client=("10.1.2.3", 40000)) as (app, http):
        remote = await http.post("/graphql", json={"query": "{ chains { id } }"})
        assert remote.status_code == 403 and "only local clients" in remote.json()["error"]["message"]


async def test_graphiql_and_introspection_switches(api, settings_for, keys):
    page = await api.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert "errors" not in await api.gql("{ __schema { queryType { name } } }")
    async with running(settings_for(graphiql=False, introspection=False)) as (app, http):
        closed = Api(app, http, keys["reader"])
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code != 200 or "graphiql" not in page.text.lower()
        body = await closed.gql("{ __schema { queryType { name } } }")
        assert "introspection" in body["errors"][0]["message"].lower()
        assert "errors" not in await closed.gql("{ chains { id } }")


async def test_saved_queries_rest(api):
    listed = (await api.http.get("/queries", headers=api.headers())).json()
    mine = next(q for q in listed["queries"] if q["name"] == "api_test_orgs")
    # a file that breaks a rule is skipped, with its warning, as `innograph query list` shows it
    assert not any(q["name"] == "api_test_unbounded" for q in listed["queries"])
    [skipped] = listed["skipped"]
    assert skipped["file"].endswith("api_test_unbounded.cypher")
    assert "variable-length relationship without an upper bound" in skipped["problem"]
    assert "line 5, column 25" in skipped["problem"]
    missing = await api.http.post("/queries/api_test_unbounded", json={}, headers=api.headers())
    assert missing.status_code == 404 and "was not loaded" in missing.json()["error"]["message"]
    assert "upper bound" in missing.json()["error"]["message"]
    assert [p["name"] for p in mine["params"]] == ["kind", "limit"]
    assert mine["params"][0]["default"] == "firm"
    ran = await api.http.post("/queries/api_test_orgs", json={"kind": "university"}, headers=api.headers())
    assert ran.status_code == 200, ran.text
    body = ran.json()
    assert body["columns"] == ["id", "name", "kind"]
    assert sorted(r["name"] for r in body["rows"]) == ["东南大学", "南京大学"]
    assert body["truncated"] is False
    as_csv = await api.http.post("/queries/api_test_orgs?format=csv", json={"kind": "university", "limit": 1},
                                 headers=api.headers())
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = as_csv.text.strip().splitlines()
    assert lines[0] == "id,name,kind" and len(lines) == 2
    accept = await api.http.post("/queries/api_test_orgs", json={}, headers={**api.headers(), "Accept": "text/csv"})
    assert accept.text.splitlines()[0] == "id,name,kind" and len(accept.text.strip().splitlines()) == 6


async def test_saved_query_errors(api):
    unknown = await api.http.post("/queries/api_test_orgz", json={}, headers=api.headers())
    assert unknown.status_code == 404 and "api_test_orgs" in unknown.json()["error"]["message"]  # suggestion
    bad = await api.http.post("/queries/api_test_orgs", json={"kind": "club"}, headers=api.headers())
    assert bad.status_code == 400 and "kind" in bad.json()["error"]["message"]
    extra = await api.http.post("/queries/api_test_orgs", json={"limit": 1000}, headers=api.headers())
    assert extra.status_code == 400
    fmt = await api.http.post("/queries/api_test_orgs?format=xml", json={}, headers=api.headers())
    assert fmt.status_code == 400


async def test_saved_queries_graphql(api):
    data = await api.data("{ savedQueries { name params { name type required default } } skippedSavedQueries { file problem } }")
    assert any(q["name"] == "api_test_orgs" for q in data["savedQueries"])
    assert not any(q["name"] == "api_test_unbounded" for q in data["savedQueries"])
    [skipped] = data["skippedSavedQueries"]
    assert skipped["file"].endswith("api_test_unbounded.cypher") and "upper bound" in skipped["problem"]
    ran = await api.data("""query($p: JSON) { runSavedQuery(name: "api_test_orgs", params: $p) {
        columns rows rowCount truncated rowCap } }""", {"p": {"kind": "university", "limit": 1}})
    result = ran["runSavedQuery"]
    assert result["columns"] == ["id", "name", "kind"] and result["rowCount"] == 1 and len(result["rows"]) == 1
    bad = await api.gql('{ runSavedQuery(name: "nope", params: {}) { rowCount } }')
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_saved_query_deadline(settings_for, keys):
    async with running(settings_for(query_timeout_s=0.25)) as (app, http):
        api = Api(app, http, keys["reader"])
        started = time.perf_counter()
        response = await http.post("/queries/api_test_slow", json={}, headers=api.headers())
        assert time.perf_counter() - started < 2
        assert response.status_code == 504, response.text
        assert response.json()["error"]["code"] == "QUERY_TIMEOUT"


async def test_exported_schema_matches_the_code():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "api/schema.graphql is stale: run `innograph serve --export-schema api/schema.graphql`"
    )
