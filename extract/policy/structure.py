"""Split content lines into headings, enumerated items and paragraphs, and text into sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.policy.boilerplate import Line

_CN_NUM = "一二三四五六七八九十"
# headings that carry their own numbering
_HEADING_NUMBERED = re.compile(
    rf"^(?:#{{1,6}}\s+|[IVX]+\.\s+|[{_CN_NUM}]+、|第[{_CN_NUM}\d]+[章节部分篇]|(?:chapter|part|section)\s+\d+\b)", re.I
)
# markers that start an item at the beginning of a line
_ITEM_AT_LINE = re.compile(
    rf"^(?:[•·▪●◆■□\-*–]\s*|\d{{1,2}}[.、)）](?!\d)\s*|[(（]\d{{1,2}}[)）]\s*|[(（][{_CN_NUM}]+[)）]\s*|[{_CN_NUM}]+是|第[{_CN_NUM}]+[,，、])"
)
# markers that start an item inside a line, after a sentence end
_ITEM_INLINE = re.compile(
    rf"(?:(?<=[。;；:：])|(?<=[。;；:：]\s))(?:[{_CN_NUM}]+是|第[{_CN_NUM}]+[,，、]|[(（][{_CN_NUM}\d]+[)）])"
)
_GROUP = re.compile(r"\b(?:Group|Area|Part|Section|Pillar|Task)\s+(\d+)\s*[:：]\s*", re.I)
_DASH_BULLET = re.compile(r"\s+[-–—]\s+(?=[A-Z\"“])")
_SENTENCE_END_ZH = re.compile(r"[。！？!?]+[”’\"」』)]*")
_SENTENCE_END_EN = re.compile(r"(?<!\bNo)(?<!\be\.g)(?<!\bi\.e)(?<!\bMr)(?<!\bDr)(?<!\bCo)(?<!\bvs)(?<!\betc)[.!?]+[\"”’)]*(?:\s*\[\d+\])?(?=\s+[\"“(A-Z0-9]|\s*$)")


@dataclass(slots=True)
class Segment:
    """A heading, an enumerated item or a paragraph of the document, with its span."""

    kind: str  # heading | item | paragraph
    start: int
    end: int
    section: str | None
    marker: str | None = None  # numbered | bullet | section_item (items only)


def segments(lines: list[Line], text: str) -> list[Segment]:
    """Headings, items and paragraphs in document order; items and paragraphs carry their section."""
    out: list[Segment] = []
    section: str | None = None
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _is_heading(line, following):
            section = _heading_title(line.text)
            out.append(Segment("heading", line.start, line.end, section))
            continue
        for segment in _split_line(line, text, section):
            if segment.kind == "heading":
                section = segment.section
            out.append(segment)
    return out


def _is_heading(line: Line, following: Line | None) -> bool:
    text = line.text
    english = _is_english(text)
    size = len(text.split()) if english else len(text)
    if _GROUP.match(text) and size <= 12:
        return True
    if _HEADING_NUMBERED.match(text) and size <= (14 if english else 30) and not _ends_sentence(text[:-1]):
        return True
    if text.endswith((":", "：")) and size <= (25 if english else 40):
        return True
    # a short unpunctuated line before longer text is a title or subheading; so is a headline
    short = size <= (14 if english else 30)
    if size <= (20 if english else 40) and not re.search(r"[,.;，。；!?！？]", text) and not _ITEM_AT_LINE.match(text):
        return True
    longer_next = following is not None and len(following.text) > len(text)
    return short and longer_next and not _ends_sentence(text) and not _ITEM_AT_LINE.match(text)


def _heading_title(text: str) -> str:
    text = _HEADING_NUMBERED.sub("", text, count=1)
    text = _GROUP.sub("", text, count=1)
    return text.strip(" :：#")


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[。.!?！？;；]\s*$", text))


_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _is_english(text: str) -> bool:
    if not _LATIN.search(text):
        return False  # most Chinese lines: no counting needed
    if not _HAN.search(text):
        return True
    return len(_LATIN.findall(text)) > len(_HAN.findall(text))


def _split_line(line: Line, text: str, section: str | None) -> list[Segment]:
    if _GROUP.search(line.text):
        return _split_groups(line, text, section)
    starts = [m.start() for m in _ITEM_INLINE.finditer(line.text)]
    at_line = _ITEM_AT_LINE.match(line.text)
    if at_line:
        starts = [0, *[s for s in starts if s > 0]]
    if not starts:
        return [Segment("paragraph", line.start, line.end, section)]
    out: list[Segment] = []
    if starts[0] > 0:
        lead = line.text[: starts[0]].strip()
        kind = "heading" if len(lead) <= 40 and not re.search(r"[，,]", lead) else "paragraph"
        if kind == "heading":
            section = lead.strip("。:： ")
        out.append(Segment(kind, line.start, line.start + len(lead), section))
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(line.text)
        marker = "bullet" if re.match(r"[•·▪●◆■□\-*–]", line.text[start]) else "numbered"
        piece = line.text[start:end].rstrip()
        out.append(Segment("item", line.start + start, line.start + start + len(piece), section, marker))
    return out


def _split_groups(line: Line, text: str, section: str | None) -> list[Segment]:
    # "Group N: Title - item - item" summaries: the title runs to the first dash bullet
    out: list[Segment] = []
    groups = list(_GROUP.finditer(line.text))
    if groups[0].start() > 0:
        out.extend(_dash_items(line.start, line.text[: groups[0].start()], section, lead_is_paragraph=True))
    for i, group in enumerate(groups):
        end = groups[i + 1].start() if i + 1 < len(groups) else len(line.text)
        body = line.text[group.end() : end]
        first_dash = _DASH_BULLET.search(body)
        title_end = first_dash.start() if first_dash else min(len(body), 80)
        title = body[:title_end].strip()
        section = title
        base = line.start + group.end()
        out.append(Segment("heading", line.start + group.start(), base + title_end, title))
        if first_dash:
            out.extend(_dash_items(base + first_dash.start(), body[first_dash.start() :], section, lead_is_paragraph=False))
    return out


def _dash_items(offset: int, body: str, section: str | None, *, lead_is_paragraph: bool) -> list[Segment]:
    out: list[Segment] = []
    cuts = [m for m in _DASH_BULLET.finditer(body)]
    if lead_is_paragraph:
        return [Segment("paragraph", offset, offset + len(body.rstrip()), section)]
    for i, cut in enumerate(cuts):
        start = cut.end()
        end = cuts[i + 1].start() if i + 1 < len(cuts) else len(body.rstrip())
        out.append(Segment("item", offset + start, offset + end, section, "section_item"))
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end] (Chinese and English end punctuation)."""
    chunk = text[start:end]
    pattern = _SENTENCE_END_EN if _is_english(chunk) else _SENTENCE_END_ZH
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in pattern.finditer(chunk):
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, len(chunk)))
    out = []
    for s, e in spans:
        piece = chunk[s:e]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + s + lead, start + s + len(piece.rstrip())))
    return out
