"""Who files in the demo data: universities, institutes and firms with their cities, segments,
inventor pools and movers (bounded by the run's size)."""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from demo_data.sampling import (
    FIRST_YEAR,
    INDIVIDUAL_APPLICANT_RATE,
    LAST_FILING_DAY_OF_CUTOFF_YEAR,
    LAST_YEAR,
    MOVER_RATE,
    TEAM_SIZE,
    UNIVERSITY_SHARE,
    Organisation,
    SegmentRef,
    brand_stem,
    cumulative,
    index_at,
    pool_size,
)
from extract.chains.model import Chain, Segment

class Population:
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
        self.city_cum = cumulative(vocabulary["cities"][c]["weight"] for c in self.cities)
        self.surnames = list(vocabulary["surnames"])
        self.surname_cum = cumulative(1 / (rank + 4) ** 0.9 for rank in range(len(self.surnames)))
        self.year_cum = {ref: self._year_weights(ref) for ref in self.segments}
        self.orgs: list[Organisation] = []
        self._share: dict[int, float] = {}  # organisation index -> expected share of all rows
        self._build_institutions(n)
        self._build_firms(n, rng)
        self.org_cum = cumulative(self._share[o.index] for o in self.orgs)
        self.universities = [o.index for o in self.orgs if o.kind != "firm"]
        self.university_cum = cumulative(self._share[i] for i in self.universities)
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
            city: [f"{city}{brand_stem(rng, vocabulary)}{rng.choice(vocabulary['agency_forms'])}" for _ in range(6)]
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
                    pool_size=pool_size(n * share, 8, 4000),
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
        return tuple(refs), cumulative(weights)

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
            city = self.cities[index_at(firm_city_cum, u)]
            affinity = self.vocab["cities"][city]["chain_affinity"]
            chain_cum = cumulative(self.vocab["chain_weights"][c] * affinity.get(c, 1.0) for c in chain_ids)
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
                    pool_size=pool_size(n * share, 2, 1500),
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
        return cumulative(
            max(0.002, self.vocab["cities"][c]["weight"] / total * organisational - academic[c])
            for c in self.cities
        )

    def _firm_segments(
        self, rng: random.Random, chain_id: str, city: str
    ) -> tuple[tuple[SegmentRef, ...], tuple[float, ...]]:
        chain = self.chains[chain_id]
        refs = [(chain_id, s.key) for s in chain.segments]
        cum = cumulative(self._segment_city_factor(r, city) for r in refs)
        chosen: list[SegmentRef] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            ref = self._pick(rng, refs, cum)
            if ref not in chosen:
                chosen.append(ref)
        return tuple(chosen), cumulative(1 / (i + 1) for i in range(len(chosen)))

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
            name = f"{place}{brand_stem(rng, self.vocab)}{rng.choice(industry)}{form}"
            if name not in taken:
                taken.add(name)
                return name
        name = f"{place}{brand_stem(rng, self.vocab)}{brand_stem(rng, self.vocab)}{rng.choice(industry)}{form}"
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
        return cumulative(weights)

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
