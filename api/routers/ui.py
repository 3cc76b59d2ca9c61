"""The web views at `/ui` and GraphiQL without a CDN.

`/` and `/ui` redirect to `/ui/`, which serves the single-page app built from `ui/` (`scripts/build_ui.sh`: npm ci + esbuild into
`ui/dist`; INNOGRAPH_UI_DIR points elsewhere). The pages carry no data: the app reads everything from
the public GraphQL API with the API key the user enters (kept in the browser's localStorage), so
these routes need no key.

`/ui/graphiql/<file>` serves GraphiQL's JS and CSS copied from npm packages by the same build, and
`OfflineGraphQLRouter` is strawberry's `GraphQLRouter` whose GraphiQL page loads them from there
instead of unpkg.com, so the IDE at GET /graphql works on a machine without internet access.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi import APIRouter, HTTPException
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from strawberry.fastapi import GraphQLRouter
from cross_web import HTTPException as StrawberryHTTPException  # what strawberry.http.base raises

REPO = Path(__file__).resolve().parents[2]
ASSET_PREFIX = "/ui/graphiql"
_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".map": "application/json",
          ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8", ".json": "application/json"}

router = APIRouter(tags=["ui"], include_in_schema=False)


def ui_dist() -> Path:
    """Where the built front end is: INNOGRAPH_UI_DIR, else `ui/dist` in the checkout."""
    configured = os.environ.get("INNOGRAPH_UI_DIR", "").strip()
    return Path(configured) if configured else REPO / "ui" / "dist"


def _not_built() -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8><title>InnoGraph UI not built</title>"
        "<h1>The InnoGraph web UI is not built</h1>"
        f"<p>Expected it in <code>{ui_dist()}</code>. Run <code>bash scripts/build_ui.sh</code> "
        "(or <code>bash scripts/bootstrap.sh</code>), then reload. The GraphQL API at "
        "<a href=/graphql>/graphql</a> works without it.</p>",
        status_code=503,
    )


def _file(folder: str, name: str) -> Response:
    base = (ui_dist() / folder).resolve()
    path = (base / name).resolve()
    if base not in path.parents or not path.is_file():  # no ../ escapes, no directories
        if not ui_dist().is_dir():
            return _not_built()
        raise HTTPException(status_code=404, detail=f"no such UI file: {folder}/{name}")
    return FileResponse(path, media_type=_MEDIA.get(path.suffix), headers={"Cache-Control": "no-cache"})


@router.get("/")
async def site_root() -> RedirectResponse:
    """The server's address opens the web page (a planner types http://host:8000, not /ui)."""
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui")
async def ui_root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/")
async def ui_index() -> Response:
    index = ui_dist() / "index.html"
    if not index.is_file():
        return _not_built()
    return FileResponse(index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


@router.get("/ui/assets/{name:path}")
async def ui_asset(name: str) -> Response:
    return _file("assets", name)


@router.get(ASSET_PREFIX + "/{name:path}")
async def graphiql_asset(name: str) -> Response:
    return _file("graphiql", name)


# --- GraphiQL from local files --------------------------------------------------------------------

GRAPHIQL_HTML = """<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <title>InnoGraph GraphiQL</title>
  <link rel="icon" href="data:,">
  <style>
    body { height: 100%; margin: 0; width: 100%; overflow: hidden; }
    #graphiql { height: 100vh; display: flex; }
    .graphiql-explorer-actions select { margin-left: 4px; }
  </style>
  <script src="__PREFIX__/react.production.min.js"></script>
  <script src="__PREFIX__/react-dom.production.min.js"></script>
  <link rel="stylesheet" href="__PREFIX__/graphiql.min.css">
  <link rel="stylesheet" href="__PREFIX__/plugin-explorer.css">
</head>
<body>
  <div id="graphiql" class="graphiql-container">Loading GraphiQL&hellip;</div>
  <script src="__PREFIX__/graphiql.min.js"></script>
  <script src="__PREFIX__/plugin-explorer.umd.js"></script>
  <script>
    const EXAMPLE_QUERY = __EXAMPLE__;
    const parameters = {};
    for (const entry of window.location.search.slice(1).split("&")) {
      const eq = entry.indexOf("=");
      if (eq >= 0) parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(entry.slice(eq + 1));
    }
    function updateURL(data) {
      Object.assign(parameters, data);
      const search = "?" + Object.keys(parameters).filter((k) => Boolean(parameters[k]))
        .map((k) => encodeURIComponent(k) + "=" + encodeURIComponent(parameters[k])).join("&");
      history.replaceState(null, null, search);
    }
    // the key the /ui app keeps (localStorage "innograph.apiKey") becomes the default Authorization header
    let storedKey = "";
    try { storedKey = localStorage.getItem("innograph.apiKey") || ""; } catch (e) {}
    const defaultHeaders = storedKey ? JSON.stringify({ Authorization: "Bearer " + storedKey }, null, 2) : undefined;
    const fetcher = GraphiQL.createFetcher({ url: window.location.href.split("?")[0] });
    function App() {
      const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
      const explorerPlugin = GraphiQLPluginExplorer.explorerPlugin();
      return React.createElement(GraphiQL, {
        fetcher, plugins: [explorerPlugin], query, defaultEditorToolsVisibility: true,
        variables: parameters.variables, defaultHeaders, isHeadersEditorEnabled: true, shouldPersistHeaders: true,
        inputValueDeprecation: true,
        onEditQuery: (q) => { setQuery(q); updateURL({ q }); },
        onEditVariables: (v) => updateURL({ variables: v }),
      });
    }
    ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
  </script>
</body>
</html>
"""

EXAMPLE_QUERY = """# InnoGraph GraphQL API. Send your key in the Headers tab:
#   {"Authorization": "Bearer ig_..."}
# Run with Ctrl-Enter.
{
  chains { id nameZh nameEn segments { nameZh position patentCount } }
}
"""


def graphiql_page() -> str:
    """The GraphiQL page with its scripts and styles from `/ui/graphiql/`."""
    return GRAPHIQL_HTML.replace("__PREFIX__", ASSET_PREFIX).replace("__EXAMPLE__", json.dumps(EXAMPLE_QUERY))


def graphiql_assets_built() -> bool:
    return (ui_dist() / "graphiql" / "graphiql.min.js").is_file()


class OfflineGraphQLRouter(GraphQLRouter):
    """strawberry's GraphQLRouter whose GraphiQL page uses the locally served assets.

    Falls back to strawberry's own (CDN) page only when the UI build has not produced the assets.
    """

    @property
    def graphql_ide_html(self) -> str:
        if self.graphql_ide == "graphiql" and graphiql_assets_built():
            return graphiql_page()
        return super().graphql_ide_html

    def decode_json(self, data: str | bytes) -> object:
        # strawberry assumes a JSON body is an object (or a batch list of them) and catches only
        # JSONDecodeError: `null`, `5`, `[1]` or undecodable bytes would crash it into a 500. They are
        # the caller's mistake: 400 with a plain message.
        try:
            value = super().decode_json(data)
        except UnicodeDecodeError:
            raise StrawberryHTTPException(400, "Unable to parse request body as JSON") from None
        if isinstance(value, dict) or (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            return value
        raise StrawberryHTTPException(400, "the request body must be a JSON object with a `query`")
