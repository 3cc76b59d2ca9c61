"""A hand-built innovation graph for the analytics tests.

12 organisations (3 universities, 2 institutes, 6 Jiangsu firms, 1 Shanghai firm), 16 inventors,
48 patents, the humanoid-robot chain with 8 segments, FEEDS and IN_SEGMENT edges, co-applications,
shared inventors, two citations, one transfer (a patent that moved, written by the transaction
loader's own `add_event` with its flags), one `transferred` patent, and
policy measures with consortium/alliance instruments.

Every expectation in the tests is derived by hand from the tables below (see the comments there).
"""

from __future__ import annotations

from extract.records import SourceRef
from extract.transactions import TransactionEvent
from graph.batch import GraphBatch
from graph.ingest.transaction_events import FlagEvent, add_event, patent_flags
from core.model import node_id

CHAIN = node_id("IndustrialChain", "humanoid-robots")
OTHER_CHAIN = node_id("IndustrialChain", "biomedicine")
SEGMENT_KEYS = ["reducer", "screw_bearing", "servo_actuator", "sensor", "controller", "vision",
                "whole_machine", "application"]
SEG = {key: node_id("ChainSegment", "humanoid-robots", key) for key in SEGMENT_KEYS}
OTHER_SEG = node_id("ChainSegment", "biomedicine", "drug_discovery")
SEGMENT_IPC = {
    "reducer": ["F16H1/32", "F16H49/00"],
    "screw_bearing": ["F16C19/00", "F16H25/20"],
    "servo_actuator": ["H02K7/116", "H02P6/00"],
    "sensor": ["G01L5/22", "G01L1/00"],
    "controller": ["G05B19/4155", "B25J9/16"],
    "vision": ["G06T7/73", "G06N3/08"],
    "whole_machine": ["B62D57/032", "B25J5/00"],
    "application": ["B25J11/00", "G06Q50/04"],
}

# key: (name, kind, city, province)
ORGS = {
    "U1": ("Nanjing University", "university", "Nanjing", "Jiangsu"),
    "U2": ("Southeast University", "university", "Nanjing", "Jiangsu"),
    "U3": ("Soochow University", "university", "Suzhou", "Jiangsu"),
    "I1": ("Jiangsu Robotics Institute", "research_institute", "Suzhou", "Jiangsu"),
    "I2": ("Wuxi Sensor Institute", "research_institute", "Wuxi", "Jiangsu"),
    "F1": ("Nanjing Servo Tech", "firm", "Nanjing", "Jiangsu"),
    "F2": ("Suzhou Reducer Co", "firm", "Suzhou", "Jiangsu"),
    "F3": ("Wuxi Sensor Co", "firm", "Wuxi", "Jiangsu"),
    "F4": ("Suzhou Robot Systems", "firm", "Suzhou", "Jiangsu"),
    "F5": ("Nanjing Vision AI", "firm", "Nanjing", "Jiangsu"),
    "F6": ("Wuxi Battery Co", "firm", "Wuxi", "Jiangsu"),
    "X1": ("Shanghai Motion Co", "firm", "Shanghai", "Shanghai"),
}
ORG = {key: node_id("Organization", name) for key, (name, *_rest) in ORGS.items()}
INVENTORS = ["a1", "a2", "b1", "b2", "b3", "c1", "c2", "d1", "d2", "e1", "e2", "f1", "g1", "h1", "k1", "k2"]
INV = {key: node_id("Inventor", key, "fixture") for key in INVENTORS}

# key: (year, segment or None, applicants, inventors, extra properties)
# Defaults: type invention, valid True, claims_count 8, cited_count 0, ipc = SEGMENT_IPC[segment].
PATENTS: dict[str, tuple[int, str | None, list[str], list[str], dict]] = {
    "p01": (2021, "controller", ["U1"], ["a1"], {"claims_count": 12}),
    "p02": (2022, "vision", ["U1"], ["a1", "a2"], {"claims_count": 12}),
    "p03": (2023, "controller", ["U1"], ["a1", "f1"], {}),  # f1 (Vision AI) co-invented at U1
    "p04": (2024, "vision", ["U1"], ["a1", "a2"], {}),
    "p05": (2020, "servo_actuator", ["U2"], ["b1"], {}),
    "p06": (2023, "servo_actuator", ["U2"], ["b1"], {}),
    "p07": (2022, "sensor", ["U2"], ["b1", "b3"], {}),
    "p08": (2021, "reducer", ["U3"], ["c1"], {}),
    "p09": (2024, "reducer", ["U3"], ["c1"], {}),
    "p10": (2022, "whole_machine", ["I1"], ["d1"], {}),
    "p11": (2023, "controller", ["I1"], ["d1"], {}),
    "p12": (2021, "sensor", ["I2"], ["e1"], {}),
    "p13": (2024, "sensor", ["I2"], ["e1"], {}),
    "p14": (2020, "servo_actuator", ["F1"], ["b2"], {"claims_count": 12, "cited_count": 1}),
    "p15": (2021, "servo_actuator", ["F1", "U2"], ["b1", "b2"], {"claims_count": 12}),
    "p16": (2022, "servo_actuator", ["F1", "U2"], ["b1", "b2"], {"claims_count": 12}),
    "p17": (2024, "servo_actuator", ["F1"], ["b2"], {"type": "utility_model"}),
    "p18": (2019, "reducer", ["F2"], ["c2"], {}),
    "p19": (2023, "reducer", ["F2", "U3"], ["c1", "c2"], {}),
    "p20": (2022, "screw_bearing", ["F2"], ["c2"], {}),
    "p21": (2022, "sensor", ["F3"], ["e2"], {}),
    "p22": (2024, "sensor", ["F3", "I2"], ["e1", "e2"], {}),
    "p23": (2021, "whole_machine", ["F4"], ["d2"], {}),
    "p24": (2023, "application", ["F4"], ["d2"], {}),
    "p25": (2024, "whole_machine", ["F4", "I1"], ["d1", "d2"], {}),
    "p26": (2022, "vision", ["F5"], ["f1"], {"claims_count": 12, "concepts": ["machine_vision"]}),
    "p27": (2024, "vision", ["F5"], ["f1"], {"concepts": ["machine_vision"]}),
    "p28": (2023, "application", ["F5", "F4"], ["f1"], {}),
    "p29": (2022, None, ["F6"], ["h1"], {"ipc": ["H01M10/052"]}),
    "p30": (2023, None, ["F6"], ["h1"], {"ipc": ["H01M4/13"]}),
    "p31": (2023, "servo_actuator", ["X1"], ["g1"], {"claims_count": 15}),
    "p32": (2024, "controller", ["X1"], ["g1"], {}),
    "p33": (2025, None, ["U1"], ["a1"], {"ipc": ["G06T7/73", "G06N3/08"], "concepts": ["machine_vision"]}),
    "p34": (2024, None, ["U2"], ["b1"], {"ipc": ["H02K7/116"]}),
    "p35": (2024, None, ["U2"], ["b1"], {"ipc": ["H02K7/116"], "transferred": True}),
    "p36": (2023, None, ["U3"], ["c1"], {"ipc": ["F16H1/32"]}),  # transferred: F6 bought it
    "p37": (2021, None, ["I2"], ["k1"], {"ipc": ["G01L1/00"]}),
    "p38": (2022, None, ["U3"], ["k2"], {"ipc": ["F16H49/00"], "type": "utility_model"}),
    "p39": (2020, None, ["F6"], ["h1"], {"ipc": ["H01M10/052"], "type": "utility_model"}),
    "p40": (2022, "controller", ["U1", "U2"], ["a2", "b3"], {}),
    "p41": (2025, "servo_actuator", ["F1"], ["b2"], {}),
    "p42": (2024, "screw_bearing", ["F2"], ["c2"], {}),
    "p43": (2023, "sensor", ["F3"], ["e2"], {}),
    "p44": (2022, "application", ["F4"], ["d2"], {}),
    "p45": (2025, "whole_machine", ["I1"], ["d1"], {}),
    "p46": (2022, "reducer", ["U3"], ["c1"], {"type": "design"}),
    "p47": (2023, "vision", ["F5"], ["f1"], {"type": "utility_model"}),
    "p48": (2024, "servo_actuator", ["X1"], ["g1"], {}),
}
PAT = {key: node_id("Patent", f"CN{key.upper()}A") for key in PATENTS}
CITES = [("p27", "p02"), ("p31", "p14")]  # F5 cites U1; X1 cites F1
TRANSFERS = [("U3", "F6", "p36", "2024-06-01")]  # assignor, assignee, patent, date

MEASURES = {
    # key: (instruments, industries, targeted segment ids)
    "m1": (["consortium", "subsidy"], [], [SEG["sensor"]]),  # supports: consortium + targets a segment
    "m2": (["subsidy"], ["humanoid_robots"], [SEG["sensor"]]),  # no consortium instrument
    "m3": (["alliance"], ["humanoid_robots"], []),  # supports: alliance + the chain's industry
    "m4": (["consortium"], ["biomedicine"], [OTHER_SEG]),  # another chain
}
POLICY = node_id("Policy", "fixture policy")
MEAS = {key: node_id("Measure", POLICY, key) for key in MEASURES}


def build() -> list[GraphBatch]:
    """The fixture as one batch."""
    batch = GraphBatch()
    batch.node("IndustrialChain", CHAIN, {"name_en": "Humanoid robots", "name_zh": "人形机器人"})
    batch.node("IndustrialChain", OTHER_CHAIN, {"name_en": "Biomedicine"})
    positions = ["upstream", "upstream", "midstream", "midstream", "midstream", "midstream", "downstream",
                 "downstream"]
    for key, position in zip(SEGMENT_KEYS, positions, strict=True):
        batch.node("ChainSegment", SEG[key], {"key": key, "chain_id": "humanoid-robots", "name_en": key,
                                              "position": position, "ipc": SEGMENT_IPC[key]})
        batch.relationship("HAS_SEGMENT", ("IndustrialChain", CHAIN), ("ChainSegment", SEG[key]))
    for a, b in [("reducer", "servo_actuator"), ("screw_bearing", "servo_actuator"),
                 ("servo_actuator", "whole_machine"), ("sensor", "whole_machine"),
                 ("controller", "whole_machine"), ("vision", "whole_machine"), ("whole_machine", "application")]:
        batch.relationship("FEEDS", ("ChainSegment", SEG[a]), ("ChainSegment", SEG[b]))
    batch.node("ChainSegment", OTHER_SEG, {"key": "drug_discovery", "chain_id": "biomedicine"})
    batch.relationship("HAS_SEGMENT", ("IndustrialChain", OTHER_CHAIN), ("ChainSegment", OTHER_SEG))

    for key, (name, kind, city, province) in ORGS.items():
        batch.node("Organization", ORG[key], {"name": name, "kind": kind, "city": city, "province": province,
                                              "country": "CN"})
    for key in INVENTORS:
        batch.node("Inventor", INV[key], {"name": key})
    for key, (year, segment, applicants, inventors, extra) in PATENTS.items():
        props = {"number": f"CN{key.upper()}A", "title": f"patent {key}", "year": year,
                 "application_date": f"{year}-03-01", "type": "invention", "valid": True, "claims_count": 8,
                 "cited_count": 0, "ipc": SEGMENT_IPC[segment] if segment else [], **extra}
        props["main_ipc"] = props["ipc"][0]
        batch.node("Patent", PAT[key], props)
        for seq, org in enumerate(applicants, start=1):
            batch.relationship("APPLIED_FOR", ("Organization", ORG[org]), ("Patent", PAT[key]), {"sequence": seq})
        for seq, inv in enumerate(inventors, start=1):
            batch.relationship("INVENTED", ("Inventor", INV[inv]), ("Patent", PAT[key]), {"sequence": seq})
        if segment:
            batch.relationship("IN_SEGMENT", ("Patent", PAT[key]), ("ChainSegment", SEG[segment]),
                               {"rule": "ipc", "confidence": 0.9})
    for citing, cited in CITES:
        batch.relationship("CITES", ("Patent", PAT[citing]), ("Patent", PAT[cited]))
    for assignor, assignee, patent, day in TRANSFERS:  # as the transaction loader writes a transfer
        event = TransactionEvent(f"CN{patent.upper()}A", "transfer", "effective", day,
                                 SourceRef("fixture.csv", 1, "transactions-csv"), [ORGS[assignor][0]],
                                 [ORGS[assignee][0]])
        add_event(batch, event, PAT[patent], [(ORG[assignor], ORGS[assignor][0])], [(ORG[assignee], ORGS[assignee][0])])
        batch.node("Patent", PAT[patent], patent_flags([FlagEvent("transfer", "effective", day, None, None,
                                                                  (ORG[assignee],))]))

    batch.node("Policy", POLICY, {"title": "Fixture plan"})
    for ordinal, (key, (instruments, industries, targets)) in enumerate(MEASURES.items(), start=1):
        batch.node("Measure", MEAS[key], {"ordinal": ordinal, "text": f"measure {key}", "instruments": instruments,
                                          "industries": industries})
        batch.relationship("HAS_MEASURE", ("Policy", POLICY), ("Measure", MEAS[key]), {"ordinal": ordinal})
        for segment in targets:
            batch.relationship("TARGETS_SEGMENT", ("Measure", MEAS[key]), ("ChainSegment", segment))
    batch.rows = len(PATENTS)
    return [batch]
