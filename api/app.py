"""The FastAPI application: `create_app(settings)`.

Lifespan: resolve the graph target (on the embedded default this starts the database server), open
the process's one async driver, build the services over it; close the driver at shutdown.
Routes: `/health`, `/ready`, `/graphql` (GraphiQL unless INNOGRAPH_GRAPHIQL=false), `/queries`,
`/admin/api-keys`. Every response carries `X-Request-ID` (the caller's, if it sent a sane one).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import graphql_context
from api.errors import install_handlers
from api.graphql.schema import build_schema
from api.repositories.text import fold
from api.routers import admin, health, queries, reports, ui
from api.services import Services
from graph.connection import open_async_driver, resolve_target
from core.settings import Settings, get_settings

log = logging.getLogger("innograph.api")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RequestIdMiddleware:
    """Takes `X-Request-ID` from the request (or makes one), stores it in `request.state`, echoes it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_id)


class LoopbackOnlyMiddleware:
    """With auth off, refuse (403) every request that does not come from this machine."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            client = scope.get("client")
            if not is_loopback(client[0] if client else None):
                request_id = scope.get("state", {}).get("request_id", "-")
                response = JSONResponse(
                    {"error": {"code": "FORBIDDEN", "requestId": request_id,
                               "message": "authentication is off (INNOGRAPH_AUTH=off): only local clients are served"}},
                    status_code=403,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for `settings` (default: the environment's)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        target = await asyncio.to_thread(resolve_target, settings)  # starts the embedded server if needed
        driver = open_async_driver(target)
        services = Services(settings, target, driver)
        app.state.services = services
        await asyncio.to_thread(fold, "預熱")  # load the Traditional->Simplified tables before the first search
        await asyncio.to_thread(services.prepare_saved_queries)  # parse and check every saved query off the loop
        log.info("API ready on %s (database %s, auth %s)", target.uri, target.database, "on" if settings.auth else "off")
        warming = asyncio.create_task(services.warm()) if settings.api_warm_caches else None
        try:
            yield
        finally:
            if warming is not None:
                warming.cancel()
            await services.close()

    app = FastAPI(
        title="InnoGraph API",
        description="Patents, organisations, policies and industrial chains (Jiangsu) as a knowledge graph.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_handlers(app)
    app.include_router(health.router)
    app.include_router(queries.router)
    app.include_router(reports.router)
    app.include_router(admin.router)
    app.include_router(ui.router)  # /ui web views and GraphiQL's local assets
    graphql = ui.OfflineGraphQLRouter(
        build_schema(settings),
        context_getter=graphql_context,
        graphql_ide="graphiql" if settings.graphiql else None,
        subscription_protocols=(),
    )
    app.include_router(graphql, prefix="/graphql", tags=["graphql"])
    if not settings.auth:
        app.add_middleware(LoopbackOnlyMiddleware)
    app.add_middleware(RequestIdMiddleware)  # added last = outermost: every response gets the id
    return app
