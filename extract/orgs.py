"""Organisation kind (firm, university, ...) and region (province, city) from names and addresses.

Patterns are data: `extract/data/org_kinds.yaml` and `extract/data/regions_cn.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from extract.normalize import (
    cjk_share,
    has_cjk,
    is_cn_surname_romanised,
    load_data,
    normalize_text,
    split_cn_name,
    to_simplified,
)

# --- kind ---------------------------------------------------------------------------------------


@cache
def _zh_kind_suffixes() -> list[tuple[str, str, float]]:
    """(suffix, kind, confidence), longest suffix first."""
    rows = [(s, r["kind"], float(r["confidence"])) for r in load_data("org_kinds.yaml")["zh"] for s in r["suffixes"]]
    return sorted(rows, key=lambda row: -len(row[0]))


@cache
def _latin_kind_patterns() -> list[tuple[re.Pattern[str], str, float, int]]:
    """(word pattern, kind, confidence, priority), highest priority first."""
    rows = []
    for rule in load_data("org_kinds.yaml")["latin"]:
        words = sorted(rule["words"], key=len, reverse=True)
        alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        rows.append((re.compile(rf"\b(?:{alternation})\b"), rule["kind"], float(rule["confidence"]), rule["priority"]))
    return sorted(rows, key=lambda row: -row[3])


_LATIN_WORDS = re.compile(r"[a-z]+")


def _classify_zh(text: str) -> tuple[str, float] | None:
    # head-final: the marker ending nearest the end of the name wins, longer markers first on ties
    best: tuple[int, int, str, float] | None = None
    for suffix, kind, confidence in _zh_kind_suffixes():
        pos = text.rfind(suffix)
        if pos < 0:
            continue
        end = pos + len(suffix)
        candidate = (end, len(suffix), kind, confidence)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None:
        return None
    end, _, kind, confidence = best
    # a marker followed by more text is a weaker signal (e.g. 大学城路 in an odd name)
    return kind, confidence if end == len(text) else round(confidence * 0.8, 2)


def _classify_latin(text: str) -> tuple[str, float] | None:
    clause = text.split(",")[0]
    cleaned = re.sub(r"[^\w\s']", " ", clause)
    for pattern, kind, confidence, _priority in _latin_kind_patterns():
        if pattern.search(cleaned):
            return kind, confidence
    # a legal form after the first comma ("Foo, Inc.") still marks a firm
    firm_pattern = _latin_kind_patterns()[0][0]
    if firm_pattern.search(re.sub(r"[^\w\s']", " ", text)):
        return "firm", 0.9
    return None


def looks_like_person(name: str) -> bool:
    """True for a bare personal name: 张伟, "Wei Zhang", "ZHANG, Wei" (no organisation words)."""
    text = normalize_text(name)
    if has_cjk(text):
        return split_cn_name(to_simplified(text)) is not None
    words = _LATIN_WORDS.findall(text.casefold())
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in text):
        return False
    if "," in text and len(text.split(",")) == 2:
        return True
    return is_cn_surname_romanised(words[0]) or is_cn_surname_romanised(words[-1])


def classify_kind(name: str | None) -> tuple[str, float]:
    """(kind, confidence) of an organisation from its name; kinds are core.model.ORGANIZATION_KINDS."""
    text = to_simplified(normalize_text(name)).casefold()
    if not text:
        return "other", 0.0
    found = _classify_zh(text) if has_cjk(text) and cjk_share(text) >= 0.5 else _classify_latin(text)
    if found is not None:
        return found
    rules = load_data("org_kinds.yaml")
    if looks_like_person(name or ""):
        return "individual", float(rules["individual_confidence"])
    return rules["default"]["kind"], float(rules["default"]["confidence"])


# --- region -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegionRef:
    """Where an organisation is: country code, province and city (English names), and the evidence."""

    country: str | None
    province: str | None
    city: str | None
    confidence: float
    source_field: str | None
    district: str | None = None
    province_code: str | None = None
    city_code: str | None = None

    def region_keys(self) -> list[str]:
        """Region node keys from broad to narrow: ["CN", "CN-JS", "CN-JS-Suzhou"]."""
        keys: list[str] = []
        if self.country:
            keys.append(self.country)
        if self.country == "CN" and self.province_code:
            iso = _province_by_code()[self.province_code]["iso"]
            keys.append(f"CN-{iso}")
            if self.city:
                keys.append(f"CN-{iso}-{self.city}")
        return keys


NO_REGION = RegionRef(None, None, None, 0.0, None)


def _title(pinyin: str | None) -> str | None:
    return "".join(pinyin.split()).title() if pinyin else None


@cache
def _province_by_code() -> dict[str, dict[str, Any]]:
    return {p["code"]: p for p in load_data("regions_cn.yaml")["provinces"]}


@dataclass(frozen=True, slots=True)
class _Place:
    province_code: str
    city_code: str | None
    district: str | None
    zh_names: tuple[str, ...]
    latin: str | None  # syllables, e.g. "kun shan"
    level: int  # 1 province, 2 city, 3 district


@cache
def _places() -> list[_Place]:
    data = load_data("regions_cn.yaml")
    places: list[_Place] = []
    for p in data["provinces"]:
        latin = p.get("english") or p.get("pinyin")
        places.append(_Place(p["code"], None, None, (p["zh"], p["short"]), latin, 1))
        if p.get("english") and p.get("pinyin"):
            places.append(_Place(p["code"], None, None, (), p["pinyin"], 1))
    for c in data["cities"] + data["other_cities"]:
        zh = tuple(n for n in (c["zh"], c.get("short")) if n)
        places.append(_Place(c["province"], c["code"], None, zh, c.get("pinyin"), 2))
        for d in c.get("districts") or []:
            dzh = tuple(n for n in (d["zh"], d.get("short")) if n)
            places.append(_Place(c["province"], c["code"], _title(d.get("pinyin")) or d["zh"], dzh, d.get("pinyin"), 3))
    return places


@cache
def _city_by_code() -> dict[str, dict[str, Any]]:
    data = load_data("regions_cn.yaml")
    return {c["code"]: c for c in data["cities"] + data["other_cities"]}


@cache
def _latin_place_patterns() -> list[tuple[re.Pattern[str], _Place]]:
    out = []
    for place in _places():
        if place.latin:
            syllables = place.latin.split()
            # districts are often also given names (Li Yang, Dan Yang): only joined forms count there
            separator = r"[\s'\-]?" if place.level < 3 else r"[-]?"
            pattern = re.compile(r"(?<![a-z])" + separator.join(map(re.escape, syllables)) + r"(?![a-z])")
            out.append((pattern, place))
    return out


@cache
def _zh_place_names() -> list[tuple[str, _Place]]:
    """Chinese place names, longest first so 苏州工业园区 wins over 苏州."""
    rows = [(name, place) for place in _places() for name in place.zh_names]
    return sorted(rows, key=lambda row: -len(row[0]))


def _find_places(text: str) -> list[tuple[_Place, float]]:
    """Places named in `text` with a confidence (Chinese names beat romanisations)."""
    found: list[tuple[_Place, float]] = []
    if has_cjk(text):
        simplified = to_simplified(text)
        taken: list[tuple[int, int]] = []
        for name, place in _zh_place_names():
            start = simplified.find(name)
            if start < 0 or any(a <= start < b for a, b in taken):
                continue
            taken.append((start, start + len(name)))
            found.append((place, 0.95 if len(name) > 2 or place.level < 3 else 0.85))
    lowered = text.casefold()
    ambiguous = load_data("regions_cn.yaml").get("ambiguous_pinyin") or {}
    for pattern, place in _latin_place_patterns():
        if pattern.search(lowered):
            found.append((place, 0.85 * float(ambiguous.get(place.latin, 1.0))))
    return found


def _pick(found: list[tuple[_Place, float]], source: str) -> RegionRef | None:
    """The most specific consistent place: a district/city wins over its province."""
    if not found:
        return None
    # the deepest level with the best confidence, then fill the province from it
    found.sort(key=lambda item: (-item[0].level, -item[1]))
    place, confidence = found[0]
    provinces = {p.province_code for p, _ in found if p.level == 1}
    if provinces and place.province_code not in provinces:
        # a city of another province than the one named: trust the province, drop the city
        best_province = max((item for item in found if item[0].level == 1), key=lambda item: item[1])
        place, confidence = best_province[0], best_province[1] * 0.8
    elif provinces and place.level > 1:
        confidence = min(1.0, confidence + 0.05)
    province = _province_by_code()[place.province_code]
    city = _city_by_code()[place.city_code] if place.city_code else None
    if province.get("kind") == "municipality" and city is None:
        city_name = _title(province["pinyin"])
    else:
        city_name = _title(city.get("pinyin")) if city and city.get("pinyin") else (city["short"] if city else None)
    return RegionRef(
        country="TW" if place.province_code == "71" else "HK" if place.province_code == "81"
        else "MO" if place.province_code == "82" else "CN",
        province=_title(province.get("pinyin")) if not province.get("english") else province["english"].title(),
        city=city_name,
        confidence=round(confidence, 2),
        source_field=source,
        district=place.district,
        province_code=place.province_code,
        city_code=place.city_code,
    )


_PROVINCE_CODE_FIELD = re.compile(r"(?<!\d)(\d{2})(?:\d{2}(?:\d{2})?)?(?!\d)")


def _from_province_field(value: str) -> RegionRef | None:
    """"江苏;32", "32", "Jiangsu", "JS" -> Jiangsu."""
    found = _find_places(value)
    if picked := _pick(found, "province"):
        return picked
    codes = _province_by_code()
    for m in _PROVINCE_CODE_FIELD.finditer(value):
        if m.group(1) in codes:
            p = codes[m.group(1)]
            name = p["english"].title() if p.get("english") else _title(p["pinyin"])
            return RegionRef("CN", name, None, 0.8, "province", province_code=p["code"])
    iso = value.strip().upper()
    for p in codes.values():
        if iso == p["iso"] or iso == f"CN-{p['iso']}":
            name = p["english"].title() if p.get("english") else _title(p["pinyin"])
            return RegionRef("CN", name, None, 0.7, "province", province_code=p["code"])
    return None


def extract_region(
    name: str | None = None,
    address: str | None = None,
    city_field: str | None = None,
    province_field: str | None = None,
) -> RegionRef:
    """Region of an organisation from its address, city field, province field or, last, its name.

    "江苏省南京市玄武区..." -> Jiangsu/Nanjing; "Kunshan" -> Jiangsu/Suzhou (district Kunshan);
    "江苏;32" -> Jiangsu; 南京大学 -> Nanjing (from the name, lower confidence).
    """
    city_ref = _pick(_find_places(normalize_text(city_field)), "city") if city_field else None
    address_ref = _pick(_find_places(normalize_text(address)), "address") if address else None
    province_ref = _from_province_field(normalize_text(province_field)) if province_field else None
    for ref in (address_ref, city_ref):
        if ref and ref.city:
            return ref
    if ref := address_ref or city_ref or province_ref:
        if province_ref and ref is not province_ref and ref.province_code != province_ref.province_code:
            return province_ref
        return ref
    if name:
        name_ref = _pick(_find_places(normalize_text(name)), "name")
        if name_ref:
            # a place in a name is where the organisation was founded, not always where it is
            return RegionRef(
                name_ref.country, name_ref.province, name_ref.city, round(name_ref.confidence * 0.8, 2),
                "name", name_ref.district, name_ref.province_code, name_ref.city_code,
            )
    return NO_REGION


@cache
def _chinese_names() -> dict[tuple[str, str], str]:
    """(province, city or "") as `extract_region` names them in English, case-folded -> Chinese name.

    Built by naming every province and city of the gazetteer the way `_pick` does, so a name the
    loader wrote always finds its Chinese form (a municipality is its own city: Shanghai/Shanghai)."""
    table: dict[tuple[str, str], str] = {}
    for place in _places():
        if place.level > 2:
            continue
        ref = _pick([(place, 1.0)], "gazetteer")
        if ref is None or not ref.province:
            continue
        province = _province_by_code()[place.province_code]
        table.setdefault((ref.province.casefold(), ""), province["zh"])
        if ref.city:
            zh = _city_by_code()[place.city_code]["zh"] if place.city_code else province["zh"]
            table.setdefault((ref.province.casefold(), ref.city.casefold()), zh)
    return table


def chinese_place_name(province: str | None, city: str | None = None) -> str | None:
    """The Chinese name of a province, or of a city of that province, named as the loaders name them:
    ("Jiangsu", None) -> 江苏省, ("Jiangsu", "Taizhou") -> 泰州市, ("Zhejiang", "台州") -> 台州市;
    None for a place outside the gazetteer (the name is then shown as it is)."""
    if not province:
        return None
    return _chinese_names().get((province.casefold(), (city or "").casefold()))
