"""What technology concepts on patents change: chain classification precision and transfer-score separation.

Classification: the real PatentsView Jiangsu sample, classified three ways, scored on the labelled
links of bench/data/patent_segment_labels.tsv (every keyword-only link of the classifier as it was,
and a seeded sample of 40 links with IPC evidence; labelled by reading title and abstract):
  text       the title and abstract scanned for segment keywords, one keyword enough (as before);
  text+sup   the same with the chain-support rule (extract/classify.py);
  concepts   the patent's concepts (the pipelines' concept component) with the chain-support rule.
Precision is given per stratum and as the estimate over all links (the IPC stratum weighted by the
number of IPC links it samples). Links a configuration makes that are not labelled are counted.

Transfer: for every firm of the sample with at least 3 patents, the university and institute patents
sharing one of its IPC subclasses are ranked by `rank_patents_for_org` (the API's pure ranking), once
with IPC features only and once with IPC and concept features; printed: how many candidates score
exactly as another candidate does (ties) and the spread of the top-10 scores.

Usage: .venv/bin/python -m bench.concept_effect [--shared ../shared]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.chains import load_chains  # noqa: E402
from extract.classify import build_index, classify  # noqa: E402
from extract.concepts import ConceptMatcher  # noqa: E402
from extract.patents import detect_format, read_patents  # noqa: E402
from extract.records import Reject  # noqa: E402
from extract.resolve import OrganizationResolver  # noqa: E402
from graph.analytics.technology import FeatureStats, patent_features  # noqa: E402
from graph.analytics.transfer import rank_patents_for_org  # noqa: E402

LABELS = REPO / "bench" / "data" / "patent_segment_labels.tsv"


def load_labels() -> dict[tuple[str, str], tuple[str, bool]]:
    out = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "patent\t")) or not line.strip():
            continue
        patent, segment, stratum, correct = line.split("\t")
        out[(patent, segment)] = (stratum, correct == "1")
    return out


def classification(records, concepts) -> None:  # noqa: ANN001
    labels = load_labels()
    index = build_index(load_chains())
    configs = {
        "text": lambda r, c: classify(_codes(r), _text(r), main_ipc=r.main_ipc, index=index, require_support=False),
        "text+sup": lambda r, c: classify(_codes(r), _text(r), main_ipc=r.main_ipc, index=index),
        "concepts": lambda r, c: classify(_codes(r), None, concepts=c, main_ipc=r.main_ipc, index=index),
    }
    ipc_total = None
    print(f"{'config':10} {'keyword-only P':>16} {'IPC-sample P':>14} {'est. P all':>11} {'links':>6} {'kw-only':>8} {'unlabelled':>10}")
    for name, run in configs.items():
        hits = {"keyword": [0, 0], "ipc": [0, 0]}
        links = keyword_only = unlabelled = 0
        ipc_links = 0
        for record in records:
            for m in run(record, concepts[record.number]):
                links += 1
                segment = f"{m.chain_id}.{m.segment_key}"
                if m.rule.startswith("ipc"):
                    ipc_links += 1
                else:
                    keyword_only += 1
                label = labels.get((record.number, segment))
                if label is None:
                    unlabelled += not m.rule.startswith("ipc")
                    continue
                stratum, correct = label
                if stratum == "keyword" and m.rule.startswith("ipc"):
                    continue  # labelled as a keyword-only link of the old classifier; here IPC-backed
                hits[stratum][0] += correct
                hits[stratum][1] += 1
        ipc_total = ipc_total or ipc_links
        kw_p = hits["keyword"][0] / hits["keyword"][1] if hits["keyword"][1] else float("nan")
        ipc_p = hits["ipc"][0] / hits["ipc"][1] if hits["ipc"][1] else float("nan")
        estimate = (ipc_p * ipc_links + hits["keyword"][0]) / (ipc_links + keyword_only) if links else float("nan")
        print(f"{name:10} {kw_p:10.2f} ({hits['keyword'][0]}/{hits['keyword'][1]}) {ipc_p:7.2f} ({hits['ipc'][0]}/{hits['ipc'][1]})"
              f" {estimate:11.2f} {links:6} {keyword_only:8} {unlabelled:10}")


def transfer(records, concepts) -> None:  # noqa: ANN001
    resolver = OrganizationResolver()
    holders: dict[str, list] = defaultdict(list)
    kinds: dict[str, str] = {}
    for record in records:
        for party in record.applicants:
            org = resolver.resolve_one(party.name) if party.name else None
            if org is not None:
                holders[org.id].append(record)
                kinds[org.id] = org.kind
    owner_patents = [(oid, r) for oid, rs in holders.items() if kinds[oid] in {"university", "research_institute"} for r in rs]
    firms = [oid for oid, rs in holders.items() if kinds[oid] == "firm" and len(rs) >= 3]
    print(f"{len(firms)} firms with >= 3 patents; {len(owner_patents)} university and institute patents")
    for label, use_concepts in (("IPC only", False), ("IPC + concepts", True)):
        # use_concepts bound now: a late-bound closure would read whichever label the loop is on when called
        def row(r, use_concepts=use_concepts):  # noqa: ANN001, ANN202
            return {"patent": r.number, "ipc": _codes(r), "concepts": concepts[r.number] if use_concepts else [],
                    "title": r.title, "year": None, "type": "invention", "valid": None}

        stats = FeatureStats.from_patents(patent_features(_codes(r), concepts[r.number] if use_concepts else [])
                                          for r in records)
        ties, spreads, candidates, scored = 0, [], 0, 0
        for firm in firms:
            org_rows = [{"org": firm, **row(r)} for r in holders[firm]]
            subclasses = {c[:4] for r in holders[firm] for c in _codes(r)}
            pool = [{**row(r), "owners": [oid], "cities": [], "provinces": []} for oid, r in owner_patents
                    if subclasses & {c[:4] for c in _codes(r)}]
            matches = rank_patents_for_org(org_rows, pool, stats, 100)
            candidates += len(pool)
            scored += len(matches)
            scores = [round(m.score, 6) for m in matches]
            ties += sum(1 for s in scores if scores.count(s) > 1)
            if len(scores) >= 2:
                top = scores[:10]
                spreads.append(top[0] - top[-1])
        print(f"  {label:15} {scored} scored candidates for {len(firms)} firms: {ties} tied with another "
              f"({ties / scored:.0%}); top-10 spread median {statistics.median(spreads) if spreads else 0:.3f}")


def _codes(record) -> list[str]:  # noqa: ANN001
    return list(dict.fromkeys([*record.ipc, *record.cpc]))


def _text(record) -> str:  # noqa: ANN001
    return " ".join(t for t in (record.title, record.abstract) if t)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    sample = args.shared / "data" / "patentsview-jiangsu" / "mentions.jsonl"
    if not sample.exists():
        print(f"PatentsView sample not found at {sample}", file=sys.stderr)
        return 2
    records = [r for r in read_patents(sample, detect_format(sample)) if not isinstance(r, Reject)]
    found = ConceptMatcher().pipe(_text(r) for r in records)
    concepts = {r.number: c for r, c in zip(records, found, strict=True)}
    print(f"{len(records)} real patents, {sum(1 for c in concepts.values() if c)} with a concept")
    classification(records, concepts)
    transfer(records, concepts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
