"""One process's connection to the graph: settings -> target -> one driver, made on first use."""

from __future__ import annotations

from functools import cached_property

import neo4j

from graph.connection import GraphTarget, open_driver, resolve_target
from graph.schema import current_version, migrate, schema_version
from core.settings import Settings


class Runtime:
    """Holds the single driver of a CLI process; commands ask it for what they need."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def target(self) -> GraphTarget:
        return resolve_target(self.settings)

    @cached_property
    def driver(self) -> neo4j.Driver:
        driver = open_driver(self.target)
        try:
            version = current_version(driver, self.target.database)
            if version is None or version < schema_version():
                migrate(driver, self.target.database)
        except BaseException:
            driver.close()
            raise
        return driver

    @property
    def database(self) -> str:
        return self.target.database

    def close(self) -> None:
        if "driver" in self.__dict__:
            self.__dict__.pop("driver").close()
