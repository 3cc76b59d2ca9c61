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

Vocabulary and weights live in `synthetic_jiangsu.yaml` next to this module.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import random
import time
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from extract.chains.model import Chain, Segment, load_chains

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


class World:
    """The organisation table, pools and counters one run draws from (bounded by the run's size)."""

    def __init__(self, chains: Mapping[str, Chain], vocabulary: Mapping[str, Any], n: int, seed: int):
        self.chains = chains
        self.vocab = vocabulary
        self.seed = seed
        self.segments: dict[SegmentRef, Segment] = {
            (c.id, s.key): s for c in chains.values() for s in c.segments
        }
        rng = random.Random(seed * 1_000_003 + 1)
        self.cities = list(vocabulary["cities"])
        self.city_cum = _cumulative(vocabulary["cities"][c]["weight"] for c in self.cities)
        self.surnames = list(vocabulary["surnames"])
        self.surname_cum = _cumulative(1 / (rank + 4) ** 0.9 for rank in range(len(self.surnames)))
        self.year_cum = {ref: self._year_weights(ref) for ref in self.segments}
        self.orgs: list[Organisation] = []
        self._share: dict[int, float] = {}  # organisation index -> expected share of all rows
        self._build_institutions(n)
        self._build_firms(n, rng)
        self.org_cum = _cumulative(self._share[o.index] for o in self.orgs)
        self.universities = [o.index for o in self.orgs if o.kind != "firm"]
        self.university_cum = _cumulative(self._share[i] for i in self.universities)
        self.firms_by_city: dict[str, list[int]] = {}
        self.firms_by_partner: dict[int, list[int]] = {}
        for org in self.orgs:
            if org.kind == "firm":
                self.firms_by_city.setdefault(org.city, []).append(org.index)
                if org.partner is not None:
                    self.firms_by_partner.setdefault(org.partner, []).append(org.index)
        self.moved_out: dict[int, dict[int, int]] = {}
        for org in self.orgs:
            if org.mover is not None and org.partner is not None:
                self.moved_out.setdefault(org.partner, {})[org.mover[0]] = org.mover[1]
        self.agencies = {
            city: [f"{city}{_stem(rng, vocabulary)}{rng.choice(vocabulary['agency_forms'])}" for _ in range(6)]
            for city in self.cities
        }
        self.application_serial: dict[tuple[int, str], int] = {}
        self.publication_serial: dict[tuple[int, str], int] = {}
        self._individual_cum: dict[str, tuple[float, ...]] = {}
        self.pool = lru_cache(maxsize=8192)(self._make_pool)

    # --- organisations -------------------------------------------------------------------------

    def _build_institutions(self, n: int) -> None:
        institutions = self.vocab["institutions"]
        total = sum(i["weight"] for i in institutions)
        for item in institutions:
            index = len(self.orgs)
            share = UNIVERSITY_SHARE * (1 - INDIVIDUAL_APPLICANT_RATE) * item["weight"] / total
            refs, cum = self._institution_segments(item)
            self._share[index] = share
            self.orgs.append(
                Organisation(
                    index=index,
                    name=item["name"],
                    kind=item["kind"],
                    city=item["city"],
                    address=item["address"],
                    segments=refs,
                    segment_cum=cum,
                    pool_size=_pool_size(n * share, 8, 4000),
                )
            )

    def _institution_segments(self, item: Mapping[str, Any]) -> tuple[tuple[SegmentRef, ...], tuple[float, ...]]:
        refs: list[SegmentRef] = []
        weights: list[float] = []
        for chain_id, chain_weight in item["chains"].items():
            chain = self.chains.get(chain_id)
            if chain is None:
                continue
            for segment in chain.segments:
                refs.append((chain_id, segment.key))
                # Universities work across a chain; a city gap only thins their filings there.
                factor = self._segment_city_factor((chain_id, segment.key), item["city"])
                weights.append(chain_weight * max(0.3, factor))
        return tuple(refs), _cumulative(weights)

    def _build_firms(self, n: int, rng: random.Random) -> None:
        count = max(300, min(30_000, n // 15))
        firm_share = 1 - UNIVERSITY_SHARE
        zipf = [1 / (rank + 5) ** 1.05 for rank in range(count)]
        zipf_total = sum(zipf)
        chain_ids = [c for c in self.vocab["chain_weights"] if c in self.chains]
        names: set[str] = set(o.name for o in self.orgs)
        firm_city_cum = self._firm_city_weights()
        offset = rng.random()
        for rank in range(count):
            index = len(self.orgs)
            share = firm_share * (1 - INDIVIDUAL_APPLICANT_RATE) * zipf[rank] / zipf_total
            # Golden-ratio steps spread cities evenly down the ranking, so the few big firms do not
            # land in one small city by chance and swing its total.
            u = (offset + rank * 0.6180339887) % 1.0
            city = self.cities[_at(firm_city_cum, u)]
            affinity = self.vocab["cities"][city]["chain_affinity"]
            chain_cum = _cumulative(self.vocab["chain_weights"][c] * affinity.get(c, 1.0) for c in chain_ids)
            chain_id = self._pick(rng, chain_ids, chain_cum)
            refs, cum = self._firm_segments(rng, chain_id, city)
            name = self._firm_name(rng, city, chain_id, rank, count, names)
            partner = self._partner_university(rng, city) if rng.random() < 0.35 else None
            mover = None
            if partner is not None and rng.random() < MOVER_RATE:
                mover = (rng.randrange(self.orgs[partner].pool_size), rng.randint(2016, 2023))
            self._share[index] = share
            self.orgs.append(
                Organisation(
                    index=index,
                    name=name,
                    kind="firm",
                    city=city,
                    address=self._street_address(rng, city),
                    segments=refs,
                    segment_cum=cum,
                    pool_size=_pool_size(n * share, 2, 1500),
                    partner=partner,
                    mover=mover,
                )
            )

    def _firm_city_weights(self) -> tuple[float, ...]:
        """City weights for firms: what each city's target share leaves after its universities."""
        total = sum(self.vocab["cities"][c]["weight"] for c in self.cities)
        academic = {c: 0.0 for c in self.cities}
        for org in self.orgs:
            academic[org.city] += self._share[org.index]
        organisational = 1 - INDIVIDUAL_APPLICANT_RATE
        return _cumulative(
            max(0.002, self.vocab["cities"][c]["weight"] / total * organisational - academic[c])
            for c in self.cities
        )

    def _firm_segments(
        self, rng: random.Random, chain_id: str, city: str
    ) -> tuple[tuple[SegmentRef, ...], tuple[float, ...]]:
        chain = self.chains[chain_id]
        refs = [(chain_id, s.key) for s in chain.segments]
        cum = _cumulative(self._segment_city_factor(r, city) for r in refs)
        chosen: list[SegmentRef] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            ref = self._pick(rng, refs, cum)
            if ref not in chosen:
                chosen.append(ref)
        return tuple(chosen), _cumulative(1 / (i + 1) for i in range(len(chosen)))

    def _segment_city_factor(self, ref: SegmentRef, city: str) -> float:
        """How strong a city is in a segment: cluster bonus, or a gap for about one pair in five."""
        bonus = self.vocab.get("segment_affinity", {}).get(f"{ref[0]}/{ref[1]}", {}).get(city)
        if bonus:
            return float(bonus)
        # Gaps are fixed by name, not by seed, so every run shows the same weak spots.
        if zlib.crc32(f"{city}|{ref[0]}|{ref[1]}".encode()) % 5 == 0:
            return 0.05
        return 1.0

    def _firm_name(
        self, rng: random.Random, city: str, chain_id: str, rank: int, count: int, taken: set[str]
    ) -> str:
        big = rank < count * 0.05
        form = "股份有限公司" if rng.random() < (0.5 if big else 0.08) else "有限公司"
        place = "江苏" if rng.random() < 0.1 else city
        industry = self.vocab["industry_words"][chain_id]
        for _ in range(50):
            name = f"{place}{_stem(rng, self.vocab)}{rng.choice(industry)}{form}"
            if name not in taken:
                taken.add(name)
                return name
        name = f"{place}{_stem(rng, self.vocab)}{_stem(rng, self.vocab)}{rng.choice(industry)}{form}"
        taken.add(name)
        return name

    def _partner_university(self, rng: random.Random, city: str) -> int:
        local = [o.index for o in self.orgs if o.kind != "firm" and o.city == city]
        if local and rng.random() < 0.7:
            return rng.choice(local)
        academic = [o.index for o in self.orgs if o.kind != "firm"]
        return rng.choice(academic)

    def _street_address(self, rng: random.Random, city: str) -> str:
        district = rng.choice(self.vocab["cities"][city]["districts"])
        road = rng.choice(self.vocab["road_words"]) + rng.choice(self.vocab["road_kinds"])
        return f"江苏省{city}市{district}{road}{rng.randint(1, 999)}号"

    def _year_weights(self, ref: SegmentRef) -> tuple[float, ...]:
        trend = self.vocab.get("segment_trends", {}).get(f"{ref[0]}/{ref[1]}", {})
        start = trend.get("start", FIRST_YEAR)
        growth = trend.get("growth", self.vocab.get("default_growth", 1.1))
        weights = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            weight = 0.0 if year < start else growth ** (year - start) * (1 + (year - FIRST_YEAR) * 0.05)
            if year == LAST_YEAR:
                weight *= LAST_FILING_DAY_OF_CUTOFF_YEAR / 365 * 0.7  # part year, not all published
            weights.append(weight)
        return _cumulative(weights)

    # --- people --------------------------------------------------------------------------------

    def _make_pool(self, org_index: int) -> tuple[str, ...]:
        org = self.orgs[org_index]
        rng = random.Random(self.seed * 7_919 + org_index * 104_729 + 17)
        names = [self.person_name(rng) for _ in range(org.pool_size)]
        if org.mover is not None and org.partner is not None:
            names[0] = self.pool(org.partner)[org.mover[0]]  # leads team 0 once they have moved
        return tuple(names)

    def person_name(self, rng: random.Random) -> str:
        """A plausible Chinese personal name."""
        surname = self._pick(rng, self.surnames, self.surname_cum)
        chars = self.vocab["given_chars"]
        given = rng.choice(chars) if rng.random() < 0.35 else rng.choice(chars) + rng.choice(chars)
        return surname + given

    def _available(self, org: Organisation, member: int, year: int) -> bool:
        if org.kind == "firm":
            return not (member == 0 and org.mover is not None and year < org.mover[1])
        moved = self.moved_out.get(org.index)
        return not (moved and member in moved and year >= moved[member])

    def pick_inventors(self, rng: random.Random, org: Organisation, k: int, year: int) -> list[str]:
        """k colleagues from one team of the organisation (neighbouring teams when it is too small)."""
        pool = self.pool(org.index)
        size = len(pool)
        teams = (size + TEAM_SIZE - 1) // TEAM_SIZE
        start = int(teams * rng.random() ** 1.5) * TEAM_SIZE
        span = min(size, max(k + 2, TEAM_SIZE))
        order = [(start + i) % size for i in range(span)]
        head = order[:TEAM_SIZE]
        if rng.random() < 0.5:  # half the time the team lead is not named first
            rng.shuffle(head)
        names: list[str] = []
        for member in head + order[TEAM_SIZE:]:
            if self._available(org, member, year) and pool[member] not in names:
                names.append(pool[member])
                if len(names) == k:
                    break
        return names

    # --- one patent ----------------------------------------------------------------------------

    def make_record(self, rng: random.Random) -> dict[str, str]:
        """One synthetic patent row."""
        individual = rng.random() < INDIVIDUAL_APPLICANT_RATE
        if individual:
            city = self._pick(rng, self.cities, self.city_cum)
            ref = self._individual_segment(rng, city)
            kind = "individual"
        else:
            org = self.orgs[_index(rng, self.org_cum)]
            ref = self._pick(rng, org.segments, org.segment_cum)
            city, kind = org.city, org.kind
        segment = self.segments[ref]
        year = FIRST_YEAR + _index(rng, self.year_cum[ref])
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
            "权利要求数": str(_claims(rng, patent_type)),
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
            cum = _cumulative(affinity.get(r[0], 1.0) * self._segment_city_factor(r, city) for r in refs)
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
            published = _before_cutoff(rng, filed, rng.randint(180, 540))
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
            published = _before_cutoff(rng, filed, rng.randint(low, high))
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
        return items[_index(rng, cum)]


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


def _index(rng: random.Random, cum: Sequence[float]) -> int:
    """A weighted random index from cumulative weights."""
    return _at(cum, rng.random())


def _at(cum: Sequence[float], u: float) -> int:
    """The index that fraction `u` (0-1) of the total weight falls in."""
    return min(bisect.bisect_right(cum, u * cum[-1]), len(cum) - 1)


def _before_cutoff(rng: random.Random, filed: date, lag_days: int) -> date:
    published = filed + timedelta(days=lag_days)
    if published > CUTOFF:
        room = (CUTOFF - filed).days
        published = filed + timedelta(days=max(30, room - rng.randint(0, min(30, room // 2))))
    return min(published, CUTOFF)


def _claims(rng: random.Random, patent_type: str) -> int | str:
    if patent_type == "invention":
        return max(1, min(30, int(rng.gauss(9.5, 3.5))))
    if patent_type == "utility_model":
        return max(1, min(15, int(rng.gauss(7, 2.5))))
    return ""


def _pool_size(expected_patents: float, low: int, high: int) -> int:
    mean_inventors = sum((i + 1) * w for i, w in enumerate(INVENTOR_COUNT_WEIGHTS)) / sum(INVENTOR_COUNT_WEIGHTS)
    return max(low, min(high, round(expected_patents * mean_inventors / PATENTS_PER_INVENTOR)))


def _stem(rng: random.Random, vocab: Mapping[str, Any]) -> str:
    first, second = rng.sample(vocab["brand_stems"], 2)
    return first + second


def _cumulative(weights: Any) -> tuple[float, ...]:
    return tuple(itertools.accumulate(float(w) for w in weights))


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
