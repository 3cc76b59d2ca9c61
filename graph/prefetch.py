"""Batches prepared ahead: a worker thread iterates the batches (parsing the source) while the writer
waits on the database."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from graph.batch import GraphBatch

_DONE = object()


def prefetched(items: Iterable[GraphBatch], depth: int) -> Iterator[GraphBatch]:
    """Iterate `items` on a worker thread, `depth` ahead: parsing overlaps the database's work."""
    if depth <= 0:
        yield from items
        return
    buffer: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                buffer.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            put(exc)

    worker = threading.Thread(target=produce, name="batch-producer", daemon=True)
    worker.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)

