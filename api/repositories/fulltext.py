"""Search candidates from Neo4j's full-text indexes (`cypher/schema/003_search_fulltext.cypher`).

Search matches a folded text as a SUBSTRING of a name, alias or title (`search_index`); Lucene matches
terms. `candidate_query` turns the folded text into a Lucene query that every node containing the text
matches (a superset: the statement then applies the substring test itself, and Python re-ranks with
`KindIndex`, so the answers are the in-memory index's). Why each node containing the text matches:

- The `cjk` analyzer splits at word boundaries (UAX#29), folds width and case, emits Han characters as
  bigrams of neighbours (a lone one as itself) and drops English stop words.
- A run of Latin letters and digits in the text lies inside one term of the node (the tokenizer never
  breaks between two letters or digits), so `*run*` matches that term; unless the run is part of a stop
  word, whose term is dropped: such runs ("a", "of", "the", "th") give no clause.
- A run of two or more Han characters is, in the node, the same characters side by side, so its
  bigrams are consecutive terms there: the phrase `"run"` matches. A single Han character is in a
  bigram (or alone): `*字*`.
- Other characters (punctuation, kana, other scripts) give no clause; no clause at all means every
  indexed node is a candidate (`*:*`), the cost of a scan.

One known gap: the tokenizer cuts terms longer than 255 characters, so a run straddling such a cut in
a name without spaces is missed.
"""

from __future__ import annotations

import re

# The stop words of Neo4j 5.26's `cjk` analyzer (`db.index.fulltext.listAvailableAnalyzers`; a test
# compares them with the database's list).
CJK_STOPWORDS = frozenset({
    "a", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
    "of", "on", "or", "s", "such", "t", "that", "the", "their", "then", "there", "these", "they", "this",
    "to", "was", "will", "with", "www",
})
MATCH_ALL = "*:*"

# Latin letters (basic, Latin-1, Extended A/B; not x or /) and ASCII digits: case-folded the same by
# Python and Lucene. Han: the CJK Unified Ideographs of Unicode 13 (Java 17) and Extension A.
_LATIN = "0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
_HAN = "\u3400-\u4dbf\u4e00-\u9ffc"
_RUN = re.compile(f"[{_LATIN}]+|[{_HAN}]+")
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')


def lucene_escape(text: str) -> str:
    """`text` with every character Lucene's query parser treats specially backslash-escaped
    (`+ - & | ! ( ) { } [ ] ^ " ~ * ? : \\ /` and whitespace), so it is read as one literal term."""
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def _part_of_stopword(run: str) -> bool:
    return any(run in word for word in CJK_STOPWORDS)


def candidate_query(folded: str) -> str:
    """A Lucene query matched by every node one of whose texts (lower-cased) contains `folded`."""
    clauses: list[str] = []
    for match in _RUN.finditer(folded):
        run = match.group()
        if run[0] >= "\u3400":  # Han
            clause = f'"{lucene_escape(run)}"' if len(run) > 1 else f"*{lucene_escape(run)}*"
        elif _part_of_stopword(run):
            continue
        else:
            clause = f"*{lucene_escape(run)}*"
        if clause not in clauses:
            clauses.append(clause)
    return " AND ".join(clauses) if clauses else MATCH_ALL
