"""Errors the API shows to clients, and the masking of everything else.

An `ApiError` carries a message written for the caller and a code; it is shown as it is (GraphQL
`extensions.code`, or the REST status). Anything else is a bug or an outage detail: it is logged with
the request id and the caller sees only "internal error, request id ..." — no stack, no Cypher.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

log = logging.getLogger("innograph.api")


class ApiError(Exception):
    """An error whose message is meant for the caller."""

    code = "BAD_REQUEST"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadArgument(ApiError):
    """An argument is out of range, malformed or names something that does not exist."""


class NotFound(ApiError):
    code = "NOT_FOUND"
    status = 404


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"
    status = 401


class Forbidden(ApiError):
    code = "FORBIDDEN"
    status = 403


class DatabaseUnavailable(ApiError):
    """The graph database cannot be reached; the API fails fast instead of queueing."""

    code = "DATABASE_UNAVAILABLE"
    status = 503


class QueryTimedOut(ApiError):
    """A database call took longer than `INNOGRAPH_QUERY_TIMEOUT_S` (or waited too long for a slot)."""

    code = "QUERY_TIMEOUT"
    status = 504


def internal_message(request_id: str) -> str:
    return f"internal error, request id {request_id}"


def _api_error(error: GraphQLError) -> ApiError | None:
    original = error.original_error
    return original if isinstance(original, ApiError) else None


class GraphQLErrors(SchemaExtension):
    """Shows `ApiError`s with their code and the request id; masks every other resolver error.

    Errors without an original exception (syntax, validation, depth/alias/token limits, unknown
    fields) or whose original is graphql-core's own GraphQLError (invalid variable values) are the
    caller's and are left as they are.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        context = self.execution_context.context
        request_id = getattr(context, "request_id", "-")
        result.errors = [self._process(error, request_id) for error in errors]

    @staticmethod
    def _process(error: GraphQLError, request_id: str) -> GraphQLError:
        known = _api_error(error)
        if known is not None:
            message = known.message
            if isinstance(known, (DatabaseUnavailable, QueryTimedOut)):
                message = f"{message} (request id {request_id})"
            extensions = {"code": known.code, "requestId": request_id}
        elif error.original_error is None or isinstance(error.original_error, GraphQLError):
            # graphql-core's own errors (variable coercion wraps one: "Int cannot represent ...") are
            # written for the caller, like syntax and validation errors
            return error
        else:
            log.error(
                "request %s: unexpected error in %s",
                request_id,
                ".".join(str(p) for p in error.path or ()),
                exc_info=error.original_error,
            )
            message = internal_message(request_id)
            extensions = {"code": "INTERNAL", "requestId": request_id}
        return GraphQLError(
            message, nodes=error.nodes, source=error.source, positions=error.positions, path=error.path,
            original_error=None, extensions=extensions,
        )


def install_handlers(app: FastAPI) -> None:
    """REST: `ApiError` -> its status and message; anything else -> 500 with the request id only."""

    @app.exception_handler(ApiError)
    async def _api_error_handler(request: Request, exc: ApiError) -> JSONResponse:
        request_id = getattr(request.state, "request_id", "-")
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(
            {"error": {"code": exc.code, "message": exc.message, "requestId": request_id}},
            status_code=exc.status,
            headers=headers,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", "-")
        log.error("request %s: unexpected error", request_id, exc_info=exc)
        return JSONResponse(
            {"error": {"code": "INTERNAL", "message": internal_message(request_id), "requestId": request_id}},
            status_code=500,
            headers={"X-Request-ID": request_id},
        )
