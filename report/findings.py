"""The report's summary: findings derived from its figures by stated rules.

Each finding is `(code, params)`; the template says it in the report's language from
`strings.yaml` (`finding.<code>`), and the rule itself is printed in the methods appendix
(`rule.<code>`). The rules:

* `flag_position`: for every flag (missing_link, weak_link, external_dependency) and chain position
  (upstream, midstream, downstream) with at least one flagged segment, "N <flag>s <position>".
* `largest_gap`: the segment with the highest gap score (ties: chain order), when any score > 0.
* `share`: the region's distinct chain patents and the benchmark's, in the window.
* `inventors`: the first key inventor (most chain patents applied for in the region), their patents
  and team size; `inventors_none` when the region's chain patents name no inventor.
* `consortia`, `transfers`, `targets`: how many candidates, transfer matches and targets (with how
  many of them measurable) the later sections show; "none" when there are none.
* every note of the gap report (`note.<code>`: a benchmark mostly the region itself, few patents).
"""

from __future__ import annotations

from typing import Any

from graph import gaps
from report.gather import Report

POSITIONS = ("upstream", "midstream", "downstream")


def findings(report: Report) -> list[tuple[str, dict[str, Any]]]:
    gap = report.gap
    out: list[tuple[str, dict[str, Any]]] = []
    for flag in gaps.FLAGS:
        for position in POSITIONS:
            hit = [s for s in gap.segments if flag in s.flags and s.position == position]
            if hit:
                out.append(("flag_position", {"count": len(hit), "flag": flag, "position": position,
                                              "segments": [s.key for s in hit]}))
    scored = [s for s in gap.segments if s.gap_score > 0]
    if scored:
        top = max(scored, key=lambda s: s.gap_score)  # max keeps the first of equals: chain order
        out.append(("largest_gap", {"segment": top.key, "name_en": top.name_en, "name_zh": top.name_zh,
                                    "score": top.gap_score}))
    out.append(("share", {"region": gap.region_chain_patents, "benchmark": gap.benchmark_chain_patents}))
    if report.inventors:
        inventor = report.inventors[0]
        out.append(("inventors", {"name": inventor["name"] or inventor["inventor_id"],
                                  "patents": inventor["patents"], "team_size": inventor["team_size"]}))
    else:
        out.append(("inventors_none", {}))
    out.append(("consortia", {"count": len(report.consortia)}))
    out.append(("transfers", {"count": len(report.transfers)}))
    measurable = sum(1 for _, p in report.targets if p.measurable)
    out.append(("targets", {"count": len(report.targets), "measurable": measurable}))
    for code in gap.note_codes:
        out.append(("note_" + code, {"overlap": gap.benchmark_overlap, "benchmark": gap.benchmark_chain_patents,
                                     "region": gap.region_chain_patents}))
    return out
