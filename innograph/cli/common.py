"""Shared pieces of the CLI commands: settings, the runtime, consoles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from innograph.runtime import Runtime
from innograph.settings import get_settings

console = Console()
err = Console(stderr=True)


@contextmanager
def runtime() -> Iterator[Runtime]:
    """A runtime for one command; its driver is closed when the command ends."""
    rt = Runtime(get_settings())
    try:
        yield rt
    finally:
        rt.close()
