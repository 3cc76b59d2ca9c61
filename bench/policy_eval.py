"""Measure and target precision / recall of the policy extractor against the gold annotations.

Usage: .venv/bin/python -m bench.policy_eval [--shared ../shared] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.policy import extract_policy  # noqa: E402
from extract.policy.evaluate import Score, load_gold, score_measures, score_targets  # noqa: E402

GOLD_DIR = REPO / "tests" / "extract" / "gold"


def main() -> int:
    """Print per-document and overall figures; exit 2 when the shared corpus is missing."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="list the predicted measures")
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "policies"
    if not corpus.is_dir():
        print(f"policy corpus not found at {corpus}", file=sys.stderr)
        return 2
    total_m = total_t = Score(0, 0, 0)
    print(f"{'document':50} {'meas P':>7} {'meas R':>7} {'tgt P':>7} {'tgt R':>7}  (tp/pred/gold)")
    for gold_path in sorted(GOLD_DIR.glob("policy_*.yaml")):
        gold = load_gold(gold_path)
        extraction = extract_policy(corpus / gold["document"])
        m, t = score_measures(extraction, gold), score_targets(extraction, gold)
        total_m, total_t = total_m + m, total_t + t
        print(
            f"{gold['document'][:50]:50} {m.precision:7.2f} {m.recall:7.2f} {t.precision:7.2f} {t.recall:7.2f}"
            f"  m {m.true_positives}/{m.predicted}/{m.gold}  t {t.true_positives}/{t.predicted}/{t.gold}"
        )
        if args.verbose:
            for measure in extraction.measures:
                print(f"    [{measure.ordinal}] {measure.kind:12} {measure.area or '-':28} {measure.text[:60]!r}")
    print(
        f"{'OVERALL':50} {total_m.precision:7.2f} {total_m.recall:7.2f} {total_t.precision:7.2f} {total_t.recall:7.2f}"
        f"  m {total_m.true_positives}/{total_m.predicted}/{total_m.gold}  t {total_t.true_positives}/{total_t.predicted}/{total_t.gold}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
