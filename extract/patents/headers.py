"""Which column of a CNIPA-style export holds which field, matched tolerantly on its header text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

# Field -> accepted header spellings, most specific first. Spellings are compared after `header_key`,
# so brackets, spaces, case and full-/half-width forms do not matter.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "application_number": ("申请号", "申请号码", "专利申请号", "application number", "application no",
                           "app no", "application id", "appln number"),
    "application_date": ("申请日", "申请日期", "application date", "filing date", "app date"),
    "publication_number": ("公开(公告)号", "公开号", "公告号", "公开号码", "公布号", "publication number",
                           "publication no", "pub no", "publication id"),
    "grant_number": ("授权公告号", "授权号", "专利号", "grant number", "patent number", "patent no"),
    "publication_date": ("公开(公告)日", "公开日", "公告日", "公开日期", "公布日", "publication date", "pub date"),
    "grant_date": ("授权公告日", "授权日", "授权日期", "grant date", "issue date"),
    "title": ("发明名称", "名称", "专利名称", "标题", "title", "invention title", "patent title"),
    "abstract": ("摘要", "摘要文本", "abstract"),
    "applicants": ("申请(专利权)人", "申请人", "专利权人", "当前专利权人", "申请人名称", "applicants", "applicant",
                   "applicants/assignees", "assignees", "assignee", "patentee"),
    "inventors": ("发明(设计)人", "发明人", "设计人", "inventors", "inventor", "inventors/designers"),
    "main_ipc": ("主分类号", "主ipc", "主ipc分类号", "ipc主分类号", "ipc主分类", "main ipc", "main classification",
                 "main ipc classification", "primary ipc"),
    "ipc": ("分类号", "ipc分类号", "ipc", "ipc分类", "ipc classification", "ipc codes", "classification"),
    "cpc": ("cpc", "cpc分类号", "cpc classification", "cpc codes"),
    "address": ("申请人地址", "地址", "专利权人地址", "申请(专利权)人地址", "address", "applicant address"),
    "province_city": ("申请人省市", "国省代码", "省市", "申请人所在省市", "申请人国省代码", "province/city",
                      "province city", "province", "region"),
    "city": ("申请人城市", "城市", "city"),
    "country": ("申请人国家", "国家", "国别", "country", "applicant country"),
    "patent_type": ("专利类型", "类型", "专利类别", "patent type", "type", "document type"),
    "legal_status": ("法律状态", "当前法律状态", "法律状态/事件", "legal status", "status", "current legal status"),
    "agency": ("代理机构", "专利代理机构", "agency", "agent", "patent agency"),
    "claims_count": ("权利要求数", "权利要求项数", "权项数", "claims count", "number of claims", "num claims",
                     "claim count"),
    "cited_numbers": ("引证专利", "引用专利", "引证文献", "引证", "cited patents", "citations", "cited references",
                      "backward citations", "cited"),
}

ID_FIELDS = ("application_number", "publication_number", "grant_number")
_DROP = re.compile(r"[\s()\[\]{}<>/\\_\-.:,;'\"·*]+")


def header_key(text: object) -> str:
    """A header reduced to what identifies it: NFKC, casefolded, without brackets, spaces and punctuation."""
    if text is None:
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")).casefold()


@cache
def _alias_rank() -> dict[str, tuple[str, int]]:
    """Header key -> (field, preference rank); built on first use, not at import."""
    ranks: dict[str, tuple[str, int]] = {}
    for field, aliases in FIELD_ALIASES.items():
        for rank, alias in enumerate(aliases):
            ranks.setdefault(header_key(alias), (field, rank))
    return ranks


def map_headers(headers: Sequence[object]) -> dict[str, int]:
    """Field -> column index; when several columns name one field, the most specific spelling wins."""
    ranks = _alias_rank()
    best: dict[str, tuple[int, int]] = {}
    for index, header in enumerate(headers):
        hit = ranks.get(header_key(header))
        if hit is None:
            continue
        field, rank = hit
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    return {field: index for field, (_, index) in best.items()}


def is_patent_header(mapping: dict[str, int]) -> bool:
    """A header row names at least one id column and a title column."""
    return "title" in mapping and any(f in mapping for f in ID_FIELDS)
