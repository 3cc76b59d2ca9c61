"""Measure and target precision / recall of the policy extractor against the gold annotations.

Three sets: `policies` (the four documents of ../shared/corpus/policies, gold in tests/extract/gold),
`tuning` and `held_out` (../shared/corpus/policies-more, gold and the fixed split in
tests/extract/gold/more). Figures per document, per language and per set. Rules are tuned on
`policies` and `tuning` only: the held-out documents are listed with their figures but their
predictions are not printed unless asked for (`--show-held-out`, for the final report only).

Usage: .venv/bin/python -m bench.policy_eval [--shared ../shared] [--set all|policies|tuning|held_out] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from extract.policy import PolicyExtractionError, extract_policy  # noqa: E402
from extract.policy.evaluate import Score, load_gold, noise_hits, score_measures, score_targets  # noqa: E402

GOLD_DIR = REPO / "tests" / "extract" / "gold"
MORE_DIR = GOLD_DIR / "more"
SETS = ("policies", "tuning", "held_out")


@dataclass(slots=True)
class Row:
    set: str
    document: str
    language: str
    measures: Score
    targets: Score
    noise: int
    note: str
    extraction: object


def language_of(document: str) -> str:
    """en | zh-Hant | zh-Hans from the corpus file-name prefix (known even when extraction fails)."""
    if document.startswith("zh-hant-"):
        return "zh-Hant"
    return "en" if document.startswith("en-") else "zh-Hans"


def gold_sets(shared: Path) -> dict[str, list[tuple[Path, Path]]]:
    """Set name -> [(document path, gold path)]."""
    split = yaml.safe_load((MORE_DIR / "split.yaml").read_text(encoding="utf-8"))
    out: dict[str, list[tuple[Path, Path]]] = {
        "policies": [(shared / "corpus" / "policies" / load_gold(g)["document"], g) for g in sorted(GOLD_DIR.glob("policy_*.yaml"))]
    }
    for name in ("tuning", "held_out"):
        out[name] = [(shared / "corpus" / "policies-more" / doc, MORE_DIR / f"policy_{Path(doc).stem}.yaml") for doc in split[name]]
    return out


def evaluate(set_name: str, pairs: list[tuple[Path, Path]]) -> list[Row]:
    """Extract and score every document of one set."""
    rows = []
    for doc_path, gold_path in pairs:
        gold = load_gold(gold_path)
        note = ""
        try:
            extraction = extract_policy(doc_path)
        except PolicyExtractionError as exc:
            extraction, note = SimpleNamespace(measures=[], targets=[], organisations=[], text=""), type(exc).__name__
        noise = len(noise_hits(extraction, gold)) if note == "" else 0
        rows.append(Row(set_name, gold["document"], language_of(gold["document"]), score_measures(extraction, gold),
                        score_targets(extraction, gold), noise, note, extraction))
    return rows


def _fmt(label: str, m: Score, t: Score, noise: int | str = "", note: str = "") -> str:
    return (f"{label[:54]:54} {m.precision:6.2f} {m.recall:6.2f} {t.precision:6.2f} {t.recall:6.2f} {noise!s:>5}"
            f"  m {m.true_positives}/{m.predicted}/{m.gold}  t {t.true_positives}/{t.predicted}/{t.gold} {note}")


def _press(row: Row) -> str:
    """Speakers found / speakers in the gold, and questions found / in the gold (press conferences)."""
    gold = load_gold((GOLD_DIR if row.set == "policies" else MORE_DIR) / f"policy_{Path(row.document).stem}.yaml")
    press = gold.get("press")
    if not press:
        return ""
    turns = getattr(row.extraction, "turns", [])
    speakers = [t.speaker for t in turns if t.role != "question"]
    found = sum(1 for name in press["speakers"] if any(name in s for s in speakers))
    named = {next((n for n in press["speakers"] if n in s), s) for s in speakers}
    questions = sum(1 for t in turns if t.role == "question")
    return (f"speakers {found}/{len(press['speakers'])} (named {len(named)}), "
            f"questions {questions}/{press['questions']}")


def main() -> int:
    """Print the figures; exit 2 when the shared corpus is missing."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--set", choices=("all", *SETS), default="all")
    parser.add_argument("--verbose", action="store_true", help="list predicted measures and targets (not for held_out)")
    parser.add_argument("--show-held-out", action="store_true", help="also list held-out predictions (final report only)")
    args = parser.parse_args()
    if not (args.shared / "corpus" / "policies").is_dir():
        print(f"policy corpus not found at {args.shared / 'corpus'}", file=sys.stderr)
        return 2
    chosen = SETS if args.set == "all" else (args.set,)
    started = time.perf_counter()
    print(f"{'document':54} {'meas P':>6} {'meas R':>6} {'tgt P':>6} {'tgt R':>6} {'noise':>5}  (tp/pred/gold)")
    for set_name, pairs in gold_sets(args.shared).items():
        if set_name not in chosen:
            continue
        rows = evaluate(set_name, pairs)
        print(f"-- {set_name}")
        for row in rows:
            print(_fmt(row.document, row.measures, row.targets, row.noise, row.note or _press(row)))
            if args.verbose and (set_name != "held_out" or args.show_held_out):
                for m in row.extraction.measures:
                    print(f"      M{m.ordinal:<3} {m.kind:10} {m.text[:90]!r}")
                for t in row.extraction.targets:
                    print(f"      T{t.ordinal:<3} {t.comparator:11} {t.value:g} {t.unit} by {t.deadline} metric={t.metric[:50]!r}")
        for language in ("en", "zh-Hans", "zh-Hant"):
            part = [r for r in rows if r.language == language]
            if part:
                m = sum((r.measures for r in part), Score(0, 0, 0))
                t = sum((r.targets for r in part), Score(0, 0, 0))
                print(_fmt(f"   {set_name} {language} ({len(part)} docs)", m, t, sum(r.noise for r in part)))
        m = sum((r.measures for r in rows), Score(0, 0, 0))
        t = sum((r.targets for r in rows), Score(0, 0, 0))
        print(_fmt(f"   {set_name} ALL ({len(rows)} docs)", m, t, sum(r.noise for r in rows)))
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
