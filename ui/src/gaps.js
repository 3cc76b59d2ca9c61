// The chain gap report (GraphQL `chainGaps`): per segment a gap score in [0, 1] (1 = largest gap) and
// the figures behind it (graph.gaps defines them; the report's `definitions` explain each one).
import { gql, has, fieldType, selectionFor, callField, isSchemaMismatch } from "./api.js";
import { t, getLang, figureLabel, count, score, placeLabel } from "./i18n.js";
import { field, scalarFigures, firstObjectList, asNumber, isScalar } from "./report.js";
import { h, fmt, orgLink, kindBadge } from "./dom.js";

const GAPS = `query UiChainGaps($chainId: ID!, $region: String!, $benchmark: String, $from: Int, $to: Int) {
  chainGaps(chainId: $chainId, region: $region, benchmark: $benchmark, from: $from, to: $to, topHolders: 5) {
    region { id name nameZh } benchmark { id name nameZh } benchmarkKind benchmarkOverlap notes noteCodes
    fromYear toYear regionChainPatents benchmarkChainPatents
    segments {
      segmentId key nameZh nameEn position gapScore flags regionPatents benchmarkPatents share shareRatio
      segmentPatents applicantPatents externalPatents externalShare measureCount
      region { patents inventions valid highValue growth cagr share }
      benchmark { patents share growth }
      topHoldersInRegion { organizationId name kind city patents organization { country city cityZh province provinceZh region regionZh } }
      topHoldersOutside { organizationId name kind city patents organization { country city cityZh province provinceZh region regionZh } }
      measures { measureId text policyTitle policyRegion }
    }
    definitions { name text }
  }
}`;

// benchmark = another region, "all" for every patent, or none for everything outside the region (the
// API's default: a benchmark that contains the region would hide its gaps)
export const BENCHMARKS = [
  { value: "", en: "Outside the region", zh: "区外专利" },
  { value: "all", en: "All patents", zh: "全部专利" },
  { value: "China", en: "China", zh: "全国" },
  { value: "Jiangsu", en: "Jiangsu", zh: "江苏省" },
  { value: "Guangdong", en: "Guangdong", zh: "广东省" },
  { value: "Zhejiang", en: "Zhejiang", zh: "浙江省" },
  { value: "Shanghai", en: "Shanghai", zh: "上海市" },
  { value: "Beijing", en: "Beijing", zh: "北京市" },
];

export function gapBenchmarks() {
  if (!has("chainGaps")) return [];
  const zh = getLang() === "zh";
  return BENCHMARKS.map((b) => ({ value: b.value, label: zh ? b.zh : b.en }));
}

const FLAGS = {
  en: { missing_link: "missing link", weak_link: "weak link", external_dependency: "external dependency" },
  zh: { missing_link: "缺失环节", weak_link: "薄弱环节", external_dependency: "外部依赖" },
};
const flagLabel = (f) => FLAGS[getLang()][f] || f;
const pct = (v) => (v === null || v === undefined ? "–" : `${(100 * v).toFixed(1)}%`);
// ratios (share ratio, growth) read like scores, with two decimals; absent stays absent
const ratio = (v) => (v === undefined ? undefined : score(v));

export async function loadGaps(chainId, region, benchmark, from = null, to = null) {
  let report;
  const vars = { chainId, region: region || "Jiangsu", benchmark: benchmark || null, from, to };
  try {
    report = (await gql(GAPS, vars)).chainGaps;
  } catch (err) {
    if (!isSchemaMismatch(err)) throw err;
    // the server's report type differs from the one this page was written for: read what it has
    const type = await fieldType("Query", "chainGaps");
    report = await callField("chainGaps", vars, await selectionFor(type?.name || "ChainGapReport", 3));
  }
  const definitions = new Map((report.definitions || []).map((d) => [d.name, d.text]));
  const bySegment = new Map();
  for (const row of firstObjectList(report, ["segments"])) {
    const seg = field(row, "segment") || {};
    const id = field(row, "segmentId") ?? field(seg, "id");
    const key = field(row, "key") ?? field(seg, "key");
    const score = asNumber(field(row, "gapScore", "score"));
    const entry = { score, row, figures: figuresOf(row), extra: detailsOf(row, definitions) };
    if (id) bySegment.set(id, entry);
    if (key) bySegment.set(key, entry);
  }
  return { report, bySegment };
}

function figuresOf(row) {
  const r = row.region || {};
  const b = row.benchmark || {};
  const known = [
    [t("gapScore"), score(row.gapScore)],
    row.flags?.length ? [figureLabel("flags"), h("span", { class: "flags" }, row.flags.map((f) => h("span", { class: `flag flag-${f}` }, flagLabel(f))))] : null,
    [figureLabel("regionPatents"), row.regionPatents],
    [figureLabel("benchmarkPatents"), row.benchmarkPatents],
    [figureLabel("share"), pct(row.share)],
    [figureLabel("benchmarkShare"), pct(b.share)],
    [figureLabel("shareRatio"), ratio(row.shareRatio)],
    r.inventions !== undefined ? [figureLabel("inventions"), r.inventions] : null,
    r.valid !== undefined ? [figureLabel("valid"), r.valid] : null,
    r.highValue !== undefined ? [figureLabel("highValue"), r.highValue] : null,
    [figureLabel("growth"), ratio(r.growth)],
    [figureLabel("benchmarkGrowth"), ratio(b.growth)],
    [figureLabel("cagr"), r.cagr === null || r.cagr === undefined ? null : pct(r.cagr)],
    [figureLabel("segmentPatents"), row.segmentPatents],
    [figureLabel("externalShare"), pct(row.externalShare)],
    [figureLabel("measureCount"), row.measureCount],
  ].filter((p) => p && p[1] !== undefined);
  if (known.length > 3) return known;
  return [[t("gapScore"), score(row.gapScore)], ...scalarFigures(row, ["gapScore", "segmentId", "key", "id", "nameZh", "nameEn", "position", "order"])];
}

function holders(title, list, testid) {
  if (!list?.length) return "";
  return [h("h3", {}, title), h("ol", { class: "holders", "data-testid": testid }, list.map((o) => h("li", {},
    orgLink({ id: o.organizationId ?? o.organization?.id, name: o.name ?? o.organization?.name }), " ", kindBadge(o.kind),
    h("span", { class: "muted" }, ` ${placeLabel(o.organization || o) || ""} · ${count(o.patents, "patent")}`))))];
}

function detailsOf(row, definitions) {
  const blocks = [
    holders(t("holdersIn"), row.topHoldersInRegion, "holders-in"),
    holders(t("holdersOut"), row.topHoldersOutside, "holders-out"),
  ];
  if (row.measures?.length) {
    blocks.push(h("h3", {}, t("measures")), h("ul", { class: "patent-list" }, row.measures.map((m) => h("li", {},
      m.policyTitle ? h("strong", {}, m.policyTitle, " ") : "", h("span", {}, m.text || "")))));
  }
  if (definitions.has("gap_score") || definitions.has("gapScore")) {
    blocks.push(h("details", { class: "definition" }, h("summary", {}, t("howScored")), definitions.get("gap_score") || definitions.get("gapScore")));
  }
  return h("div", { class: "gap-details" }, blocks);
}
