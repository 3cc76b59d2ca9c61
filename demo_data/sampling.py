"""The demo generator's constants, organisation record and weighted-sampling helpers."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

VOCABULARY_PATH = Path(__file__).with_name("synthetic_jiangsu.yaml")
CNIPA_HEADERS = (
    "申请号", "申请日", "公开(公告)号", "公开(公告)日", "发明名称", "摘要", "申请(专利权)人",
    "发明(设计)人", "主分类号", "分类号", "申请人地址", "国省代码", "专利类型", "法律状态", "代理机构",
    "权利要求数",
)  # fmt: skip
PATENT_TYPE_ZH = {"invention": "发明专利", "utility_model": "实用新型", "design": "外观设计"}
FIRST_YEAR, LAST_YEAR = 2015, 2025
CUTOFF = date(2025, 12, 31)  # nothing is published after this day
LAST_FILING_DAY_OF_CUTOFF_YEAR = 290  # leaves room for a publication before CUTOFF
TEAM_SIZE = 6
PATENTS_PER_INVENTOR = 5.0  # sets pool sizes: expected patents x inventors per patent / this
CO_APPLICATION_RATE = 0.17
INDIVIDUAL_APPLICANT_RATE = 0.03
UNIVERSITY_SHARE = 0.2  # of organisational filings; institutes are part of it
MOVER_RATE = 0.25  # of firms with a partner university, the share that hired one of its researchers
INVENTOR_COUNT_WEIGHTS = (14, 24, 25, 16, 10, 6, 3, 2)  # 1..8 inventors, mean about 3.2
TYPE_WEIGHTS = {  # (invention, utility model, design); firms and individuals fill the utility tail
    "university": (0.86, 0.13, 0.01),
    "research_institute": (0.8, 0.18, 0.02),
    "firm": (0.47, 0.39, 0.14),
    "individual": (0.2, 0.55, 0.25),
}
PATENT_TYPES = ("invention", "utility_model", "design")
SegmentRef = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Organisation:
    """An applicant the generator files for: where it is, what it works on, how many inventors it has."""

    index: int
    name: str
    kind: str  # university | research_institute | firm
    city: str
    address: str
    segments: tuple[SegmentRef, ...]
    segment_cum: tuple[float, ...]
    pool_size: int
    partner: int | None = None  # a firm's partner university (organisation index)
    mover: tuple[int, int] | None = None  # (member of the partner's pool, year they joined this firm)



def pick_index(rng: random.Random, cum: Sequence[float]) -> int:
    """A weighted random index from cumulative weights."""
    return index_at(cum, rng.random())


def index_at(cum: Sequence[float], u: float) -> int:
    """The index that fraction `u` (0-1) of the total weight falls in."""
    return min(bisect.bisect_right(cum, u * cum[-1]), len(cum) - 1)


def before_cutoff(rng: random.Random, filed: date, lag_days: int) -> date:
    published = filed + timedelta(days=lag_days)
    if published > CUTOFF:
        room = (CUTOFF - filed).days
        published = filed + timedelta(days=max(30, room - rng.randint(0, min(30, room // 2))))
    return min(published, CUTOFF)


def claims_count(rng: random.Random, patent_type: str) -> int | str:
    if patent_type == "invention":
        return max(1, min(30, int(rng.gauss(9.5, 3.5))))
    if patent_type == "utility_model":
        return max(1, min(15, int(rng.gauss(7, 2.5))))
    return ""


def pool_size(expected_patents: float, low: int, high: int) -> int:
    mean_inventors = sum((i + 1) * w for i, w in enumerate(INVENTOR_COUNT_WEIGHTS)) / sum(INVENTOR_COUNT_WEIGHTS)
    return max(low, min(high, round(expected_patents * mean_inventors / PATENTS_PER_INVENTOR)))


def brand_stem(rng: random.Random, vocab: Mapping[str, Any]) -> str:
    first, second = rng.sample(vocab["brand_stems"], 2)
    return first + second


def cumulative(weights: Any) -> tuple[float, ...]:
    return tuple(itertools.accumulate(float(w) for w in weights))
