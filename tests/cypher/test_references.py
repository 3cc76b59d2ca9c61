"""cypher/queries/references.yaml names real queries and parameters, and covers every shipped parameter
that names something in the graph (so a new query's `region` cannot skip the check)."""

from __future__ import annotations

import re

from cypher.references import KINDS, references, suggestions
from cypher.saved import SavedQueryCatalog

NAMING = re.compile(r"region|segment|chain|organization|university|firm|consortium|policy|measure|province|city")


def test_every_entry_is_a_shipped_parameter_and_every_naming_parameter_is_listed() -> None:
    catalog = SavedQueryCatalog.load([])
    shipped = {q.name: q for q in catalog if q.shipped}
    table = references()
    for query, params in table.items():
        assert query in shipped, query
        for param, kind in params.items():
            assert shipped[query].param(param) is not None, (query, param)
            assert kind in KINDS
    for name, query in shipped.items():
        for param in query.params:
            if NAMING.search(param.name) and param.type == "string":
                assert param.name in table.get(name, {}), f"{name}.{param.name} is not in references.yaml"


def test_suggestions_prefer_spelling_then_containment() -> None:
    names = ["Nanjing", "Nantong", "CN-JS-Nanjing", "Suzhou", "reducer", "Reducer", "东南大学"]
    assert suggestions("Nanjng", names)[0] == "Nanjing"
    assert suggestions("reducr", names)[0] == "reducer"
    assert suggestions("东南大", names) == ["东南大学"]
    assert suggestions("Atlantis", names) == []
