"""Shared pieces of the CLI commands: settings, the runtime, consoles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from innograph.runtime import Runtime
from core.settings import get_settings

console = Console()
err = Console(stderr=True)

# Output that is not a terminal (a log file, a pipe, CI) has no width: rich would assume 80 columns
# and cut tables and lines there, losing file names and columns. Logs get lines this long instead.
LOG_WIDTH = 4096


def fit_consoles_to_output() -> None:
    """Give the consoles writing to a non-terminal the log width (unless COLUMNS sets one)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return
    for c in (console, err):
        if not c.is_terminal:
            c.width = LOG_WIDTH


@contextmanager
def runtime() -> Iterator[Runtime]:
    """A runtime for one command; its driver is closed when the command ends."""
    rt = Runtime(get_settings())
    try:
        yield rt
    finally:
        rt.close()
