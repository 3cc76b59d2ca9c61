"""Synthetic Jiangsu patents as a CNIPA-style Chinese CSV, for tests, demos and scale runs.

The generator streams: organisations (real universities and institutes, generated firms) are drawn up
front in a bounded table, and each row is made and written on its own, so a million rows run in flat
memory. Everything follows from the seed.

What makes the data useful for graph work:
  * applicants: a Zipf-like long tail (few firms file a lot, most file a little); 13 Jiangsu cities
    weighted by innovation size, with industry clusters and some city/segment gaps (data file);
  * inventors: persistent per-organisation pools split into teams, so colleagues recur together; some
    university researchers move to a partner firm in a given year and file there afterwards;
  * co-applications (about 17%), mostly firm + university;
  * every patent comes from one chain segment: IPC codes from the segment's example symbols, title and
    abstract from its Chinese keywords, filing year from the segment's growth trend.

Vocabulary and weights live in `synthetic_jiangsu.yaml` next to this module; who files is
`demo_data.population`, what they file is here.
"""

from __future__ import annotations

import csv
import random
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from demo_data.population import Population
from demo_data.sampling import (
    CNIPA_HEADERS,
    CO_APPLICATION_RATE,
    CUTOFF,
    FIRST_YEAR,
    INDIVIDUAL_APPLICANT_RATE,
    INVENTOR_COUNT_WEIGHTS,
    LAST_FILING_DAY_OF_CUTOFF_YEAR,
    LAST_YEAR,
    PATENT_TYPE_ZH,
    PATENT_TYPES,
    TYPE_WEIGHTS,
    VOCABULARY_PATH,
    Organisation,
    SegmentRef,
    before_cutoff,
    claims_count,
    cumulative,
    pick_index,
)
from extract.chains.model import Chain, Segment, load_chains

@dataclass(slots=True)
class GenerationSummary:
    """What a generation run produced."""

    path: str
    rows: int
    seed: int
    seconds: float = 0.0
    patent_types: Counter[str] = field(default_factory=Counter)
    cities: Counter[str] = field(default_factory=Counter)
    chains: Counter[str] = field(default_factory=Counter)
    segments: Counter[str] = field(default_factory=Counter)
    co_applied: int = 0
    inventor_mentions: int = 0
    applicants: int = 0


def generate_cnipa_csv(
    path: str | Path, n_patents: int, seed: int = 0, chains: Mapping[str, Chain] | None = None
) -> GenerationSummary:
    """Write `n_patents` synthetic rows to a UTF-8 (with BOM) CNIPA-style CSV and summarise them."""
    started = time.perf_counter()
    summary = GenerationSummary(path=str(path), rows=0, seed=seed)
    applicants: set[str] = set()  # bounded by the organisation table plus individual filers
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CNIPA_HEADERS)
        for record in generate_records(n_patents, seed, chains):
            writer.writerow([record[h] for h in CNIPA_HEADERS])
            _count(summary, record, applicants)
    summary.applicants = len(applicants)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def generate_records(
    n: int, seed: int = 0, chains: Mapping[str, Chain] | None = None
) -> Iterator[dict[str, str]]:
    """Synthetic rows keyed by the CNIPA headers, plus the truth behind them (not written to CSV):
    `_chain_id`, `_segment_key`, `_applicant_kinds` (`;`-joined like the applicants) and `_city`."""
    world = World(load_chains() if chains is None else chains, load_vocabulary(), n, seed)
    rng = random.Random(seed)
    for _ in range(n):
        yield world.make_record(rng)


def load_vocabulary(path: str | Path = VOCABULARY_PATH) -> dict[str, Any]:
    """The generator's names and weights."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def application_check_digit(twelve_digits: str) -> str:
    """CNIPA check digit of a 12-digit application number (weights 2-9,2-5, mod 11, 10 -> X)."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    value = sum(int(d) * w for d, w in zip(twelve_digits, weights, strict=True)) % 11
    return "X" if value == 10 else str(value)


class World(Population):
    """A population that files: one synthetic CNIPA row at a time."""

    def make_record(self, rng: random.Random) -> dict[str, str]:
        """One synthetic patent row."""
        individual = rng.random() < INDIVIDUAL_APPLICANT_RATE
        if individual:
            city = self._pick(rng, self.cities, self.city_cum)
            ref = self._individual_segment(rng, city)
            kind = "individual"
        else:
            org = self.orgs[pick_index(rng, self.org_cum)]
            ref = self._pick(rng, org.segments, org.segment_cum)
            city, kind = org.city, org.kind
        segment = self.segments[ref]
        year = FIRST_YEAR + pick_index(rng, self.year_cum[ref])
        last_day = LAST_FILING_DAY_OF_CUTOFF_YEAR if year == LAST_YEAR else 364
        filed = date(year, 1, 1) + timedelta(days=rng.randint(0, last_day))
        patent_type = rng.choices(PATENT_TYPES, weights=TYPE_WEIGHTS[kind])[0]
        k = rng.choices(range(1, 9), weights=INVENTOR_COUNT_WEIGHTS)[0]

        if individual:
            person = self.person_name(rng)
            applicants, kinds = [person], ["individual"]
            inventors = [person] + [self.person_name(rng) for _ in range(min(k, 3) - 1)]
            address = self._street_address(rng, city)
        else:
            partners = self._co_applicants(rng, org) if rng.random() < CO_APPLICATION_RATE else []
            applicants = [org.name] + [self.orgs[p].name for p in partners]
            kinds = [org.kind] + [self.orgs[p].kind for p in partners]
            own = k - min(len(partners), max(0, k - 1))
            inventors = self.pick_inventors(rng, org, own, year)
            for p in partners:
                if len(inventors) < k:
                    for name in self.pick_inventors(rng, self.orgs[p], rng.randint(1, 2), year):
                        if name not in inventors and len(inventors) < k:
                            inventors.append(name)
            address = org.address

        ipc = self._ipc_codes(rng, ref)
        title = self._title(rng, segment, patent_type)
        number, published, status = self._numbers(rng, patent_type, filed)
        agency_rate = 0.7 if kind in ("university", "research_institute") else 0.5
        return {
            "申请号": self._application_number(rng, year, patent_type),
            "申请日": filed.strftime("%Y.%m.%d"),
            "公开(公告)号": number,
            "公开(公告)日": published.strftime("%Y.%m.%d"),
            "发明名称": title,
            "摘要": self._abstract(rng, segment, patent_type, title),
            "申请(专利权)人": ";".join(applicants),
            "发明(设计)人": ";".join(inventors),
            "主分类号": ipc[0],
            "分类号": ";".join(ipc),
            "申请人地址": address,
            "国省代码": "江苏;32",
            "专利类型": PATENT_TYPE_ZH[patent_type],
            "法律状态": status,
            "代理机构": rng.choice(self.agencies[city]) if rng.random() < agency_rate else "",
            "权利要求数": str(claims_count(rng, patent_type)),
            "_chain_id": ref[0],
            "_segment_key": ref[1],
            "_applicant_kinds": ";".join(kinds),
            "_city": city,
        }

    def _individual_segment(self, rng: random.Random, city: str) -> SegmentRef:
        refs = list(self.segments)
        cum = self._individual_cum.get(city)
        if cum is None:
            affinity = self.vocab["cities"][city]["chain_affinity"]
            cum = cumulative(affinity.get(r[0], 1.0) * self._segment_city_factor(r, city) for r in refs)
            self._individual_cum[city] = cum
        return self._pick(rng, refs, cum)

    def _co_applicants(self, rng: random.Random, org: Organisation) -> list[int]:
        chosen: list[int] = []
        for _ in range(2 if rng.random() < 0.12 else 1):
            if org.kind == "firm":
                if org.partner is not None and rng.random() < 0.6:
                    other = org.partner
                elif rng.random() < 0.55:
                    other = self._pick(rng, self.universities, self.university_cum)
                else:
                    other = rng.choice(self.firms_by_city[org.city])
            else:
                linked = self.firms_by_partner.get(org.index)
                if linked and rng.random() < 0.7:
                    other = rng.choice(linked)
                elif rng.random() < 0.75:
                    other = rng.choice(self.firms_by_city.get(org.city) or self.firms_by_city[self.cities[0]])
                else:
                    other = self._pick(rng, self.universities, self.university_cum)
            if other != org.index and other not in chosen:
                chosen.append(other)
        return chosen

    def _ipc_codes(self, rng: random.Random, ref: SegmentRef) -> list[str]:
        segment = self.segments[ref]
        codes = [rng.choice(segment.ipc_examples)]
        chain = self.chains[ref[0]]
        wanted = 1 + rng.choice((1, 1, 2))
        for attempt in range(12):
            if len(codes) == wanted:
                break
            if rng.random() < 0.65 and attempt < 6:
                source = segment
            else:  # a neighbour in the chain: something it feeds, else any segment
                keys = segment.feeds or tuple(s.key for s in chain.segments)
                source = chain.segment(rng.choice(keys))
            code = rng.choice(source.ipc_examples)
            if code not in codes:
                codes.append(code)
        return codes

    def _title(self, rng: random.Random, segment: Segment, patent_type: str) -> str:
        a, b = rng.sample(segment.keywords_zh, 2)
        templates = _TITLES[patent_type]
        return rng.choice(templates).format(a=a, b=b, m=f"{rng.choice('ABCDEFGHKMSTX')}{rng.randint(1, 9)}")

    def _abstract(self, rng: random.Random, segment: Segment, patent_type: str, title: str) -> str:
        a, b = rng.sample(segment.keywords_zh, 2)
        effect = rng.choice(_EFFECTS)
        if patent_type == "design":
            return (
                f"1．本外观设计产品的名称：{title}。2．本外观设计产品的用途：用于{segment.name_zh}领域。"
                "3．本外观设计产品的设计要点：在于形状。4．最能表明设计要点的图片或照片：立体图1。"
            )
        if patent_type == "utility_model":
            p1, p2, p3 = rng.sample(_PARTS, 3)
            return (
                f"本实用新型公开了{title}，涉及{segment.name_zh}技术领域，包括{p1}、{p2}和{p3}，"
                f"所述{p1}与{p2}固定连接，所述{p3}设置于{p2}的一侧，用于安装{a}。"
                f"本实用新型结构简单，便于{b}的装配与维护，{effect}。"
            )
        return (
            f"本发明公开了{title}，属于{segment.name_zh}技术领域。该方法包括：获取{a}的状态数据；"
            f"根据所述状态数据确定{b}的目标参数；按照所述目标参数对{b}进行调节。"
            f"本发明将{a}与{b}相结合，{effect}。"
        )

    def _application_number(self, rng: random.Random, year: int, patent_type: str) -> str:
        kind_digit = {"invention": "1", "utility_model": "2", "design": "3"}[patent_type]
        key = (year, kind_digit)
        serial = self.application_serial.get(key)
        serial = rng.randint(1_000, 60_000) if serial is None else serial + rng.randint(1, 12)
        self.application_serial[key] = serial
        digits = f"{year}{kind_digit}{serial:07d}"
        return f"{digits}.{application_check_digit(digits)}"

    def _numbers(self, rng: random.Random, patent_type: str, filed: date) -> tuple[str, date, str]:
        """Publication number, its date and the legal status, consistent with the type and age."""
        age_years = (CUTOFF - filed).days / 365
        if patent_type == "invention":
            published = before_cutoff(rng, filed, rng.randint(180, 540))
            granted_on = filed + timedelta(days=rng.randint(540, 1200))
            granted = granted_on <= CUTOFF and rng.random() < 0.68
            if granted:
                published, kind = granted_on, "B"
                status = "失效" if rng.random() < min(0.5, 0.03 * age_years) else "有效"
            else:
                kind = "A"
                status = "审中" if granted_on > CUTOFF or rng.random() < 0.15 else "失效"
        else:
            low, high = (120, 300) if patent_type == "utility_model" else (90, 240)
            published = before_cutoff(rng, filed, rng.randint(low, high))
            kind = "U" if patent_type == "utility_model" else "S"
            status = "失效" if rng.random() < min(0.6, 0.06 * age_years) else "有效"
        return self._publication_number(rng, patent_type, published.year, kind), published, status

    def _publication_number(self, rng: random.Random, patent_type: str, year: int, kind: str) -> str:
        # Number ranges per year follow CNIPA's: inventions CN104.. -> CN120.., utility models
        # CN204.. -> CN223.., designs CN303.. -> CN309..; a serial per type and year keeps them unique.
        base, per_year = _PUBLICATION_RANGES[patent_type]
        key = (year, patent_type)
        serial = self.publication_serial.get(key)
        serial = rng.randint(0, 50_000) if serial is None else serial + rng.randint(1, 2)
        self.publication_serial[key] = serial
        return f"CN{base + (year - FIRST_YEAR) * per_year + serial}{kind}"

    @staticmethod
    def _pick(rng: random.Random, items: Sequence[Any], cum: Sequence[float]) -> Any:
        return items[pick_index(rng, cum)]


_PUBLICATION_RANGES = {
    "invention": (104_500_000, 1_550_000),
    "utility_model": (204_000_000, 1_900_000),
    "design": (303_000_000, 650_000),
}
_TITLES = {
    "invention": (
        "一种{a}及其制备方法", "一种基于{a}的{b}方法", "{a}的{b}方法及系统", "一种{a}装置及{b}方法",
        "一种用于{a}的{b}", "基于{a}的{b}系统、设备及存储介质", "一种{a}控制方法", "{a}检测方法及装置",
    ),
    "utility_model": (
        "一种{a}装置", "一种{a}结构", "一种用于{a}的{b}组件", "一种{a}的安装结构", "一种{a}及{b}装置",
        "一种便于维护的{a}",
    ),
    "design": ("{a}", "{a}（{m}型）", "{a}外壳", "{a}控制器"),
}  # fmt: skip
_EFFECTS = (
    "提高了精度和效率", "降低了生产成本", "提升了系统的稳定性与可靠性", "减小了体积和重量",
    "缩短了响应时间", "提高了良品率", "延长了使用寿命", "降低了能耗",
)  # fmt: skip
_PARTS = ("底座", "壳体", "连接件", "安装板", "固定架", "驱动组件", "支撑杆", "控制模块", "散热片", "密封圈", "导轨", "盖板")


def _count(summary: GenerationSummary, record: Mapping[str, str], applicants: set[str]) -> None:
    summary.rows += 1
    summary.patent_types[record["专利类型"]] += 1
    summary.cities[record["_city"]] += 1
    summary.chains[record["_chain_id"]] += 1
    summary.segments[f"{record['_chain_id']}/{record['_segment_key']}"] += 1
    names = record["申请(专利权)人"].split(";")
    summary.co_applied += len(names) > 1
    summary.inventor_mentions += record["发明(设计)人"].count(";") + 1
    applicants.update(names)

