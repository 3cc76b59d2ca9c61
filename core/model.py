"""The data model: node labels, relationship types, and how ids are made.

Every node has an `id` that is a pure function of normalised source keys (see `node_id`), so loading
the same input twice finds the same nodes. The README's data-model table is written from this module.
"""

from __future__ import annotations

import hashlib
import unicodedata

# label -> what its id is derived from
NODE_KEYS: dict[str, str] = {
    "Patent": "publication or application number, normalised (e.g. CN112345678A, US8927386B2)",
    "Inventor": "normalised name plus the evidence that identifies the person (see extract.inventors)",
    "Organization": "normalised name after legal-form, case, width and script folding (extract.normalize)",
    "Consortium": "normalised name of the declared or candidate consortium",
    "Policy": "document number when present, else normalised title",
    "Measure": "policy id + measure ordinal",
    "Target": "measure id + target ordinal",
    "IndustrialChain": "chain file id (e.g. humanoid-robots)",
    "ChainSegment": "chain id + segment key",
    "IPCClass": "IPC symbol in compact form (G06N3/08)",
    "Region": "administrative code or normalised name (CN, CN-JS, CN-JS-Nanjing)",
    "Document": "sha256 of the source file's bytes",
    "PatentTransaction": "patent number + kind + event + date + contract number + parties (extract.transactions)",
    "SchemaVersion": "constant 'innograph'",
}

NODE_LABELS: frozenset[str] = frozenset(NODE_KEYS)

# type -> (start label, end label, meaning)
RELATIONSHIPS: dict[str, tuple[str, str, str]] = {
    "INVENTED": ("Inventor", "Patent", "inventor named on the patent (sequence)"),
    "APPLIED_FOR": ("Organization", "Patent", "applicant / assignee as filed (sequence)"),
    "AFFILIATED_WITH": ("Inventor", "Organization", "inventor filed with this applicant (count)"),
    "CLASSIFIED_AS": ("Patent", "IPCClass", "IPC/CPC classification (main flag, scheme)"),
    "PARENT": ("IPCClass", "IPCClass", "IPC hierarchy: child to parent"),
    "IN_SEGMENT": ("Patent", "ChainSegment", "patent classified into a chain segment (rule, confidence)"),
    "HAS_SEGMENT": ("IndustrialChain", "ChainSegment", "segment of a chain"),
    "FEEDS": ("ChainSegment", "ChainSegment", "upstream segment supplies downstream segment"),
    "LOCATED_IN": ("Organization", "Region", "organisation / inventor / region located in a region"),
    "CITES": ("Patent", "Patent", "citation; also Policy-[:CITES]->Policy"),
    "MEMBER_OF": ("Organization", "Consortium", "member of a consortium (role)"),
    "HAS_MEASURE": ("Policy", "Measure", "measure of a policy (ordinal)"),
    "SETS_TARGET": ("Measure", "Target", "numeric target set by a measure (or by a policy)"),
    "TARGETS_SEGMENT": ("Measure", "ChainSegment", "measure names the technology of a segment (its keywords)"),
    "TARGETS_CHAIN": ("Measure", "IndustrialChain", "measure names the chain's industry as a whole"),
    "IMPLEMENTS": ("Policy", "Policy", "plan implements another plan"),
    "ISSUED_BY": ("Policy", "Organization", "issuing body"),
    "MENTIONED_IN": ("Organization", "Measure", "organisation or programme named in a measure or policy"),
    "FROM_DOCUMENT": ("Policy", "Document", "source file of an extracted node"),
    "TRANSACTION_OF": ("PatentTransaction", "Patent", "a transfer, licence or pledge event of the patent"),
    "FROM_PARTY": ("PatentTransaction", "Organization", "assignor / licensor / pledgor (sequence)"),
    "TO_PARTY": ("PatentTransaction", "Organization", "assignee / licensee / pledgee (sequence)"),
    "FOR_CHAIN": ("Consortium", "IndustrialChain", "the industrial chain a consortium or programme serves"),
}

RELATIONSHIP_TYPES: frozenset[str] = frozenset(RELATIONSHIPS)

ORGANIZATION_KINDS = (
    "firm",
    "university",
    "research_institute",
    "government",
    "hospital",
    "individual",
    "other",
)


def node_id(label: str, *keys: str) -> str:
    """Deterministic id: a readable prefix and a hash of the NFKC-normalised keys.

    The prefix keeps ids legible in results (`org:3f2a...`); the hash keeps them short and free of
    characters that need quoting anywhere.
    """
    if label not in NODE_LABELS:
        raise ValueError(f"unknown node label {label!r}")
    joined = "\x1f".join(unicodedata.normalize("NFKC", k).strip() for k in keys)
    if not joined.strip("\x1f"):
        raise ValueError(f"an id for {label} needs at least one non-empty key")
    digest = hashlib.blake2b(joined.encode("utf-8"), digest_size=10).hexdigest()
    return f"{_PREFIX[label]}:{digest}"


_PREFIX = {
    "Patent": "pat",
    "Inventor": "inv",
    "Organization": "org",
    "Consortium": "cons",
    "Policy": "pol",
    "Measure": "meas",
    "Target": "tgt",
    "IndustrialChain": "chain",
    "ChainSegment": "seg",
    "IPCClass": "ipc",
    "Region": "reg",
    "Document": "doc",
    "PatentTransaction": "ptx",
    "SchemaVersion": "schema",
}
