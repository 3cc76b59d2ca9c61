"""A small, realistic InnoGraph fixture: organisations in and outside Jiangsu, inventors, patents, one
industrial chain with segments, two policies with measures and targets, and a consortium.

`FIXTURE` is plain data; `write_fixture_graph(driver, database)` writes it through `GraphWriter` (the
way the product writes) and returns it. Tests compute their expectations from `FIXTURE` in Python,
never from the queries under test. Other test modules may reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import neo4j

from graph.batch import GraphBatch
from core.model import node_id
from graph.writer import GraphWriter

CHAIN = "humanoid-robots"


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    kind: str
    province: str
    city: str
    country: str = "CN"

    @property
    def id(self) -> str:
        return node_id("Organization", self.key)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    org: str  # Org.key of the affiliation

    @property
    def id(self) -> str:
        return node_id("Inventor", self.key)


@dataclass(frozen=True)
class Segment:
    key: str
    name_en: str
    name_zh: str
    position: str
    ipc: tuple[str, ...]

    @property
    def id(self) -> str:
        return node_id("ChainSegment", CHAIN, self.key)


@dataclass(frozen=True)
class Pat:
    number: str
    year: int
    type: str
    ipc: tuple[str, ...]
    applicants: tuple[str, ...]  # Org keys, in filing order
    inventors: tuple[str, ...]  # Person keys
    segments: tuple[tuple[str, str, float], ...]  # (segment key, rule, confidence)
    title: str = ""

    @property
    def id(self) -> str:
        return node_id("Patent", self.number)


@dataclass(frozen=True)
class TargetDef:
    metric: str
    comparator: str
    value: float
    unit: str
    deadline: int


@dataclass(frozen=True)
class MeasureDef:
    ordinal: int
    text: str
    span: tuple[int, int]
    section: str
    industries: tuple[str, ...]
    segments: tuple[str, ...]  # TARGETS_SEGMENT
    mentions: tuple[str, ...]  # Org keys MENTIONED_IN this measure
    targets: tuple[TargetDef, ...] = ()


@dataclass(frozen=True)
class PolicyDef:
    doc_number: str
    title: str
    region: str
    date: str
    issuer: str | None
    measures: tuple[MeasureDef, ...]
    mentions: tuple[str, ...] = ()  # Org keys MENTIONED_IN the policy itself
    implements: str | None = None  # doc_number of the implemented policy

    @property
    def id(self) -> str:
        return node_id("Policy", self.doc_number)

    def measure_id(self, ordinal: int) -> str:
        return node_id("Measure", self.id, str(ordinal))


@dataclass(frozen=True)
class RegionDef:
    code: str
    name: str
    name_zh: str
    level: str
    parent: str | None

    @property
    def id(self) -> str:
        return node_id("Region", self.code)


@dataclass
class Fixture:
    orgs: dict[str, Org]
    people: dict[str, Person]
    segments: dict[str, Segment]
    feeds: list[tuple[str, str]]
    patents: list[Pat]
    policies: list[PolicyDef]
    consortium: tuple[str, str, dict[str, str]]  # (name, kind, {org key: role})
    regions: list[RegionDef]
    org_region: dict[str, str] = field(default_factory=dict)  # org key -> region code

    @property
    def chain_id(self) -> str:
        return node_id("IndustrialChain", CHAIN)

    @property
    def consortium_id(self) -> str:
        return node_id("Consortium", self.consortium[0])

    def org_by_name(self, name: str) -> Org:
        return next(o for o in self.orgs.values() if o.name == name)

    def ipc_codes(self) -> set[str]:
        """Every IPC node written: full codes and their subclasses."""
        codes = {c for p in self.patents for c in p.ipc}
        return codes | {c[:4] for c in codes}


ORGS = [
    Org("nju", "南京大学", "university", "Jiangsu", "Nanjing"),
    Org("seu", "东南大学", "university", "Jiangsu", "Nanjing"),
    Org("jitri", "江苏省产业技术研究院", "research_institute", "Jiangsu", "Nanjing"),
    Org("sz_robot", "苏州智行机器人有限公司", "firm", "Jiangsu", "Suzhou"),
    Org("sz_vision", "苏州视界智能科技有限公司", "firm", "Jiangsu", "Suzhou"),
    Org("nj_ai", "南京智算科技有限公司", "firm", "Jiangsu", "Nanjing"),
    Org("wx_chip", "无锡芯源半导体有限公司", "firm", "Jiangsu", "Wuxi"),
    Org("cz_drive", "常州精密传动有限公司", "firm", "Jiangsu", "Changzhou"),
    Org("zju", "浙江大学", "university", "Zhejiang", "Hangzhou"),
    Org("sh_motion", "上海运动控制有限公司", "firm", "Shanghai", "Shanghai"),
    Org("thu", "清华大学", "university", "Beijing", "Beijing"),
    Org("js_miit", "江苏省工业和信息化厅", "government", "Jiangsu", "Nanjing"),
]

PEOPLE = [
    Person("wang_li", "王力", "nju"),
    Person("zhou_min", "周敏", "nju"),
    Person("li_qiang", "李强", "seu"),
    Person("chen_jing", "陈静", "jitri"),
    Person("zhang_wei", "张伟", "sz_robot"),
    Person("liu_yang", "刘洋", "sz_robot"),
    Person("sun_hao", "孙浩", "sz_vision"),
    Person("zhao_lei", "赵磊", "nj_ai"),
    Person("wu_fang", "吴芳", "wx_chip"),
    Person("xu_tao", "徐涛", "cz_drive"),
    Person("he_yun", "何云", "zju"),
    Person("ma_jun", "马骏", "sh_motion"),
    Person("gao_feng", "高峰", "thu"),
]

SEGMENTS = [
    Segment("reducer", "Precision reducers", "精密减速器", "upstream", ("F16H",)),
    Segment("servo_motor", "Servo motors", "伺服电机", "upstream", ("H02K", "H02P")),
    Segment("controller_chip", "Controller chips", "控制芯片", "upstream", ("H01L", "G06F")),
    Segment("perception", "Perception and vision", "感知与视觉", "midstream", ("G06V", "G06T")),
    Segment("ai_model", "Embodied AI models", "具身智能模型", "midstream", ("G06N",)),
    Segment("dexterous_hand", "Dexterous hands", "灵巧手", "midstream", ("B25J15",)),
    Segment("whole_robot", "Whole humanoid robots", "整机", "downstream", ("B25J",)),
]

FEEDS = [
    ("reducer", "whole_robot"),
    ("servo_motor", "whole_robot"),
    ("controller_chip", "perception"),
    ("ai_model", "perception"),
    ("perception", "whole_robot"),
    ("dexterous_hand", "whole_robot"),
]

_I, _U = "invention", "utility_model"
_IPC_RULE, _KW_RULE = "ipc", "keyword"

PATENTS = [
    # reducer
    Pat("CN110000001A", 2019, _I, ("F16H1/32", "F16H57/02"), ("cz_drive",), ("xu_tao",), (("reducer", _IPC_RULE, 0.9),),
        "谐波减速器柔轮"),
    Pat("CN110000002A", 2020, _I, ("F16H1/32",), ("cz_drive", "seu"), ("xu_tao", "li_qiang"), (("reducer", _IPC_RULE, 0.9),),
        "RV减速器摆线轮修形方法"),
    Pat("CN210000003U", 2021, _U, ("F16H57/02",), ("cz_drive",), ("xu_tao",), (("reducer", _IPC_RULE, 0.85),),
        "减速器密封结构"),
    Pat("CN110000004A", 2022, _I, ("F16H1/32", "B25J9/10"), ("sz_robot", "cz_drive"), ("zhang_wei", "xu_tao"),
        (("reducer", _IPC_RULE, 0.9), ("whole_robot", _IPC_RULE, 0.6)), "关节模组一体化减速器"),
    Pat("CN110000005A", 2023, _I, ("F16H49/00",), ("sh_motion",), ("ma_jun",), (("reducer", _IPC_RULE, 0.8),),
        "行星滚柱丝杠"),
    Pat("CN110000006A", 2021, _I, ("F16H1/32",), ("nju",), ("wang_li",), (("reducer", _IPC_RULE, 0.9),),
        "少齿差减速传动"),
    # servo motors
    Pat("CN110000007A", 2020, _I, ("H02K7/116",), ("sz_robot",), ("liu_yang",), (("servo_motor", _IPC_RULE, 0.9),),
        "无框力矩电机"),
    Pat("CN110000008A", 2021, _I, ("H02P21/00", "H02K7/116"), ("sz_robot", "nju"), ("liu_yang", "zhou_min"),
        (("servo_motor", _IPC_RULE, 0.9),), "伺服电机矢量控制"),
    Pat("CN110000009A", 2022, _I, ("H02K11/30",), ("sh_motion", "zju"), ("ma_jun", "he_yun"),
        (("servo_motor", _IPC_RULE, 0.9),), "电机编码器集成"),
    Pat("CN210000010U", 2022, _U, ("H02K5/20",), ("sz_robot",), ("zhang_wei",), (("servo_motor", _IPC_RULE, 0.8),),
        "电机散热壳体"),
    Pat("CN110000011A", 2023, _I, ("H02P6/08",), ("seu",), ("li_qiang",), (("servo_motor", _IPC_RULE, 0.9),),
        "永磁同步电机无位置传感器控制"),
    # controller chips
    Pat("CN110000012A", 2020, _I, ("H01L23/367",), ("wx_chip",), ("wu_fang",), (("controller_chip", _IPC_RULE, 0.9),),
        "芯片封装散热"),
    Pat("CN110000013A", 2021, _I, ("H01L25/065", "G06F15/78"), ("wx_chip", "seu"), ("wu_fang", "li_qiang"),
        (("controller_chip", _IPC_RULE, 0.9),), "运动控制SoC"),
    Pat("CN110000014A", 2022, _I, ("G06F15/78",), ("wx_chip",), ("wu_fang",), (("controller_chip", _IPC_RULE, 0.85),),
        "实时控制处理器"),
    Pat("CN110000015A", 2023, _I, ("H01L23/367",), ("thu",), ("gao_feng",), (("controller_chip", _IPC_RULE, 0.9),),
        "三维封装热管理"),
    Pat("CN110000016A", 2023, _I, ("G06F9/48",), ("wx_chip", "jitri"), ("wu_fang", "chen_jing"),
        (("controller_chip", _KW_RULE, 0.7),), "机器人实时任务调度"),
    # perception
    Pat("CN110000017A", 2020, _I, ("G06V20/10",), ("sz_vision",), ("sun_hao",), (("perception", _IPC_RULE, 0.9),),
        "双目视觉定位"),
    Pat("CN110000018A", 2021, _I, ("G06V40/20", "G06N3/08"), ("sz_vision", "nju"), ("sun_hao", "wang_li"),
        (("perception", _IPC_RULE, 0.9), ("ai_model", _IPC_RULE, 0.7)), "人体姿态识别"),
    Pat("CN110000019A", 2022, _I, ("G06T7/70",), ("sz_vision", "zju"), ("sun_hao", "he_yun"),
        (("perception", _IPC_RULE, 0.9),), "位姿估计"),
    Pat("CN110000020A", 2022, _I, ("G06V20/10", "G06T7/70"), ("nj_ai",), ("zhao_lei",), (("perception", _IPC_RULE, 0.9),),
        "多传感器融合感知"),
    Pat("CN110000021A", 2023, _I, ("G06V10/82", "G06N3/045"), ("nj_ai", "seu"), ("zhao_lei", "li_qiang"),
        (("perception", _IPC_RULE, 0.9), ("ai_model", _IPC_RULE, 0.8)), "视觉大模型"),
    Pat("CN210000022U", 2023, _U, ("G06V20/10",), ("sz_vision",), ("sun_hao",), (("perception", _IPC_RULE, 0.8),),
        "视觉传感器支架"),
    Pat("CN110000023A", 2024, _I, ("G06T7/70",), ("jitri", "sz_vision"), ("chen_jing", "sun_hao"),
        (("perception", _IPC_RULE, 0.9),), "手眼标定"),
    # AI models
    Pat("CN110000024A", 2020, _I, ("G06N3/08",), ("nju",), ("wang_li", "zhou_min"), (("ai_model", _IPC_RULE, 0.9),),
        "强化学习运动控制"),
    Pat("CN110000025A", 2021, _I, ("G06N3/08",), ("nj_ai",), ("zhao_lei",), (("ai_model", _IPC_RULE, 0.9),),
        "模仿学习策略"),
    Pat("CN110000026A", 2022, _I, ("G06N3/045",), ("nj_ai", "nju"), ("zhao_lei", "wang_li"),
        (("ai_model", _IPC_RULE, 0.9),), "具身智能基础模型"),
    Pat("CN110000027A", 2022, _I, ("G06N20/00",), ("sz_robot",), ("zhang_wei",), (("ai_model", _IPC_RULE, 0.85),),
        "机器人技能学习"),
    Pat("CN110000028A", 2023, _I, ("G06N3/08",), ("nj_ai",), ("zhao_lei",), (("ai_model", _IPC_RULE, 0.9),),
        "多模态动作生成"),
    Pat("CN110000029A", 2023, _I, ("G06N3/045",), ("thu", "nj_ai"), ("gao_feng", "zhao_lei"),
        (("ai_model", _IPC_RULE, 0.9),), "世界模型"),
    Pat("CN110000030A", 2024, _I, ("G06N3/08",), ("sz_robot", "jitri"), ("liu_yang", "chen_jing"),
        (("ai_model", _IPC_RULE, 0.9),), "端到端操作策略"),
    Pat("CN110000031A", 2024, _I, ("G06N3/08", "B25J9/16"), ("nju",), ("zhou_min",),
        (("ai_model", _IPC_RULE, 0.9), ("whole_robot", _IPC_RULE, 0.6)), "仿人步态学习"),
    Pat("CN110000032A", 2024, _I, ("G06N5/02",), ("zju",), ("he_yun",), (("ai_model", _IPC_RULE, 0.8),),
        "知识推理规划"),
    # dexterous hands: only outside Jiangsu
    Pat("CN110000033A", 2023, _I, ("B25J15/00",), ("sh_motion",), ("ma_jun",), (("dexterous_hand", _IPC_RULE, 0.9),),
        "腱绳驱动灵巧手"),
    Pat("CN110000034A", 2024, _I, ("B25J15/08",), ("thu", "sh_motion"), ("gao_feng", "ma_jun"),
        (("dexterous_hand", _IPC_RULE, 0.9),), "触觉灵巧手"),
    # whole robots
    Pat("CN110000035A", 2021, _I, ("B25J9/16",), ("sz_robot",), ("zhang_wei", "liu_yang"),
        (("whole_robot", _IPC_RULE, 0.9),), "人形机器人平衡控制"),
    Pat("CN110000036A", 2022, _I, ("B25J9/16", "B62D57/032"), ("sz_robot", "seu"), ("zhang_wei", "li_qiang"),
        (("whole_robot", _IPC_RULE, 0.9),), "双足行走机构"),
    Pat("CN210000037U", 2022, _U, ("B25J19/00",), ("sz_robot",), ("liu_yang",), (("whole_robot", _IPC_RULE, 0.8),),
        "机器人外壳"),
    Pat("CN110000038A", 2023, _I, ("B25J9/16",), ("sh_motion", "sz_robot"), ("ma_jun", "zhang_wei"),
        (("whole_robot", _IPC_RULE, 0.9),), "全身运动规划"),
    Pat("CN110000039A", 2024, _I, ("B25J9/16", "G06N3/08"), ("sz_robot", "nj_ai"), ("zhang_wei", "zhao_lei"),
        (("whole_robot", _IPC_RULE, 0.9), ("ai_model", _KW_RULE, 0.7)), "具身智能人形机器人"),
    Pat("CN110000040A", 2024, _I, ("B25J11/00",), ("seu", "zju"), ("li_qiang", "he_yun"),
        (("whole_robot", _IPC_RULE, 0.8),), "服务机器人"),
    # a university patent outside any segment (for transfer candidates by IPC)
    Pat("CN110000041A", 2022, _I, ("H02K7/116", "H02K11/30"), ("seu",), ("li_qiang",), (), "轮毂电机"),
    Pat("CN110000042A", 2023, _I, ("B25J9/16",), ("jitri",), ("chen_jing",), (), "协作机器人示教"),
]

POLICIES = [
    PolicyDef(
        doc_number="工信部科〔2023〕217号",
        title="人形机器人创新发展指导意见",
        region="CN",
        date="2023-10-20",
        issuer=None,
        measures=(
            MeasureDef(1, "突破精密减速器、伺服电机等关键部组件。", (120, 139), "重点任务", ("robotics",),
                       ("reducer", "servo_motor"), ()),
            MeasureDef(2, "到2025年，人形机器人创新体系初步建立，整机产品达到国际先进水平。", (40, 78), "主要目标",
                       ("robotics",), ("whole_robot",), (),
                       (TargetDef("整机产品", "reach", 1, "items", 2025),)),
            MeasureDef(3, "到2027年，综合实力达到世界先进水平，培育2-3家有全球影响力的生态型企业。", (79, 118),
                       "主要目标", ("robotics", "artificial_intelligence"), (), (),
                       (TargetDef("生态型企业数量", "at_least", 2, "家", 2027),)),
        ),
    ),
    PolicyDef(
        doc_number="苏政办发〔2024〕12号",
        title="江苏省人形机器人产业创新发展行动方案",
        region="CN-JS",
        date="2024-03-15",
        issuer="js_miit",
        implements="工信部科〔2023〕217号",
        mentions=("jitri",),
        measures=(
            MeasureDef(1, "支持南京大学、江苏省产业技术研究院建设具身智能大模型创新平台。", (200, 232), "重点任务",
                       ("artificial_intelligence",), ("ai_model",), ("nju", "jitri")),
            MeasureDef(2, "推动苏州智行机器人有限公司等企业开展整机攻关，到2026年整机出货量达到1万台。", (233, 273),
                       "重点任务", ("robotics",), ("whole_robot",), ("sz_robot",),
                       (TargetDef("整机出货量", "reach", 10000, "台", 2026),)),
            MeasureDef(3, "到2027年，全省人形机器人产业规模突破500亿元，培育10家以上链主企业。", (60, 99), "发展目标",
                       ("robotics",), (), (),
                       (TargetDef("产业规模", "at_least", 500, "亿元", 2027),
                        TargetDef("链主企业数量", "above", 10, "家", 2027))),
            MeasureDef(4, "发展视觉感知芯片和伺服电机，支持无锡芯源半导体有限公司研制运动控制芯片。", (274, 310), "重点任务",
                       ("integrated_circuits", "robotics"), ("controller_chip", "servo_motor"), ("wx_chip",)),
        ),
    ),
]

CONSORTIUM = (
    "苏南人形机器人创新联合体",
    "declared",
    {"sz_robot": "lead", "nju": "member", "cz_drive": "member", "wx_chip": "member"},
)

REGIONS = [
    RegionDef("CN", "China", "中国", "country", None),
    RegionDef("CN-JS", "Jiangsu", "江苏省", "province", "CN"),
    RegionDef("CN-ZJ", "Zhejiang", "浙江省", "province", "CN"),
    RegionDef("CN-SH", "Shanghai", "上海市", "province", "CN"),
    RegionDef("CN-BJ", "Beijing", "北京市", "province", "CN"),
    RegionDef("CN-JS-320100", "Nanjing", "南京市", "city", "CN-JS"),
    RegionDef("CN-JS-320500", "Suzhou", "苏州市", "city", "CN-JS"),
    RegionDef("CN-JS-320200", "Wuxi", "无锡市", "city", "CN-JS"),
    RegionDef("CN-JS-320400", "Changzhou", "常州市", "city", "CN-JS"),
    RegionDef("CN-ZJ-330100", "Hangzhou", "杭州市", "city", "CN-ZJ"),
]

_CITY_REGION = {r.name: r.code for r in REGIONS if r.level == "city"}
_PROVINCE_REGION = {r.name: r.code for r in REGIONS if r.level == "province"}


def build_fixture() -> Fixture:
    orgs = {o.key: o for o in ORGS}
    org_region = {
        o.key: _CITY_REGION.get(o.city) or _PROVINCE_REGION[o.province] for o in ORGS
    }
    return Fixture(
        orgs=orgs,
        people={p.key: p for p in PEOPLE},
        segments={s.key: s for s in SEGMENTS},
        feeds=list(FEEDS),
        patents=list(PATENTS),
        policies=list(POLICIES),
        consortium=CONSORTIUM,
        regions=list(REGIONS),
        org_region=org_region,
    )


FIXTURE = build_fixture()


def fixture_batch(fx: Fixture = FIXTURE) -> GraphBatch:
    """The whole fixture as one `GraphBatch`."""
    b = GraphBatch()
    src = node_id("Document", "fixture")
    b.node("Document", src, {"path": "tests/cypher/fixture_graph.py", "format": "python", "sha256": "fixture"})
    for r in fx.regions:
        b.node("Region", r.id, {"code": r.code, "name": r.name, "name_zh": r.name_zh, "level": r.level})
        if r.parent:
            b.relationship("LOCATED_IN", ("Region", r.id), ("Region", node_id("Region", r.parent)))
    for o in fx.orgs.values():
        b.node(
            "Organization",
            o.id,
            {"name": o.name, "name_norm": o.name, "kind": o.kind, "kind_confidence": 0.95,
             "country": o.country, "province": o.province, "city": o.city,
             "patent_count": sum(1 for p in fx.patents if o.key in p.applicants)},
            aliases=[o.name],
            sources=[src],
        )
        b.relationship("LOCATED_IN", ("Organization", o.id), ("Region", node_id("Region", fx.org_region[o.key])),
                       {"confidence": 0.9, "source_field": "address"})
    for person in fx.people.values():
        org = fx.orgs[person.org]
        b.node("Inventor", person.id, {"name": person.name, "name_norm": person.name, "country": "CN",
                                       "province": org.province, "city": org.city,
                                       "patent_count": sum(1 for p in fx.patents if person.key in p.inventors)})
        shared = sum(1 for p in fx.patents if person.key in p.inventors and person.org in p.applicants)
        b.relationship("AFFILIATED_WITH", ("Inventor", person.id), ("Organization", org.id), {"patents": shared})
    chain = fx.chain_id
    b.node("IndustrialChain", chain, {"name_zh": "人形机器人", "name_en": "Humanoid robots", "version": "1",
                                      "source": "fixture"})
    for s in fx.segments.values():
        b.node("ChainSegment", s.id, {"key": s.key, "chain_id": CHAIN, "name_zh": s.name_zh, "name_en": s.name_en,
                                      "position": s.position, "ipc": list(s.ipc)})
        b.relationship("HAS_SEGMENT", ("IndustrialChain", chain), ("ChainSegment", s.id))
    for up, down in fx.feeds:
        b.relationship("FEEDS", ("ChainSegment", fx.segments[up].id), ("ChainSegment", fx.segments[down].id))
    for code in sorted(fx.ipc_codes()):
        level = "subclass" if len(code) == 4 else "subgroup"
        b.node("IPCClass", node_id("IPCClass", code), {"code": code, "level": level})
        if len(code) > 4:
            b.relationship("PARENT", ("IPCClass", node_id("IPCClass", code)), ("IPCClass", node_id("IPCClass", code[:4])))
    for p in fx.patents:
        b.node("Patent", p.id, {
            "number": p.number, "office": "CN", "year": p.year, "application_date": f"{p.year}-06-01",
            "title": p.title, "type": p.type, "ipc": list(p.ipc), "main_ipc": p.ipc[0], "valid": True,
            "source_file": "fixture", "source_line": int(p.number[2:11]) % 1000,
        }, sources=[src])
        for seq, applicant in enumerate(p.applicants, start=1):
            b.relationship("APPLIED_FOR", ("Organization", fx.orgs[applicant].id), ("Patent", p.id), {"sequence": seq})
        for seq, inventor in enumerate(p.inventors, start=1):
            b.relationship("INVENTED", ("Inventor", fx.people[inventor].id), ("Patent", p.id), {"sequence": seq})
        for i, code in enumerate(p.ipc):
            b.relationship("CLASSIFIED_AS", ("Patent", p.id), ("IPCClass", node_id("IPCClass", code)), {"main": i == 0})
        for seg, rule, confidence in p.segments:
            b.relationship("IN_SEGMENT", ("Patent", p.id), ("ChainSegment", fx.segments[seg].id),
                           {"rule": rule, "confidence": confidence, "fingerprint": "fixture"})
    for pol in fx.policies:
        b.node("Policy", pol.id, {"title": pol.title, "doc_number": pol.doc_number, "region": pol.region,
                                  "date": pol.date, "language": "zh-Hans"}, sources=[src])
        b.relationship("FROM_DOCUMENT", ("Policy", pol.id), ("Document", src))
        if pol.issuer:
            b.relationship("ISSUED_BY", ("Policy", pol.id), ("Organization", fx.orgs[pol.issuer].id))
        if pol.implements:
            other = node_id("Policy", pol.implements)
            b.relationship("IMPLEMENTS", ("Policy", pol.id), ("Policy", other), {"confidence": 0.9})
        for org_key in pol.mentions:
            b.relationship("MENTIONED_IN", ("Organization", fx.orgs[org_key].id), ("Policy", pol.id),
                           {"surface": fx.orgs[org_key].name, "confidence": 0.9})
        for m in pol.measures:
            mid = pol.measure_id(m.ordinal)
            b.node("Measure", mid, {"ordinal": m.ordinal, "text": m.text, "span_start": m.span[0],
                                    "span_end": m.span[1], "section": m.section, "industries": list(m.industries),
                                    "confidence": 0.8})
            b.relationship("HAS_MEASURE", ("Policy", pol.id), ("Measure", mid), {"ordinal": m.ordinal})
            for seg in m.segments:
                b.relationship("TARGETS_SEGMENT", ("Measure", mid), ("ChainSegment", fx.segments[seg].id),
                               {"industry": "robotics", "confidence": 0.7})
            for org_key in m.mentions:
                name = fx.orgs[org_key].name
                start = m.span[0] + m.text.index(name)
                b.relationship("MENTIONED_IN", ("Organization", fx.orgs[org_key].id), ("Measure", mid),
                               {"surface": name, "span_start": start, "span_end": start + len(name),
                                "confidence": 0.9})
            for t_ordinal, t in enumerate(m.targets, start=1):
                tid = node_id("Target", mid, str(t_ordinal))
                b.node("Target", tid, {"metric": t.metric, "comparator": t.comparator, "value": float(t.value),
                                       "unit": t.unit, "deadline": t.deadline})
                b.relationship("SETS_TARGET", ("Measure", mid), ("Target", tid))
    name, kind, members = fx.consortium
    b.node("Consortium", fx.consortium_id, {"name": name, "kind": kind, "chain_id": CHAIN, "region": "CN-JS"})
    for org_key, role in members.items():
        b.relationship("MEMBER_OF", ("Organization", fx.orgs[org_key].id), ("Consortium", fx.consortium_id),
                       {"role": role})
    b.rows = len(fx.patents)
    return b


def write_fixture_graph(driver: neo4j.Driver, database: str, fx: Fixture = FIXTURE) -> Fixture:
    """Write the fixture into `database` through `GraphWriter`; returns the fixture definition."""
    GraphWriter(driver, database).write_batch(fixture_batch(fx), label="cypher fixture graph")
    return fx


def expected_counts(fx: Fixture = FIXTURE) -> dict[str, int]:
    """Node count per label and relationship count per type, from the definition alone."""
    counts: dict[str, int] = {
        "Document": 1,
        "Region": len(fx.regions),
        "Organization": len(fx.orgs),
        "Inventor": len(fx.people),
        "IndustrialChain": 1,
        "ChainSegment": len(fx.segments),
        "IPCClass": len(fx.ipc_codes()),
        "Patent": len(fx.patents),
        "Policy": len(fx.policies),
        "Measure": sum(len(p.measures) for p in fx.policies),
        "Target": sum(len(m.targets) for p in fx.policies for m in p.measures),
        "Consortium": 1,
    }
    rels = {
        "LOCATED_IN": sum(1 for r in fx.regions if r.parent) + len(fx.orgs),
        "AFFILIATED_WITH": len(fx.people),
        "HAS_SEGMENT": len(fx.segments),
        "FEEDS": len(fx.feeds),
        "PARENT": sum(1 for c in fx.ipc_codes() if len(c) > 4),
        "APPLIED_FOR": sum(len(p.applicants) for p in fx.patents),
        "INVENTED": sum(len(p.inventors) for p in fx.patents),
        "CLASSIFIED_AS": sum(len(p.ipc) for p in fx.patents),
        "IN_SEGMENT": sum(len(p.segments) for p in fx.patents),
        "FROM_DOCUMENT": len(fx.policies),
        "ISSUED_BY": sum(1 for p in fx.policies if p.issuer),
        "IMPLEMENTS": sum(1 for p in fx.policies if p.implements),
        "MENTIONED_IN": sum(len(p.mentions) + sum(len(m.mentions) for m in p.measures) for p in fx.policies),
        "HAS_MEASURE": sum(len(p.measures) for p in fx.policies),
        "TARGETS_SEGMENT": sum(len(m.segments) for p in fx.policies for m in p.measures),
        "SETS_TARGET": sum(len(m.targets) for p in fx.policies for m in p.measures),
        "MEMBER_OF": len(fx.consortium[2]),
    }
    counts.update({k: v for k, v in rels.items() if v})
    return counts
