"""Counts of what the graph holds, per label and relationship type."""

from __future__ import annotations

import neo4j

from cypher.catalog import statement, with_identifiers
from core.model import NODE_LABELS, RELATIONSHIP_TYPES


def graph_counts(driver: neo4j.Driver, database: str) -> dict[str, int]:
    """Node count per label and relationship count per type (labels first), zeros left out."""
    counts: dict[str, int] = {}
    for label in sorted(NODE_LABELS):
        query = with_identifiers(statement("queries_internal/count_label"), NODE_LABELS, label=label)
        records, _, _ = driver.execute_query(query, database_=database, routing_=neo4j.RoutingControl.READ)
        if records[0]["count"]:
            counts[label] = records[0]["count"]
    for rel_type in sorted(RELATIONSHIP_TYPES):
        query = with_identifiers(statement("queries_internal/count_type"), RELATIONSHIP_TYPES, type=rel_type)
        records, _, _ = driver.execute_query(query, database_=database, routing_=neo4j.RoutingControl.READ)
        if records[0]["count"]:
            counts[rel_type] = records[0]["count"]
    return counts
