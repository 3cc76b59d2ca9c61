"""The synthetic Jiangsu CNIPA CSV: format, realism of its distributions, determinism."""

import csv
import hashlib
import itertools
import re
import statistics
from collections import Counter
from datetime import date

import pytest

from extract.chains import load_chains
from extract.classify import build_index, classify
from extract.ipc import normalize_ipc
from demo_data.patents import (
    CNIPA_HEADERS,
    World,
    application_check_digit,
    generate_cnipa_csv,
    generate_records,
    load_vocabulary,
)

N = 20_000
CITIES = ("南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁")
REAL_ACADEMIC = {  # every university or institute applicant must be one of these, in its own city
    "南京大学": "南京", "东南大学": "南京", "江南大学": "无锡", "苏州大学": "苏州", "江苏大学": "镇江",
    "中国矿业大学": "徐州", "南京航空航天大学": "南京", "南京理工大学": "南京", "河海大学": "南京",
    "南京邮电大学": "南京", "南京工业大学": "南京", "扬州大学": "扬州", "南京信息工程大学": "南京",
    "常州大学": "常州", "江苏科技大学": "镇江", "南通大学": "南通", "中国药科大学": "南京",
    "南京医科大学": "南京", "南京林业大学": "南京", "南京师范大学": "南京", "苏州科技大学": "苏州",
    "江苏师范大学": "徐州", "盐城工学院": "盐城", "淮阴工学院": "淮安", "江苏海洋大学": "连云港",
    "江苏理工学院": "常州", "常熟理工学院": "苏州", "宿迁学院": "宿迁", "泰州学院": "泰州",
    "西交利物浦大学": "苏州", "南京中医药大学": "南京", "徐州医科大学": "徐州",
    "江苏省产业技术研究院": "南京", "中国科学院苏州纳米技术与纳米仿生研究所": "苏州",
    "中国科学院苏州生物医学工程技术研究所": "苏州", "中国电子科技集团公司第五十五研究所": "南京",
    "中国电子科技集团公司第十四研究所": "南京", "国家超级计算无锡中心": "无锡",
    "江苏集萃智能制造技术研究所有限公司": "南京", "江苏集萃深度感知技术研究所有限公司": "无锡",
}  # fmt: skip
ACADEMIC_SUFFIX = re.compile(r"(大学|学院|研究所|研究院|中心|研究所有限公司)$")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "jiangsu.csv"
    summary = generate_cnipa_csv(path, N, seed=42)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return path, summary, rows


@pytest.fixture(scope="module")
def records():
    return list(generate_records(N, seed=42))


def test_file_is_utf8_bom_with_cnipa_headers(generated):
    path, summary, rows = generated
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == CNIPA_HEADERS
    assert len(rows) == summary.rows == N


def test_deterministic_for_a_seed(tmp_path, generated):
    path, _, _ = generated
    again = tmp_path / "again.csv"
    generate_cnipa_csv(again, N, seed=42)
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(path.read_bytes()).digest()
    other = [r["发明名称"] for r in itertools.islice(generate_records(200, seed=43), 200)]
    assert other != [r["发明名称"] for r in itertools.islice(generate_records(200, seed=42), 200)]


def test_all_in_jiangsu_cities(generated):
    _, _, rows = generated
    address = re.compile(rf"^江苏省({'|'.join(CITIES)})市")
    assert all(address.match(r["申请人地址"]) for r in rows)
    assert {r["国省代码"] for r in rows} == {"江苏;32"}


def test_city_sizes(records):
    cities = Counter(r["_city"] for r in records)
    assert set(cities) == set(CITIES)
    ranked = [c for c, _ in cities.most_common()]
    assert set(ranked[:2]) == {"苏州", "南京"} and "无锡" in ranked[2:4]
    assert cities["苏州"] > 5 * cities["宿迁"]


def test_academic_applicants_are_real_and_in_their_city(records):
    academic = Counter()
    for r in records:
        names = r["申请(专利权)人"].split(";")
        for name, kind in zip(names, r["_applicant_kinds"].split(";"), strict=True):
            if kind in ("university", "research_institute"):
                assert name in REAL_ACADEMIC, name
                academic[name] += 1
        if r["_applicant_kinds"].split(";")[0] in ("university", "research_institute"):
            assert r["_city"] == REAL_ACADEMIC[names[0]]
            assert r["申请人地址"].startswith(f"江苏省{REAL_ACADEMIC[names[0]]}市")
    assert len(academic) >= 25
    assert academic.most_common(1)[0][0] in ("东南大学", "江南大学", "江苏大学")


def test_firm_names(records):
    firms = {
        name
        for r in records
        for name, kind in zip(r["申请(专利权)人"].split(";"), r["_applicant_kinds"].split(";"), strict=True)
        if kind == "firm"
    }
    assert all(name.endswith("有限公司") for name in firms)
    assert all(name.startswith(CITIES + ("江苏",)) for name in firms)
    assert any(name.endswith("股份有限公司") for name in firms)
    assert sum(name.endswith("股份有限公司") for name in firms) < len(firms) / 3
    assert not any(ACADEMIC_SUFFIX.search(name) and name in REAL_ACADEMIC for name in firms)


def test_patent_type_shares(generated):
    _, _, rows = generated
    shares = {k: v / N for k, v in Counter(r["专利类型"] for r in rows).items()}
    assert shares["发明专利"] == pytest.approx(0.55, abs=0.05)
    assert shares["实用新型"] == pytest.approx(0.35, abs=0.05)
    assert shares["外观设计"] == pytest.approx(0.10, abs=0.04)


def test_numbers_consistent_with_type(generated):
    _, _, rows = generated
    kind_digit = {"发明专利": "1", "实用新型": "2", "外观设计": "3"}
    publication = {"发明专利": re.compile(r"^CN1\d{8}[AB]$"), "实用新型": re.compile(r"^CN2\d{8}U$"),
                   "外观设计": re.compile(r"^CN3\d{8}S$")}  # fmt: skip
    for r in rows:
        number, check = r["申请号"].split(".")
        assert len(number) == 12 and number[:4] == r["申请日"][:4] and number[4] == kind_digit[r["专利类型"]]
        assert check == application_check_digit(number)
        assert publication[r["专利类型"]].match(r["公开(公告)号"]), r["公开(公告)号"]
    assert len({r["申请号"] for r in rows}) == N
    assert len({r["公开(公告)号"] for r in rows}) == N


def test_check_digit_known_value():
    # digits 2,0,2,1,1,0,0,0,1,2,3,4 x weights 2,3,4,5,6,7,8,9,2,3,4,5 sum to 63; 63 mod 11 = 8.
    assert application_check_digit("202110001234") == "8"
    # 2,0,2,1,1,0,0,0,0,0,0,4 x the weights sum to 43; 43 mod 11 = 10, written X.
    assert application_check_digit("202110000004") == "X"


def test_dates_status_and_claims(generated):
    _, _, rows = generated
    years = Counter()
    for r in rows:
        filed = date(*map(int, r["申请日"].split(".")))
        published = date(*map(int, r["公开(公告)日"].split(".")))
        assert date(2015, 1, 1) <= filed < published <= date(2025, 12, 31)
        years[filed.year] += 1
        assert r["法律状态"] in ("有效", "失效", "审中")
        if r["法律状态"] == "审中":
            assert r["专利类型"] == "发明专利" and r["公开(公告)号"].endswith("A")
        if r["专利类型"] == "外观设计":
            assert r["权利要求数"] == ""
        if r["专利类型"] == "发明专利":
            assert 1 <= int(r["权利要求数"]) <= 30
    assert years[2023] > 2 * years[2016]  # filings grow


def test_co_applicants(generated):
    _, summary, rows = generated
    co = [r for r in rows if ";" in r["申请(专利权)人"]]
    assert 0.14 <= len(co) / N <= 0.21
    assert summary.co_applied == len(co)
    firm_and_academic = [
        r for r in co
        if any(ACADEMIC_SUFFIX.search(n) for n in r["申请(专利权)人"].split(";"))
        and any(n.endswith("有限公司") and n not in REAL_ACADEMIC for n in r["申请(专利权)人"].split(";"))
    ]  # fmt: skip
    assert len(firm_and_academic) > 0.4 * len(co)


def test_inventors_per_patent_and_names(generated):
    _, _, rows = generated
    counts = [len(r["发明(设计)人"].split(";")) for r in rows]
    assert 1 <= min(counts) and max(counts) <= 8
    assert 2.6 <= statistics.mean(counts) <= 3.6
    names = [n for r in rows for n in r["发明(设计)人"].split(";")]
    assert all(2 <= len(n) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", n) for n in names)
    assert all(len(set(r["发明(设计)人"].split(";"))) == len(r["发明(设计)人"].split(";")) for r in rows)


def test_colleagues_recur(generated):
    _, _, rows = generated
    pairs = Counter(
        pair
        for r in rows
        for pair in itertools.combinations(sorted(set(r["发明(设计)人"].split(";"))), 2)
    )
    assert sum(1 for c in pairs.values() if c >= 3) > 500


def test_applicants_long_tail(generated):
    _, _, rows = generated
    per_applicant = Counter(r["申请(专利权)人"].split(";")[0] for r in rows)
    ranked = [c for _, c in per_applicant.most_common()]
    top = sum(ranked[: max(1, len(ranked) // 100)])
    assert top > 0.15 * N  # the top 1% of applicants file a large share
    assert statistics.median(ranked) <= 3  # most applicants file a handful


def test_inventor_moves_from_university_to_firm():
    n, seed = 30_000, 5
    world = World(load_chains(), load_vocabulary(), n, seed)
    movers = {}
    for org in world.orgs:
        if org.mover is not None:
            name = world.pool(org.partner)[org.mover[0]]
            movers[name] = (world.orgs[org.partner].name, org.name, org.mover[1])
    assert movers
    seen_moves = 0
    where = {name: set() for name in movers}
    for r in generate_records(n, seed):
        year = int(r["申请日"][:4])
        applicants = r["申请(专利权)人"].split(";")
        for name in r["发明(设计)人"].split(";"):
            if name in movers:
                university, firm, moved = movers[name]
                if applicants[0] == university:
                    where[name].add(("university", year < moved))
                if applicants[0] == firm:
                    where[name].add(("firm", year >= moved))
    for places in where.values():
        if ("university", True) in places and ("firm", True) in places:
            seen_moves += 1
    assert seen_moves >= 1


def test_segments_covered_and_ipc_from_segment(records):
    chains = load_chains()
    index = build_index(chains)
    all_segments = {(c.id, s.key) for c in chains.values() for s in c.segments}
    seen = {(r["_chain_id"], r["_segment_key"]) for r in records}
    assert {c for c, _ in seen} == set(chains)
    assert len(seen) >= 0.95 * len(all_segments)
    for r in records[:3000]:
        codes = r["分类号"].split(";")
        assert codes[0] == r["主分类号"] and 2 <= len(codes) <= 3
        assert all(normalize_ipc(c) == c for c in codes)
        found = {(m.chain_id, m.segment_key) for m in classify(codes, r["发明名称"], index=index)}
        assert (r["_chain_id"], r["_segment_key"]) in found


def test_city_segment_gaps(records):
    # Some segments are much weaker in a city than in the province: the signal gap analysis needs.
    province = Counter((r["_chain_id"], r["_segment_key"]) for r in records)
    suzhou = Counter((r["_chain_id"], r["_segment_key"]) for r in records if r["_city"] == "苏州")
    share = sum(suzhou.values()) / len(records)
    weak = [seg for seg, n in province.items() if n >= 200 and suzhou[seg] < 0.35 * share * n]
    assert weak
