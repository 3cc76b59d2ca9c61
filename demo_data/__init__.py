"""Demo data: synthetic Jiangsu patents (`patents`) and their transactions (`transactions`).

Generators, not extractors: they sit beside `extract/` (they use its chain model and organisation
kinds) and are used by the demo command, tests and benchmarks; nothing in `graph/`, `extract/`,
`api/` or `cypher/` imports them.
"""
