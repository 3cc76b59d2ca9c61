"""A small, hand-made Jiangsu graph for the API tests, written through GraphWriter like any load."""

from __future__ import annotations

from graph.batch import GraphBatch
from core.model import node_id

ORGS = [
    # key, name, kind, province, city, aliases
    ("nju", "南京大学", "university", "Jiangsu", "Nanjing", ["Nanjing University", "南京大學"]),
    ("seu", "东南大学", "university", "Jiangsu", "Nanjing", ["Southeast University"]),
    ("robot", "苏州机器人科技有限公司", "firm", "Jiangsu", "Suzhou", ["Suzhou Robotics Co., Ltd."]),
    ("huawei", "华为技术有限公司", "firm", "Guangdong", "Shenzhen", ["Huawei Technologies Co., Ltd."]),
] + [(f"firm{n}", f"江苏测试企业{n}号有限公司", "firm", "Jiangsu", "Nanjing" if n % 2 else "Suzhou", []) for n in range(8)]

INVENTORS = [("zhangwei", "张伟", ["Zhang Wei", "ZHANG, Wei"]), ("lina", "李娜", ["Li Na"]),
             ("wangfang", "王芳", []), ("liuyang", "刘洋", ["Liu Yang"])]

PATENT_COUNT = 30
CHAIN = "humanoid-robots"


def oid(key: str) -> str:
    return node_id("Organization", key)


def iid(key: str) -> str:
    return node_id("Inventor", key)


def pid(n: int) -> str:
    return node_id("Patent", f"CN{100000 + n}A")


def sid(key: str) -> str:
    return node_id("ChainSegment", CHAIN, key)


CHAIN_ID = node_id("IndustrialChain", CHAIN)
POLICY_JS = node_id("Policy", "苏政发〔2024〕1号")
POLICY_CN = node_id("Policy", "国发〔2023〕9号")


def patent_title(n: int) -> str:
    if n % 3 == 0:
        return f"一种人形机器人关节控制方法{n}"
    if n % 3 == 1:
        return f"Robot arm control device {n}"
    return f"锂电池隔膜材料{n}"


def build() -> list[GraphBatch]:
    batch = GraphBatch()
    for code, name, zh, level in [("CN", "China", "中国", "country"), ("CN-JS", "Jiangsu", "江苏省", "province"),
                                  ("CN-JS-Nanjing", "Nanjing", "南京市", "city"),
                                  ("CN-JS-Suzhou", "Suzhou", "苏州市", "city")]:
        batch.node("Region", node_id("Region", code), {"name": name, "name_zh": zh, "level": level, "code": code})
    for key, name, kind, province, city, aliases in ORGS:
        batch.node("Organization", oid(key), {"name": name, "name_norm": name.lower(), "kind": kind, "country": "CN",
                                             "province": province, "city": city}, aliases=[name, *aliases])
    for key, name, aliases in INVENTORS:
        batch.node("Inventor", iid(key), {"name": name, "country": "CN"}, aliases=aliases)
    segments = [("joint", "关节", "Joints", "upstream", ["F16H"]), ("control", "控制系统", "Control", "midstream", ["B25J9"]),
                ("robot", "整机", "Robots", "downstream", ["B25J"])]
    batch.node("IndustrialChain", CHAIN_ID, {"name_zh": "人形机器人", "name_en": "Humanoid robots", "version": "1"})
    for key, zh, en, position, ipc in segments:
        batch.node("ChainSegment", sid(key), {"key": key, "chain_id": CHAIN, "name_zh": zh, "name_en": en,
                                              "position": position, "ipc": ipc})
        batch.relationship("HAS_SEGMENT", ("IndustrialChain", CHAIN_ID), ("ChainSegment", sid(key)))
    batch.relationship("FEEDS", ("ChainSegment", sid("joint")), ("ChainSegment", sid("control")))
    batch.relationship("FEEDS", ("ChainSegment", sid("control")), ("ChainSegment", sid("robot")))
    org_keys = [o[0] for o in ORGS]
    for n in range(PATENT_COUNT):
        ipc = ["B25J9/16", "G05B19/00"] if n % 3 != 2 else ["H01M50/40"]
        batch.node("Patent", pid(n), {
            "number": f"CN{100000 + n}A", "office": "CN", "title": patent_title(n), "year": 2019 + n % 4,
            "type": "invention" if n % 2 == 0 else "utility_model", "ipc": ipc, "main_ipc": ipc[0],
            "application_date": f"{2019 + n % 4}-03-01", "claims_count": 10,
        })
        first = org_keys[n % len(org_keys)]
        batch.relationship("APPLIED_FOR", ("Organization", oid(first)), ("Patent", pid(n)), {"sequence": 1})
        if n % 2 == 0:  # every second patent is filed with 南京大学 as co-applicant
            second = "nju" if first != "nju" else "seu"
            batch.relationship("APPLIED_FOR", ("Organization", oid(second)), ("Patent", pid(n)), {"sequence": 2})
        for seq, inv in enumerate((INVENTORS[n % 4][0], INVENTORS[(n + 1) % 4][0]), start=1):
            batch.relationship("INVENTED", ("Inventor", iid(inv)), ("Patent", pid(n)), {"sequence": seq})
        if n % 3 != 2:
            batch.relationship("IN_SEGMENT", ("Patent", pid(n)), ("ChainSegment", sid("control")),
                               {"rule": "ipc", "confidence": 0.9})
    batch.relationship("AFFILIATED_WITH", ("Inventor", iid("zhangwei")), ("Organization", oid("nju")), {"patents": 5})
    for policy, title, region, date in [(POLICY_JS, "江苏省机器人产业发展行动计划", "CN-JS", "2024-02-01"),
                                        (POLICY_CN, "国家智能制造发展规划", "CN", "2023-05-01")]:
        batch.node("Policy", policy, {"title": title, "doc_number": title[:4], "region": region, "date": date,
                                      "language": "zh", "issuers": ["省政府"]})
        for ordinal in (1, 2):
            mid = node_id("Measure", policy, str(ordinal))
            batch.node("Measure", mid, {
                "ordinal": ordinal, "text": f"支持机器人企业研发 {ordinal}", "area": "funding" if ordinal == 1 else "talent",
                "actors": ["省工业和信息化厅"], "industries": ["robotics"], "confidence": 0.8,
            })
            batch.relationship("HAS_MEASURE", ("Policy", policy), ("Measure", mid), {"ordinal": ordinal})
            tid = node_id("Target", mid, "1")
            batch.node("Target", tid, {"metric": "产值", "comparator": ">=", "value": 1000.0, "unit": "亿元",
                                       "deadline": "2027"})
            batch.relationship("SETS_TARGET", ("Measure", mid), ("Target", tid))
            if ordinal == 1:
                batch.relationship("TARGETS_SEGMENT", ("Measure", mid), ("ChainSegment", sid("robot")),
                                   {"industry": "robotics", "confidence": 0.7})
    batch.rows = 1
    return [batch]


SAVED_QUERIES = {
    "api_test_orgs": """// name: api_test_orgs
// title: Organisations of one kind
// description: organisations of a kind, by id.
// param: kind string default="firm" values=firm|university
// param: limit int default=5 range=1..100
// returns: id, name, kind
MATCH (o:Organization) WHERE o.kind = $kind
RETURN o.id AS id, o.name AS name, o.kind AS kind ORDER BY o.id LIMIT $limit
""",
    "api_test_slow": """// name: api_test_slow
// title: A deliberately slow query
// description: counts a long range, to test the deadline.
// param: n int default=20000
// returns: n
UNWIND range(1, $n) AS a UNWIND range(1, $n) AS b RETURN count(*) AS n
""",
    "api_test_unbounded": """// name: api_test_unbounded
// title: Everything reachable (breaks the hop rule, so it is skipped)
// description: organisations reachable over any number of relationships.
// returns: name
MATCH (o:Organization)-[*]-(x:Organization) RETURN DISTINCT x.name AS name
""",
}
