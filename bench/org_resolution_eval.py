"""Pairwise precision and recall of organisation resolution on hand-labelled name pairs.

    .venv/bin/python -m bench.org_resolution_eval [--pairs bench/data/org_pairs.tsv] [--no-fuzzy]

All labelled names (plus, when ../shared is present, every assignee name of the PatentsView sample,
so that the resolver sees the same batch it would in production) are resolved in one batch; a pair
is predicted "same" when both names get the same organisation id.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.resolve import OrganizationResolver  # noqa: E402

SAMPLE = REPO.parent / "shared" / "data" / "patentsview-jiangsu" / "mentions.jsonl"


def read_pairs(path: Path) -> list[tuple[str, str, bool, str]]:
    """(name_a, name_b, same?, note) rows of a pairs TSV (lines starting with # are comments)."""
    with open(path, encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        return [(r["name_a"], r["name_b"], r["label"] == "same", r.get("note") or "") for r in rows]


def sample_assignees(path: Path) -> list[str]:
    """Every raw assignee organisation in the PatentsView sample (one per mention)."""
    names: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            names += [n for n in json.loads(line).get("raw_assignee_organization") or [] if n]
    return names


def evaluate(
    pairs: list[tuple[str, str, bool, str]], batch: list[str], fuzzy: bool = True, use_known: bool = True
) -> dict:
    """Counts, precision, recall and the misclassified pairs."""
    resolver = OrganizationResolver(fuzzy=fuzzy, use_known=use_known)
    resolved = resolver.resolve(batch + [n for a, b, _, _ in pairs for n in (a, b)])
    tp = fp = fn = tn = 0
    errors = []
    for a, b, same, note in pairs:
        predicted = resolved[a].id == resolved[b].id
        if predicted and same:
            tp += 1
        elif predicted:
            fp += 1
            errors.append(("false merge", a, b, note))
        elif same:
            fn += 1
            errors.append(("missed merge", a, b, note))
        else:
            tn += 1
    distinct = {n for n in batch}
    return {
        "pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "errors": errors,
        "distinct_names": len(distinct),
        "organizations": len({resolved[n].id for n in distinct}),
        "match_counts": dict(resolver.match_counts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=REPO / "bench" / "data" / "org_pairs.tsv")
    parser.add_argument("--no-fuzzy", action="store_true", help="switch the typo matcher off")
    parser.add_argument("--no-known", action="store_true", help="ignore known_orgs.yaml (its aliases were "
                        "written after reading the sample, so this shows the rules alone)")
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    batch = sample_assignees(SAMPLE) if SAMPLE.exists() else []
    result = evaluate(pairs, batch, fuzzy=not args.no_fuzzy, use_known=not args.no_known)
    positives = sum(1 for p in pairs if p[2])
    print(f"labelled pairs: {result['pairs']} ({positives} same, {result['pairs'] - positives} different)")
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
          f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']}, tn {result['tn']})")
    if batch:
        print(f"sample: {result['distinct_names']} distinct raw assignee names -> "
              f"{result['organizations']} organisations; decisions by rule: {result['match_counts']}")
    for kind, a, b, note in result["errors"]:
        print(f"  {kind}: {a!r} / {b!r}  [{note}]")


if __name__ == "__main__":
    main()
