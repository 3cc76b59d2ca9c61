"""The REST endpoints (driven by the app's own OpenAPI document) and the GraphQL endpoint under generated
bad input, over HTTP against the embedded database.

What must hold for every request: no 5xx, no internal detail in the body (stack traces, source paths,
Cypher, driver or database error classes), a request id; without a valid key every data endpoint
answers 401; documented limits (depth, aliases, tokens, page size) are enforced with a clear error.
"""

from __future__ import annotations

import json
import re
import string
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import strategies as st

from api.app import create_app
from cypher.saved import SavedQueryCatalog
from tests.api import fixtures as fx
from tests.reliability._api import FuzzClient, api_client, assert_sound, json_body  # noqa: F401 - fixture
from tests.reliability._fuzz import fuzz

PUBLIC = {("GET", "/health"), ("GET", "/ready")}
ERROR_CODES = {"BAD_REQUEST", "NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN", "QUERY_TIMEOUT", "DATABASE_UNAVAILABLE"}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    from core.settings import Settings

    spec = create_app(Settings(_env_file=None)).openapi()
    return [(method.upper(), path, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


OPERATIONS = _operations()
QUERY_NAMES = sorted({q.name for q in SavedQueryCatalog.load()} | {"api_test_orgs"})
PARAM_NAMES = sorted({p.name for q in SavedQueryCatalog.load() for p in q.params} | {"kind", "limit"})

json_junk = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
header_text = st.text(alphabet=string.printable.strip("\r\n\x0b\x0c"), max_size=60)
REPORT_CHAIN = fx.CHAIN_ID  # the fixture chain's id: the report route answers 200 for it
REPORT_QUERY = {"region": "CN-JS", "lang": "en"}
who = st.sampled_from([None, "reader", "admin", "ig_not-a-real-key", "Bearer", "", "ig_" + "A" * 43])


def test_the_openapi_document_lists_the_rest_endpoints() -> None:
    paths = {(m, p) for m, p, _ in OPERATIONS}
    assert {("GET", "/health"), ("GET", "/ready"), ("GET", "/queries"), ("POST", "/queries/{name}"),
            ("GET", "/admin/api-keys"), ("GET", "/reports/chain/{chain}"), ("POST", "/graphql")} <= paths


# --- REST, from the OpenAPI document -----------------------------------------------------------------


@st.composite
def rest_requests(draw: st.DrawFn) -> dict[str, Any]:
    method, path, op = draw(st.sampled_from([o for o in OPERATIONS if o[1] != "/graphql"]))
    url = path
    for parameter in op.get("parameters", []):
        if parameter["in"] == "path" and parameter["name"] == "chain":  # /reports/chain/{chain}: a real chain too
            value = draw(st.one_of(st.just(REPORT_CHAIN), st.text(max_size=40), st.just("../../etc/passwd")))
            url = url.replace("{chain}", quote(value, safe="") or "x")
        elif parameter["in"] == "path":
            value = draw(st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=40), st.just("../../etc/passwd")))
            url = url.replace("{" + parameter["name"] + "}", quote(value, safe="") or "x")
    query: dict[str, str] = dict(REPORT_QUERY) if path.startswith("/reports/") and draw(st.booleans()) else {}
    for parameter in op.get("parameters", []):
        if parameter["in"] == "query" and draw(st.booleans()):
            query[parameter["name"]] = draw(st.one_of(st.sampled_from(["json", "csv", "", "xml"]), st.text(max_size=20)))
    headers = {}
    key = draw(who)
    if key is not None:
        headers["Authorization"] = f"Bearer {key}" if key not in ("Bearer",) else "Bearer"
    if draw(st.booleans()):
        headers["Accept"] = draw(st.sampled_from(["text/csv", "application/json", "*/*", "text/html", "x/y;;"]))
    if draw(st.integers(0, 4)) == 0:
        headers["X-Request-ID"] = draw(header_text)
    if draw(st.integers(0, 4)) == 0:
        headers["X-API-Key"] = draw(header_text)
    content: bytes | None = None
    if "requestBody" in op:
        body = draw(st.one_of(
            st.none(),
            st.dictionaries(st.sampled_from(PARAM_NAMES), json_junk, max_size=4),
            st.dictionaries(st.sampled_from(PARAM_NAMES), st.one_of(st.integers(-10**6, 10**6), st.text(max_size=12),
                                                                    st.lists(st.text(max_size=5), max_size=3)),
                            max_size=3),
            json_junk,
        ))
        if draw(st.integers(0, 5)) == 0:
            content = draw(st.sampled_from([b"{", b"\xff\xfe", b"[1,2", b'{"a": NaN}', b"null", b"{}" * 1000]))
        else:
            content = json.dumps(body).encode()
        headers["Content-Type"] = draw(st.sampled_from(["application/json", "application/json", "text/plain",
                                                        "application/x-www-form-urlencoded"]))
    return {"method": method, "url": url, "params": query, "headers": headers, "content": content, "key": key,
            "template": path}


def _rest(api_client: FuzzClient, request: dict[str, Any]) -> None:  # noqa: F811
    key = request.pop("key")
    template = request.pop("template")
    if key in ("reader", "admin"):
        request["headers"]["Authorization"] = api_client.headers(key)["Authorization"]
    response = api_client.request(**request)
    assert_sound(response, sent=json.dumps(request, default=str))
    path = request["url"].split("?")[0]
    public = (request["method"], template) in PUBLIC
    routed = not (response.status_code == 404 and json_body(response) == {"detail": "Not Found"})
    if not routed:  # a path parameter with '/' or '..' in it matches no route: the router's plain 404
        assert template in ("/queries/{name}", "/reports/chain/{chain}")
    if not public and routed and key not in ("reader", "admin"):
        if response.status_code == 422:
            # FastAPI decodes a JSON body before any dependency runs, so malformed JSON is answered 422
            # (naming only the caller's own syntax error) before the key is checked; anything else is 401
            assert json_body(response)["detail"][0]["type"] == "json_invalid", response.text[:300]
        else:
            assert response.status_code == 401, (request, response.status_code, response.text[:300])
            assert response.headers.get("www-authenticate") == "Bearer"
    if response.status_code >= 400 and response.status_code != 422 and routed:
        error = json_body(response)["error"]
        assert error["code"] in ERROR_CODES and error["message"] and error["requestId"]
    if response.status_code == 422:  # FastAPI's own validation answer: locations, no internals
        assert "/queries/" in path
        assert isinstance(json_body(response)["detail"], list)
    if path == "/admin/api-keys" and key == "reader":
        assert response.status_code == 403
    if path == "/admin/api-keys" and response.status_code == 200:
        listed = json_body(response)
        assert {k["name"] for k in listed} == {"fuzz-reader", "fuzz-admin"}
        assert api_client.reader not in response.text and api_client.admin not in response.text  # never the keys
    if response.status_code == 200 and response.headers["content-type"].startswith("application/json"):
        json_body(response)


test_rest_endpoints_from_openapi, test_rest_endpoints_from_openapi_slow = fuzz(
    rest_requests(), fast=120, slow=2000,
)(_rest)


def _rest_unknown_paths(api_client: FuzzClient, method: str, path: str) -> None:  # noqa: F811
    response = api_client.request(method, "/" + quote(path, safe="/"), headers=api_client.headers("reader"))
    assert_sound(response, sent=path)


test_unknown_paths_and_methods, test_unknown_paths_and_methods_slow = fuzz(
    st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]), st.text(max_size=40),
    fast=40, slow=500,
)(_rest_unknown_paths)


def test_every_saved_query_with_junk_parameters_is_a_clear_4xx(api_client: FuzzClient) -> None:  # noqa: F811
    junk_params = [{"limit": "ten"}, {"limit": -1}, {"limit": 10**12}, {"nope": 1}, {"region": ["a"] * 1000},
                   {"limit": {"$gt": 1}}, {"year": "2020-13-45"}, {"segment_id": "x" * 100_000}]
    for name in QUERY_NAMES:
        for params in junk_params:
            response = api_client.request("POST", f"/queries/{name}", json=params, headers=api_client.headers("reader"))
            assert_sound(response)
            if response.status_code >= 400:
                assert json_body(response)["error"]["code"] in ERROR_CODES


def test_auth_is_enforced_on_every_non_public_operation(api_client: FuzzClient) -> None:  # noqa: F811
    for method, path, _ in OPERATIONS:
        if (method, path) in PUBLIC or (method, path) == ("GET", "/graphql"):
            continue
        url = path.replace("{name}", "api_test_orgs")
        if path == "/reports/chain/{chain}":
            url = path.replace("{chain}", REPORT_CHAIN) + "?region=CN-JS&lang=en"
        body = {"query": "{ chains { id } }"} if path == "/graphql" else {}
        for headers in ({}, {"Authorization": "Bearer ig_wrong"}, {"Authorization": "Basic Zm9vOmJhcg=="},
                        {"X-API-Key": "wrong"}, {"Authorization": "Bearer " + api_client.reader[:-1]}):
            response = api_client.request(method, url, json=body, headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
            assert_sound(response)
        ok = api_client.request(method, url, json=body, headers=api_client.headers("admin"))
        assert ok.status_code == 200, (method, path, ok.text[:300])
    # GET /graphql with a query is a query, and needs a key too
    response = api_client.request("GET", "/graphql", params={"query": "{ chains { id } }"})
    assert response.status_code == 401


# --- GraphQL ----------------------------------------------------------------------------------------


def _errors(response: Any) -> str:
    body = json_body(response)
    return " | ".join(e.get("message", "") for e in body.get("errors") or [])


def _gql_sound(api_client: FuzzClient, query: str, variables: Any = None) -> Any:  # noqa: F811
    response = api_client.gql(query, variables)
    assert_sound(response, sent=query + json.dumps(variables, default=str))
    assert response.status_code in (200, 400), (response.status_code, response.text[:300])
    body = json_body(response)
    for error in body.get("errors") or []:
        assert error.get("message")
        code = (error.get("extensions") or {}).get("code")
        assert code != "INTERNAL", (query, error)
    return body


NESTING = "applicants {{ patents(first: 1) {{ edges {{ node {{ {} }} }} }} }}"


def _depth(api_client: FuzzClient, levels: int) -> None:  # noqa: F811
    inner = "id"
    for _ in range(levels):
        inner = NESTING.format(inner)
    body = _gql_sound(api_client, f'{{ patent(id: "{fx.pid(0)}") {{ {inner} }} }}')
    depth = 1 + 4 * levels + 1  # patent, then four fields a level, then id
    limit = api_client.settings.graphql_max_depth
    messages = " | ".join(e["message"] for e in body.get("errors") or [])
    if depth > limit:
        # the depth limiter, or before it graphql-core's parser (nesting) or the token limit
        assert body.get("data") is None
        assert any(m in messages for m in ("exceeds maximum operation depth", "nested too deeply", "tokens")), messages
    else:
        assert not messages, messages


test_graphql_depth, test_graphql_depth_slow = fuzz(st.integers(0, 60), fast=25, slow=200)(_depth)


def _aliases(api_client: FuzzClient, count: int, field: str) -> None:  # noqa: F811
    names = [f"a{n}" for n in range(count)]
    body = _gql_sound(api_client, "{ " + " ".join(f"{a}: {field}" for a in names) + " }")
    messages = " | ".join(e["message"] for e in body.get("errors") or [])
    if count > api_client.settings.graphql_max_aliases:
        assert body.get("data") is None and ("aliases" in messages.lower() or "tokens" in messages), messages
    elif count:
        assert not messages, messages


test_graphql_aliases, test_graphql_aliases_slow = fuzz(
    st.integers(0, 400), st.sampled_from(["chains { id }", "__typename", "patents(first: 1) { totalCount }"]),
    fast=25, slow=200,
)(_aliases)


def _page_sizes(api_client: FuzzClient, connection: str, first: int, as_variable: bool) -> None:  # noqa: F811
    if as_variable:
        body = _gql_sound(api_client, f"query($n: Int) {{ {connection}(first: $n) {{ totalCount pageInfo {{ hasNextPage }} }} }}",
                          {"n": first})
    else:
        body = _gql_sound(api_client, f"{{ {connection}(first: {first}) {{ totalCount }} }}")
    messages = " | ".join(e["message"] for e in body.get("errors") or [])
    if not -(2**31) <= first < 2**31:
        assert "32-bit" in messages or "Int cannot represent" in messages, messages
    elif not 0 <= first <= api_client.settings.max_page_size:
        assert f"first must be between 0 and {api_client.settings.max_page_size}" in messages, messages
    else:
        assert not messages, messages


test_graphql_page_sizes, test_graphql_page_sizes_slow = fuzz(
    st.sampled_from(["patents", "organizations", "policies", "measures", "targets"]),
    st.one_of(st.integers(-5, 200), st.sampled_from([10**6, 10**9, 2**31, -(2**31) - 1, 10**30]),
              st.integers(-(2**40), 2**40)),
    st.booleans(), fast=40, slow=400,
)(_page_sizes)


def test_graphql_fragment_cycles_and_self_spreads(api_client: FuzzClient) -> None:  # noqa: F811
    cases = [
        "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
        "fragment A on Query { chains { id } ...A } { ...A }",
        "fragment A on Patent { applicants { patents { edges { node { ...A } } } } } "
        f'{{ patent(id: "{fx.pid(0)}") {{ ...A }} }}',
        "{ ...Missing }",
        "fragment A on Nope { id } { ...A }",
        "{ ... on Query { ... on Query { ... on Query { chains { id } } } } }",
    ]
    for query in cases:
        body = _gql_sound(api_client, query)
        if "Missing" in query or "Nope" in query or "...A" in query:
            assert body.get("errors"), query
    cyclic = _gql_sound(api_client, cases[0])
    assert "cannot spread fragment" in _errors_of(cyclic).lower()


def _errors_of(body: Any) -> str:
    return " | ".join(e["message"] for e in body.get("errors") or [])


VARIABLE_QUERIES = [
    ("query($id: ID!) { patent(id: $id) { id title } }", "id"),
    ("query($n: Int) { patents(first: $n) { totalCount } }", "n"),
    ("query($t: String!) { search(text: $t, first: 5) { kind name } }", "t"),
    ("query($f: PatentFilterInput) { patents(filter: $f, first: 2) { totalCount } }", "f"),
    ("query($name: String!, $p: JSON) { runSavedQuery(name: $name, params: $p) { rowCount } }", "p"),
    ("query($c: ID!) { chain(id: $c) { id } }", "c"),
    ("query($a: String) { patents(after: $a, first: 1) { totalCount } }", "a"),
    ("query($ids: [ID!]) { consortiumCandidates(chainId: \"x\", mustInclude: $ids) { score } }", "ids"),
]
unicode_junk = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
variable_values = st.one_of(
    json_junk, unicode_junk, st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
    st.just("x" * 200_000), st.just("\u202e\u0000\ufeff" * 100), st.just({"type": ["invention"] * 1000}),
    st.dictionaries(st.sampled_from(["type", "year", "yearFrom", "yearTo", "region", "text", "ipc", "nope"]), json_junk,
                    max_size=4),
)


def _variables(api_client: FuzzClient, case: tuple[str, str], value: Any, extra: dict[str, Any]) -> None:  # noqa: F811
    query, name = case
    variables = {name: value, **extra}
    if "runSavedQuery" in query:
        variables["name"] = "api_test_orgs"
    _gql_sound(api_client, query, variables)


test_graphql_invalid_variables, test_graphql_invalid_variables_slow = fuzz(
    st.sampled_from(VARIABLE_QUERIES), variable_values,
    st.dictionaries(st.text(max_size=10), json_junk, max_size=2), fast=120, slow=2000,
)(_variables)


identifier = st.from_regex(r"\A[_A-Za-z][_0-9A-Za-z]{0,20}\Z")


def _unknown_fields(api_client: FuzzClient, top: str, nested: str) -> None:  # noqa: F811
    body = _gql_sound(api_client, f"{{ {top} }}")
    if top not in ("chains", "savedQueries", "apiKeys", "__typename", "__schema", "__type"):
        assert body.get("errors")
    body = _gql_sound(api_client, f"{{ chains {{ id {nested} }} }}")


test_graphql_unknown_fields, test_graphql_unknown_fields_slow = fuzz(identifier, identifier, fast=40, slow=500)(
    _unknown_fields)


graphql_tokens = st.sampled_from(["{", "}", "(", ")", "[", "]", ":", "$", "...", "@", "!", "=", "|", "&", "query",
                                  "mutation", "subscription", "fragment", "on", "patents", "first", "chains", "id",
                                  "edges", "node", '"x"', '"""', "1", "-1", "1e400", "null", "true", "__schema",
                                  "\u0000", "\ufeff", "#", "\n", "@include(if: true)", "@skip(if: $x)", "$x: Int"])
query_text = st.one_of(
    st.text(max_size=300),
    st.lists(graphql_tokens, max_size=60).map(" ".join),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


def _random_documents(api_client: FuzzClient, query: str, operation: Any) -> None:  # noqa: F811
    response = api_client.gql(query, None, operationName=operation)
    assert_sound(response, sent=query + str(operation))
    assert response.status_code in (200, 400, 405), (response.status_code, response.text[:300])
    response = api_client.request("GET", "/graphql", params={"query": query}, headers=api_client.headers("reader"))
    assert_sound(response, sent=query)


test_graphql_random_documents, test_graphql_random_documents_slow = fuzz(
    query_text, st.one_of(st.none(), st.text(max_size=10), st.integers()), fast=120, slow=3000,
)(_random_documents)


def test_graphql_malformed_http_bodies(api_client: FuzzClient) -> None:  # noqa: F811
    headers = {**api_client.headers("reader"), "Content-Type": "application/json"}
    for content in [b"", b"{", b"[]", b"null", b"123", b'{"query": 5}', b'{"query": null}', b'{"query": ["a"]}',
                    b'{"query": "{ chains { id } }", "variables": "nope"}',
                    b'{"query": "{ chains { id } }", "variables": [1]}', b"\xff\xfe\x00",
                    b'{"query": "{ chains { id } }", "extensions": {"persistedQuery": {"sha256Hash": "x"}}}',
                    json.dumps([{"query": "{ chains { id } }"}] * 50).encode()]:
        response = api_client.request("POST", "/graphql", content=content, headers=headers)
        assert_sound(response, sent=content.decode("latin-1"))
        assert response.status_code in (200, 400, 415, 422), (content, response.status_code, response.text[:200])
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]:
        response = api_client.request("POST", "/graphql", content=b"query={chains{id}}",
                                      headers={**api_client.headers("reader"), "Content-Type": content_type})
        assert_sound(response)
    mutation = api_client.gql("mutation { x }")
    assert_sound(mutation)
    subscription = api_client.gql("subscription { x }")
    assert_sound(subscription)


def test_graphql_token_limit_holds_for_huge_documents(api_client: FuzzClient) -> None:  # noqa: F811
    for size in (3_000, 50_000):
        response = api_client.gql("{ chains { " + " ".join(["id"] * size) + " } }")
        assert_sound(response)
        assert "token" in _errors(response).lower()
    huge_string = api_client.gql('{ search(text: "' + "长" * 1_000_000 + '", first: 5) { name } }')
    assert_sound(huge_string)


def test_graphql_errors_name_no_internals_when_the_request_is_fine_but_odd(api_client: FuzzClient) -> None:  # noqa: F811
    odd = [
        '{ patent(id: "") { id } }', '{ patent(id: "\\u0000") { id } }', '{ organization(id: "\' OR 1=1 //") { id } }',
        '{ search(text: "MATCH (n) DETACH DELETE n", first: 5) { name } }', '{ chain(id: "") { id } }',
        '{ runSavedQuery(name: "graph_fingerprint; CREATE (n)") { rowCount } }',
        '{ runSavedQuery(name: "api_test_orgs", params: {kind: {nested: [1, 2]}}) { rowCount } }',
        '{ runSavedQuery(name: "api_test_orgs", params: "not an object") { rowCount } }',
        '{ patents(after: "' + "A" * 10_000 + '") { totalCount } }', '{ patents(after: "b3"!) { totalCount } }',
    ]
    for query in odd:
        body = _gql_sound(api_client, query)
        assert re.search(r"DETACH DELETE", json.dumps(body.get("data") or {})) is None


@pytest.mark.parametrize("key", [None, "ig_nope", "", "Bearer"])
def test_graphql_needs_a_valid_key_for_every_generated_query(api_client: FuzzClient, key: str | None) -> None:  # noqa: F811
    for query in ["{ chains { id } }", "{ __schema { types { name } } }", "{ x }", "garbage", ""]:
        response = api_client.gql(query, None, who=key)
        assert_sound(response, sent=query)
        assert response.status_code == 401, (query, response.status_code, response.text[:200])
