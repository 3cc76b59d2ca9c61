"""Synthetic patent transactions for a synthetic patent set (demo_data.patents), as a transaction CSV.

Reads the generated CNIPA-style patent CSV and draws, per granted, valid patent (dates always after
grant and before the generator's cutoff, 2025-12-31):
  * university / institute patents: transferred to a firm (about 12%) or licensed (about 9%; ordinary,
    exclusive or sole), mostly to a firm that co-filed with the university, else a firm in the same city,
    and sometimes (about 15%) a firm outside Jiangsu (Shanghai, Zhejiang, Guangdong, Beijing);
    about one licence in eight is cancelled later;
  * firm patents: sometimes sold to another firm (about 3%), and pledged to a bank (about 7%): real
    Jiangsu banks (江苏银行, 南京银行, 苏州银行, rural commercial banks) and national banks' city branches;
    one pledge contract (登记号, amount) covers 1-4 patents of the pledgor; about a third are released
    (注销) one to three years later.
Amounts are in yuan (CNY): transfers 50k-5M, licences 20k-2M, pledges 1M-50M per contract.
The output follows the documented transaction format (extract.transactions.TRANSACTION_COLUMNS).
`render_legal_status` writes the same events in CNIPA register wording, for the legal-status path.
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from extract.orgs import classify_kind

COLUMNS = ("patent_number", "event_type", "event", "date", "from_party", "to_party", "licence_kind", "amount",
           "currency", "contract_number", "source")
CUTOFF = date(2025, 12, 31)
UNIVERSITY_TRANSFER_RATE = 0.12
UNIVERSITY_LICENCE_RATE = 0.09
FIRM_TRANSFER_RATE = 0.03
FIRM_PLEDGE_RATE = 0.07
OUT_OF_PROVINCE_RATE = 0.15
LICENCE_CANCEL_RATE = 0.125
PLEDGE_RELEASE_RATE = 0.33
_CITY = re.compile(r"江苏省(.{2,3}?)市")
BANKS_JIANGSU = ("江苏银行股份有限公司", "南京银行股份有限公司", "苏州银行股份有限公司", "江苏紫金农村商业银行股份有限公司",
                 "无锡农村商业银行股份有限公司", "江苏常熟农村商业银行股份有限公司", "江苏江南农村商业银行股份有限公司")
BANKS_NATIONAL = ("中国工商银行股份有限公司", "中国银行股份有限公司", "中国建设银行股份有限公司", "中国农业银行股份有限公司",
                  "交通银行股份有限公司", "招商银行股份有限公司", "兴业银行股份有限公司", "上海浦东发展银行股份有限公司")
OUTSIDE_FIRMS = ("上海{}智能科技有限公司", "杭州{}信息技术有限公司", "深圳市{}科技有限公司", "北京{}技术有限公司",
                 "宁波{}新材料有限公司", "合肥{}电子科技有限公司")
OUTSIDE_STEMS = ("云启", "智行", "华芯", "博远", "联创", "天成", "新锐", "领航", "恒达", "中科睿")


@dataclass(slots=True)
class Patent:
    number: str
    applicants: list[str]
    kinds: list[str]
    city: str | None
    granted: date
    valid: bool


@dataclass(slots=True)
class TransactionRow:
    patent_number: str
    event_type: str
    event: str
    date: str
    from_party: list[str]
    to_party: list[str]
    licence_kind: str = ""
    amount: float | None = None
    currency: str = ""
    contract_number: str = ""
    source: str = "synthetic"

    def cells(self) -> list[str]:
        return [self.patent_number, self.event_type, self.event, self.date, ";".join(self.from_party),
                ";".join(self.to_party), self.licence_kind,
                "" if self.amount is None else f"{self.amount:.0f}", self.currency, self.contract_number, self.source]


@dataclass
class TransactionSummary:
    path: str
    rows: list[TransactionRow] = field(default_factory=list)
    patents_read: int = 0
    eligible: int = 0

    def count(self, event_type: str, event: str = "effective") -> int:
        return sum(1 for r in self.rows if r.event_type == event_type and r.event == event)


def read_patents(path: str | Path) -> list[Patent]:
    """The patents of a generated CNIPA CSV with what the generator needs: applicants, kinds, city, grant."""
    out: list[Patent] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            number = row["公开(公告)号"]
            kind = number[-1:]
            published = date.fromisoformat(row["公开(公告)日"].replace(".", "-"))
            granted = kind in ("B", "U", "S")
            applicants = [a for a in row["申请(专利权)人"].split(";") if a]
            m = _CITY.search(row.get("申请人地址") or "")
            out.append(Patent(
                number=number, applicants=applicants, kinds=[classify_kind(a)[0] for a in applicants],
                city=m.group(1) if m else None, granted=published if granted else date.max,
                valid=granted and row["法律状态"] == "有效",
            ))
    return out


def _later(rng: random.Random, start: date, max_days: int) -> date | None:
    room = (CUTOFF - start).days
    if room < 20:
        return None
    return start + timedelta(days=rng.randint(15, min(room, max_days)))


def generate_transactions(
    patent_csv: str | Path, out_csv: str | Path, seed: int = 0
) -> TransactionSummary:
    """Write synthetic transactions for the patents in `patent_csv` to `out_csv`; return the rows written."""
    rng = random.Random(seed * 7_777 + 99)
    patents = read_patents(patent_csv)
    summary = TransactionSummary(str(out_csv), patents_read=len(patents))
    firms_by_city: dict[str, list[str]] = defaultdict(list)
    partners: dict[str, list[str]] = defaultdict(list)
    for p in patents:
        for name, kind in zip(p.applicants, p.kinds, strict=True):
            if kind == "firm" and p.city and name not in firms_by_city[p.city]:
                firms_by_city[p.city].append(name)
        academic = [n for n, k in zip(p.applicants, p.kinds, strict=True) if k in ("university", "research_institute")]
        firms = [n for n, k in zip(p.applicants, p.kinds, strict=True) if k == "firm"]
        for a in academic:
            partners[a].extend(f for f in firms if f not in partners[a])
    all_firms = sorted({f for fs in firms_by_city.values() for f in fs})
    if not all_firms:
        raise ValueError(f"{patent_csv}: no firm applicants to trade with")
    serial = {"X": 0, "Y": 0}

    def contract(prefix: str, day: date) -> str:
        serial[prefix] += 1
        return f"{prefix}{day.year}320000{serial[prefix]:04d}"

    def receiving_firm(owner: str, city: str | None) -> str:
        if rng.random() < OUT_OF_PROVINCE_RATE:
            return rng.choice(OUTSIDE_FIRMS).format(rng.choice(OUTSIDE_STEMS))
        if partners.get(owner) and rng.random() < 0.6:
            return rng.choice(partners[owner])
        local = [f for f in firms_by_city.get(city or "", []) if f != owner]
        return rng.choice(local) if local and rng.random() < 0.8 else rng.choice(all_firms)

    def bank(city: str | None) -> str:
        place = city or "南京"
        if rng.random() < 0.55:
            name = rng.choice(BANKS_JIANGSU)
            return name if name.startswith(("苏州", "无锡", "江苏紫金", "江苏常熟", "江苏江南")) else f"{name}{place}分行"
        return f"{rng.choice(BANKS_NATIONAL)}{place}分行"

    pledge_pool: dict[str, list[Patent]] = defaultdict(list)
    for p in patents:
        if not p.valid or p.granted > CUTOFF:
            continue
        summary.eligible += 1
        owner, kind = p.applicants[0], p.kinds[0]
        if kind in ("university", "research_institute"):
            u = rng.random()
            if u < UNIVERSITY_TRANSFER_RATE:
                day = _later(rng, p.granted, 5 * 365)
                if day:
                    to = receiving_firm(owner, p.city)
                    amount = round(rng.uniform(5, 500)) * 1e4 if rng.random() < 0.5 else None
                    summary.rows.append(TransactionRow(p.number, "transfer", "effective", day.isoformat(),
                                                       list(p.applicants), [to], amount=amount,
                                                       currency="CNY" if amount else ""))
            elif u < UNIVERSITY_TRANSFER_RATE + UNIVERSITY_LICENCE_RATE:
                day = _later(rng, p.granted, 5 * 365)
                if day:
                    to = receiving_firm(owner, p.city)
                    lk = rng.choices(("ordinary", "exclusive", "sole"), weights=(60, 25, 15))[0]
                    amount = round(rng.uniform(2, 200)) * 1e4 if rng.random() < 0.3 else None
                    number = contract("X", day)
                    summary.rows.append(TransactionRow(p.number, "licence", "effective", day.isoformat(), [owner], [to],
                                                       licence_kind=lk, amount=amount,
                                                       currency="CNY" if amount else "", contract_number=number))
                    if rng.random() < LICENCE_CANCEL_RATE and (end := _later(rng, day, 3 * 365)):
                        summary.rows.append(TransactionRow(p.number, "licence", "cancel", end.isoformat(), [owner],
                                                           [to], contract_number=number))
        elif kind == "firm":
            u = rng.random()
            if u < FIRM_TRANSFER_RATE:
                day = _later(rng, p.granted, 6 * 365)
                if day:
                    to = receiving_firm(owner, p.city)
                    if to != owner:
                        summary.rows.append(TransactionRow(p.number, "transfer", "effective", day.isoformat(),
                                                           [owner], [to]))
            elif u < FIRM_TRANSFER_RATE + FIRM_PLEDGE_RATE:
                pledge_pool[owner].append(p)
    for owner, owned in sorted(pledge_pool.items()):
        rng.shuffle(owned)
        while owned:
            size = min(len(owned), rng.randint(1, 4))
            group, owned = owned[:size], owned[size:]
            start = max(p.granted for p in group)
            day = _later(rng, start, 4 * 365)
            if day is None:
                continue
            pledgee = bank(group[0].city)
            number = contract("Y", day)
            amount = round(rng.uniform(100, 5000)) * 1e4
            release = _later(rng, day, 3 * 365) if rng.random() < PLEDGE_RELEASE_RATE else None
            for p in group:
                summary.rows.append(TransactionRow(p.number, "pledge", "effective", day.isoformat(), [owner],
                                                   [pledgee], amount=amount, currency="CNY", contract_number=number))
                if release:
                    summary.rows.append(TransactionRow(p.number, "pledge", "cancel", release.isoformat(), [owner],
                                                       [pledgee], contract_number=number))
    summary.rows.sort(key=lambda r: (r.date, r.patent_number, r.event_type, r.event))
    with open(out_csv, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in summary.rows:
            writer.writerow(row.cells())
    return summary


_TITLES = {
    ("transfer", "effective"): "专利权的转移",
    ("licence", "effective"): "专利实施许可合同备案的生效",
    ("licence", "change"): "专利实施许可合同备案的变更",
    ("licence", "cancel"): "专利实施许可合同备案的注销",
    ("pledge", "effective"): "专利权质押合同登记的生效",
    ("pledge", "change"): "专利权质押合同登记的变更",
    ("pledge", "cancel"): "专利权质押合同登记的注销",
}
_LICENCE_ZH = {"exclusive": "独占许可", "sole": "排他许可", "ordinary": "普通许可"}


def _compact(day: str) -> str:
    return day.replace("-", "")


def render_legal_status(rows: list[TransactionRow]) -> str:
    """The events of one patent in CNIPA register wording, one event per line (for a 法律状态 cell)."""
    lines = []
    for r in sorted(rows, key=lambda r: r.date):
        title = _TITLES[(r.event_type, r.event)]
        if r.event_type == "transfer":
            parts = ["变更事项:专利权人"]
            parts += [f"变更前权利人:{n}" for n in r.from_party] + [f"变更后权利人:{n}" for n in r.to_party]
            parts.append(f"登记生效日:{_compact(r.date)}")
        elif r.event_type == "licence":
            parts = [f"合同备案号:{r.contract_number}", f"让与人:{'、'.join(r.from_party)}",
                     f"受让人:{'、'.join(r.to_party)}"]
            if r.event == "effective":
                parts += [f"许可种类:{_LICENCE_ZH.get(r.licence_kind, r.licence_kind)}", f"备案日期:{_compact(r.date)}"]
            else:
                parts.append(f"解除日:{_compact(r.date)}")
        else:
            parts = [f"登记号:{r.contract_number}"]
            parts.append(f"{'登记生效日' if r.event == 'effective' else '解除日'}:{_compact(r.date)}")
            parts += [f"出质人:{'、'.join(r.from_party)}", f"质权人:{'、'.join(r.to_party)}"]
        lines.append(title + ";".join(parts))
    return "\n".join(lines)
