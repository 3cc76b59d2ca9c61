"""Errors the analytics raise on bad input; the API maps them to user-facing messages."""

from __future__ import annotations


class AnalyticsError(ValueError):
    """Base class: an analytics call was given something it cannot answer."""


class UnknownNode(AnalyticsError, LookupError):
    """An id that is not in the graph (or not in the projection the analytics run on)."""

    def __init__(self, node_id: str, what: str = "organisation or inventor") -> None:
        self.node_id = node_id
        self.what = what
        super().__init__(f"unknown {what} id {node_id!r}")


class InvalidArgument(AnalyticsError):
    """An argument outside its documented range (max_hops, k, size, limit, hop types...)."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name = name
        self.value = value
        self.expected = expected
        super().__init__(f"{name}={value!r} is out of range: expected {expected}")


class ProjectionTooLarge(AnalyticsError):
    """Building the collaboration projection would exceed its configured size bound."""


def check_range(name: str, value: int, low: int, high: int) -> int:
    """`value` if it is an int in [low, high], else `InvalidArgument`."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(name, value, f"an integer from {low} to {high}")
    return value
