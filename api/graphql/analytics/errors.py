"""The analytics queries' argument errors, each with its `extensions.code`, and the range check."""

from __future__ import annotations

from api.errors import BadArgument
from graph.analytics import InvalidArgument, UnknownNode



class UnknownChain(BadArgument):
    code = "UNKNOWN_CHAIN"


class UnknownRegion(BadArgument):
    code = "UNKNOWN_REGION"


class UnknownId(BadArgument):
    code = "UNKNOWN_ID"


class OutOfRange(BadArgument):
    code = "OUT_OF_RANGE"


class InvalidArgumentError(BadArgument):
    code = "INVALID_ARGUMENT"


# library argument names -> GraphQL argument names
_ARG_NAMES = {"min_size": "minSize", "max_size": "maxSize", "max_hops": "maxHops", "must_include": "mustInclude",
              "min_universities+min_firms": "minUniversities + minFirms", "to_id": "toId", "members": "members"}
_RANGED = {"min_size", "max_size", "limit", "max_hops", "k", "min_universities+min_firms"}


def api_error(exc: Exception) -> BadArgument:
    """The caller's error for an analytics exception."""
    if isinstance(exc, UnknownNode):
        return UnknownId(f"unknown {exc.what} id {exc.node_id!r}")
    if isinstance(exc, InvalidArgument):
        name = _ARG_NAMES.get(exc.name, exc.name)
        cls = OutOfRange if exc.name in _RANGED else InvalidArgumentError
        return cls(f"{name}={exc.value!r} is not accepted: expected {exc.expected}")
    raise exc


def check_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise OutOfRange(f"{name} must be between {low} and {high} (got {value})")
    return value

