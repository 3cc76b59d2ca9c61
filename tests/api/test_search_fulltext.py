"""Search from Neo4j's full-text indexes answers exactly as the in-memory index does.

The graph is loaded by the real loaders: the shipped chains, a synthetic Jiangsu export (Chinese
titles, firms, universities) and ../shared's PatentsView mentions and USPTO grant XML (English).
"""

from __future__ import annotations

import re
from pathlib import Path

import neo4j
import pytest

from api.repositories.fulltext import CJK_STOPWORDS, MATCH_ALL, candidate_query, lucene_escape
from api.repositories.graph import GraphClient
from api.repositories.search import SearchRepository
from api.repositories.text import fold
from extract.chains import load_chains
from demo_data.patents import generate_cnipa_csv
from graph.backend import Backend
from graph.ingest.chains import load_chains_into_graph
from graph.ingest.patents import PatentLoader
from graph.schema import applies_to
from graph.writer import GraphWriter

# Chinese, mixed scripts, punctuation, Lucene syntax, very short terms, no hits
TRICKY = [
    "南京", "大学", "南京大学", "南京大學", "東南大學", "机器人", "减速器", "一种", "的", "器", "南", "江苏省", "有限公司",
    "jiangsu 南京", "5g通信", "ai芯片", "led", "nanjing university", "NANJING", "ＮＡＮＪＩＮＧ", "南京　大学",
    "co., ltd.", "co.,ltd", "ltd.", "inc.", "(", ")", "-", ".", ",", "o'", "a/b", "3.5", "s.p.a", "semi-conductor",
    "AND", "robot AND arm", "robot OR vehicle", "NOT", "*", "robot*", "*ing", '"robot"', '"', "title:robot", ":",
    "\\", "~", "~2", "^2", "+-", "&&", "||", "[a TO z]", "{}", "?", "r?bot", "/", "!", "+robot",
    "a", "x", "s", "t", "z", "1", "0", "ab", "th", "an", "in", "the", "of", "university of", "and", "www",
    "zzqxjv", "不存在的名字", "qwertyuiop", "ß", "é", "カメラ", "전자", "α",
]
LIMITS = (1, 5, 20, 100)


def test_lucene_escape_escapes_every_special_character() -> None:
    specials = '+-&|!(){}[]^"~*?:\\/ '
    assert lucene_escape(specials) == "".join("\\" + c for c in specials)
    assert lucene_escape("robot arm") == "robot\\ arm"
    assert lucene_escape("南京abc9") == "南京abc9"


def test_candidate_queries() -> None:
    assert candidate_query("nanjing university") == "*nanjing* AND *university*"
    assert candidate_query("南京大学") == '"南京大学"'
    assert candidate_query("南") == "*南*"
    assert candidate_query("jiangsu 南京 co., ltd.") == '*jiangsu* AND "南京" AND *co* AND *ltd*'
    assert candidate_query('robot and "arm"') == "*robot* AND *arm*"  # 'and' is a dropped stop word
    assert candidate_query("title:robot*") == "*title* AND *robot*"
    for nothing_to_ask in ("a", "of", "the", "th", "*", ":", "(", "カメラ", "и"):
        assert candidate_query(fold(nothing_to_ask)) == MATCH_ALL
    for text in TRICKY:  # never a Lucene operator or unbalanced syntax
        query = candidate_query(fold(text))
        assert query == MATCH_ALL or re.fullmatch(r'(\*[^\s*"]+\*|"[^\s*"]+")( AND (\*[^\s*"]+\*|"[^\s*"]+"))*', query)


def test_the_fulltext_schema_is_neo4j_only() -> None:
    assert applies_to("003_search_fulltext", Backend.NEO4J)
    assert not applies_to("003_search_fulltext", Backend.ARCADEDB)
    assert applies_to("001_keys", Backend.ARCADEDB) and applies_to("001_keys", Backend.NEO4J)


@pytest.fixture(scope="module")
def loaded(graph, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("search")
    writer = GraphWriter(graph.driver, graph.database)
    chains = load_chains()
    load_chains_into_graph(writer, chains)
    synthetic = folder / "jiangsu.csv"
    generate_cnipa_csv(synthetic, 400, 7)
    files = [synthetic, shared_dir / "data" / "patentsview-jiangsu" / "mentions.jsonl",
             *sorted((shared_dir / "data" / "uspto-xml").glob("*.XML"))]
    PatentLoader(writer, batch_size=500, chains=chains, rejects_path=folder / "rejects.jsonl").load(files)
    return graph


def _samples(graph) -> list[str]:
    """Real names, aliases, title pieces and numbers of the graph, so exact and prefix scores occur."""
    rows = graph.query(
        "MATCH (o:Organization) WITH o ORDER BY o.id LIMIT 6 RETURN o.name AS t UNION "
        "MATCH (o:Organization) WHERE size(coalesce(o.aliases, [])) > 0 WITH o ORDER BY o.id LIMIT 3 "
        "RETURN o.aliases[0] AS t UNION "
        "MATCH (i:Inventor) WITH i ORDER BY i.id LIMIT 6 RETURN i.name AS t UNION "
        "MATCH (p:Patent) WITH p ORDER BY p.id LIMIT 6 RETURN p.number AS t UNION "
        "MATCH (p:Patent) WHERE p.title IS NOT NULL WITH p ORDER BY p.id LIMIT 6 "
        "RETURN substring(p.title, 0, 4) AS t UNION "
        "MATCH (p:Patent) WHERE p.title IS NOT NULL WITH p ORDER BY p.id DESC LIMIT 4 "
        "RETURN substring(p.title, 2, 7) AS t")
    return [r["t"] for r in rows if r["t"]]


@pytest.mark.asyncio(loop_scope="session")
async def test_fulltext_answers_equal_the_in_memory_index(loaded):
    if loaded.backend is not Backend.NEO4J:
        pytest.skip("full-text indexes are Neo4j's; ArcadeDB searches the in-memory index only")
    status = loaded.server.ensure_running()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=loaded.server.auth)
    try:
        client = GraphClient(driver, loaded.database, timeout_s=30, max_concurrent=4)
        fulltext, in_memory = SearchRepository(client, fulltext=True), SearchRepository(client)
        assert await in_memory.index.build() is not None
        terms = TRICKY + _samples(loaded)
        compared = nonempty = 0
        for term in terms:
            if not 1 <= len(fold(term)) <= 100:
                continue
            for limit in LIMITS:
                queries = client.stats.queries
                got = await fulltext.search(term, limit)
                assert client.stats.queries - queries == 3  # one full-text statement per kind, no fallback
                want = await in_memory.search(term, limit)
                assert [(h.kind, h.score, h.node["id"]) for h in got] == \
                       [(h.kind, h.score, h.node["id"]) for h in want], (term, limit)
                assert [h.node for h in got] == [h.node for h in want], (term, limit)
                compared += 1
                nonempty += bool(want)
        assert compared >= 300 and nonempty >= 150  # mostly not empty lists
        assert fulltext.index._indexes is None  # the full-text side never built an index
    finally:
        await driver.close()


def test_the_fulltext_indexes_use_the_cjk_analyzer_and_its_stop_words(loaded):
    if loaded.backend is not Backend.NEO4J:
        pytest.skip("full-text indexes are Neo4j's; ArcadeDB searches the in-memory index only")
    rows = loaded.query("SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options, state")
    found = {r["name"]: (r["labelsOrTypes"], r["properties"], r["options"]["indexConfig"]["fulltext.analyzer"],
                         r["state"]) for r in rows}
    assert found["organization_search_text"] == (["Organization"], ["name", "aliases", "name_norm"], "cjk", "ONLINE")
    assert found["inventor_search_text"] == (["Inventor"], ["name", "aliases"], "cjk", "ONLINE")
    assert found["patent_search_text"] == (["Patent"], ["title", "number"], "cjk", "ONLINE")
    stopwords = loaded.scalar("CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer, stopwords "
                              "WHERE analyzer = 'cjk' RETURN stopwords")
    assert set(stopwords) == CJK_STOPWORDS
