"""Relay-style cursor connections: `first`/`after`, `edges { cursor node }`, `pageInfo`, `totalCount`.

Cursors are opaque (base64 of `o:<offset>`); they are valid for the same filter and ordering they
came from. `first` is capped by `INNOGRAPH_MAX_PAGE_SIZE`; a larger value is an error, not a
silent cut, so a client never mistakes a truncated page for the whole answer.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import strawberry

from api.errors import BadArgument

DEFAULT_PAGE_SIZE = 20
_PREFIX = "o:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        offset = int(text[len(_PREFIX):])
        if offset < 0:
            raise ValueError(text)
        return offset
    except (ValueError, UnicodeError, binascii.Error):
        raise BadArgument(f"invalid cursor {cursor!r}: pass an endCursor or edge cursor this API returned") from None


@dataclass(frozen=True)
class Window:
    """Where a page starts and how long it is."""

    skip: int
    limit: int


def window(first: int | None, after: str | None, max_size: int) -> Window:
    """Check `first`/`after` and turn them into skip/limit."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > max_size:
        raise BadArgument(f"first must be between 0 and {max_size} (got {size}); page with `after` for more")
    return Window(decode_cursor(after) if after else 0, size)


@strawberry.type(description="Where this page is in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="Fields every connection has.")
class Connection:
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items match in all pages (counted only when asked for).")
    async def total_count(self) -> int:
        return await self.count()


def page_info(win: Window, returned: int, has_next: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=win.skip > 0,
        start_cursor=encode_cursor(win.skip + 1) if returned else None,
        end_cursor=encode_cursor(win.skip + returned) if returned else None,
    )


def known(total: int) -> Callable[[], Awaitable[int]]:
    """A `count` for a total the page query already returned."""

    async def value() -> int:
        return total

    return value
