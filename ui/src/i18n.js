// Labels in English and Chinese; names from the data (organisations, patents) are shown as entered.

const LABELS = {
  en: {
    title: "InnoGraph", chainView: "Industrial chain", consortiumView: "Consortia", pathView: "Collaboration paths",
    orgView: "Organisation", graphiql: "GraphiQL", apiKey: "API key", save: "Save", clear: "Clear", keySaved: "API key saved",
    keyNeeded: "This server needs an API key: enter one above (ask an administrator for `innograph apikey create`).",
    chain: "Chain", region: "Region", benchmark: "Benchmark", navReport: "Patent navigation report (PDF)", allRegions: "All regions", load: "Show", loading: "Loading…",
    upstream: "Upstream", midstream: "Midstream", downstream: "Downstream", other: "Other",
    patents: "Patents", patentCount: "Patent count", gapScore: "Gap score", segment: "Segment", position: "Position",
    ipc: "IPC", keywords: "Keywords", figures: "Figures", clickSegment: "Click a segment for its figures.",
    gapsMissing: "This server does not offer chainGaps yet: segments are coloured by their patent count.",
    colourGap: "Colour: gap score (green = strong, red = gap)", colourPatents: "Colour: patents in the segment",
    recentPatents: "Patents in this segment", applicants: "Applicants", none: "None", from: "From", to: "To",
    size: "Size", find: "Find", candidates: "Candidates", rank: "Rank", total: "Total", members: "Members",
    covers: "covers", uncovered: "Not covered", parts: "Score parts", consortiumMissing: "This server does not offer consortiumCandidates yet.",
    noCandidates: "No candidate consortia for this chain and region.",
    pathsMissing: "This server does not offer collaborationPaths yet.", searchOrg: "Search an organisation or inventor…",
    maxHops: "Max hops", k: "Paths", noPaths: "No path between them within the hop limit.", distance: "distance",
    evidence: "Evidence patents", pickBoth: "Pick both ends from the search results.",
    pathsHint: "Find how two organisations or inventors are connected: type a few characters of a name in From and To and pick one from the list (organisations and inventors, in Chinese or English), set the hop limit, then press Find. The shortest chains of co-applications, co-invention, affiliation and citations are drawn here, each tie with the patents behind it.",
    pathsHintFrom: "Now pick the other end in To, then press Find.", pathsHintTo: "Now pick the start in From, then press Find.",
    aliases: "Aliases", kind: "Kind", country: "Country", province: "Province", city: "City", partners: "Partners",
    noPartners: "No co-applicants in the data.", segments: "Segments", topPartners: "the {n} with most shared patents",
    clickCell: "Click a cell for the member's patents in that segment (the evidence).", existingTies: "Existing ties",
    noTies: "No ties between the members yet.", newestShown: "Newest shown:", segmentsOf: "segments", listSeparator: ", ",
    year: "Year", number: "Number", titleCol: "Title", type: "Type", more: "More",
    allPatents: "all patents", outsideRegion: "outside the region", holdersIn: "Top holders in the region", holdersOut: "Top holders outside", measures: "Policy measures", howScored: "How the gap score is computed", years: "Years", notFound: "Not found.", inventor: "inventor", searchOrgOnly: "Find an organisation…", error: "Error", via: "Via", anyTie: "any tie", language: "中文",
    kinds: { firm: "firm", university: "university", research_institute: "research institute", government: "government",
      hospital: "hospital", individual: "individual", other: "other" },
    parts_: { coverage: "coverage", complementarity: "complementarity", ties: "ties", capacity: "capacity",
      proximity: "proximity", potential: "potential" },
  },
  zh: {
    title: "InnoGraph 创新图谱", chainView: "产业链", consortiumView: "创新联合体", pathView: "合作路径",
    orgView: "机构", graphiql: "GraphiQL", apiKey: "API 密钥", save: "保存", clear: "清除", keySaved: "已保存 API 密钥",
    keyNeeded: "此服务需要 API 密钥：请在上方输入（由管理员用 `innograph apikey create` 创建）。",
    chain: "产业链", region: "地区", benchmark: "对标", navReport: "产业专利导航报告（PDF）", allRegions: "全部地区", load: "显示", loading: "加载中…",
    upstream: "上游", midstream: "中游", downstream: "下游", other: "其他",
    patents: "专利", patentCount: "专利数", gapScore: "缺口分", segment: "环节", position: "位置",
    ipc: "IPC 分类", keywords: "关键词", figures: "指标", clickSegment: "点击环节查看指标。",
    gapsMissing: "此服务尚未提供 chainGaps：环节按专利数着色。",
    colourGap: "颜色：缺口分（绿 = 强，红 = 缺口）", colourPatents: "颜色：环节专利数",
    recentPatents: "该环节的专利", applicants: "申请人", none: "无", from: "起点", to: "终点",
    size: "规模", find: "查找", candidates: "候选方案", rank: "排名", total: "总分", members: "成员",
    covers: "覆盖", uncovered: "未覆盖", parts: "得分构成", consortiumMissing: "此服务尚未提供 consortiumCandidates。",
    noCandidates: "该产业链与地区没有候选联合体。",
    pathsMissing: "此服务尚未提供 collaborationPaths。", searchOrg: "搜索机构或发明人…",
    maxHops: "最多跳数", k: "路径数", noPaths: "在跳数限制内两者之间没有路径。", distance: "距离",
    evidence: "证据专利", pickBoth: "请从搜索结果中选择两端。",
    pathsHint: "查看两个机构或发明人之间如何关联：在“起点”和“终点”中输入名称的几个字（机构或发明人，中文或英文均可），从列表中选择，设定最多跳数，然后点击“查找”。此处将绘制由共同申请、共同发明、任职和引用构成的最短合作路径，每条关系都列出其依据的专利。",
    pathsHintFrom: "请在“终点”中选择另一端，然后点击“查找”。", pathsHintTo: "请在“起点”中选择起点，然后点击“查找”。",
    aliases: "别名", kind: "类型", country: "国家", province: "省份", city: "城市", partners: "合作机构",
    noPartners: "数据中没有共同申请人。", segments: "环节", topPartners: "共同专利最多的 {n} 个",
    clickCell: "点击单元格查看该成员在该环节的专利（证据）。", existingTies: "已有合作关系",
    noTies: "成员之间尚无合作关系。", newestShown: "显示最新的", segmentsOf: "个环节", listSeparator: "、",
    year: "年份", number: "号码", titleCol: "标题", type: "类型", more: "更多",
    allPatents: "全部专利", outsideRegion: "区外专利", holdersIn: "本地区主要专利权人", holdersOut: "区外主要专利权人", measures: "政策措施", howScored: "缺口分的计算方法", years: "年份", notFound: "未找到。", inventor: "发明人", searchOrgOnly: "查找机构…", error: "错误", via: "经由", anyTie: "任意关系", language: "English",
    kinds: { firm: "企业", university: "高校", research_institute: "科研院所", government: "政府机构",
      hospital: "医院", individual: "个人", other: "其他" },
    parts_: { coverage: "覆盖度", complementarity: "互补性", ties: "合作关系", capacity: "能力",
      proximity: "地理邻近", potential: "合作潜力" },
  },
};

const LANG_STORAGE = "innograph.lang";
let lang = (() => {
  try { return localStorage.getItem(LANG_STORAGE) || (navigator.language?.startsWith("zh") ? "zh" : "en"); }
  catch { return "en"; }
})();

export function getLang() { return lang; }
export function setLang(value) {
  lang = value === "zh" ? "zh" : "en";
  try { localStorage.setItem(LANG_STORAGE, lang); } catch { /* ignore */ }
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

export function t(key) {
  return LABELS[lang][key] ?? LABELS.en[key] ?? key;
}
export function kindLabel(kind) { return (kind && LABELS[lang].kinds[kind]) || kind || ""; }
const TIES = {
  en: { co_applicant: "co-applicant", co_inventor: "co-inventor", affiliation: "affiliation", citation: "citation" },
  zh: { co_applicant: "共同申请", co_inventor: "共同发明人", affiliation: "任职", citation: "引用" },
};
export function tieLabel(type) { return TIES[lang][type] || type; }
export function partLabel(part) { return LABELS[lang].parts_[part] || part; }

// a bilingual object: {nameZh, nameEn} -> the one for the language, falling back to the other
export function pick(obj, zhField = "nameZh", enField = "nameEn") {
  if (!obj) return "";
  return (lang === "zh" ? obj[zhField] || obj[enField] : obj[enField] || obj[zhField]) || obj.name || obj.key || obj.id || "";
}

// report field names (camelCase from the API) -> labels; unknown names are spelled out from camelCase
const FIGURES_ZH = {
  regionPatents: "本地区专利", benchmarkPatents: "对标专利", share: "占比", gap: "缺口", gapScore: "缺口分",
  highValuePatents: "高价值专利", validPatents: "有效专利", organizations: "机构数", firms: "企业数",
  universities: "高校数", growth: "增长率", recentPatents: "近期专利", expected: "期望值", ratio: "比值",
  rank: "排名", total: "总分", score: "得分", measures: "政策措施", leaders: "领先机构", patents: "专利",
  distance: "距离", count: "次数", year: "年份", region: "地区", benchmark: "对标",
  flags: "标记", benchmarkShare: "对标占比", shareRatio: "区位商", inventions: "发明专利", valid: "有效专利",
  highValue: "高价值专利", benchmarkGrowth: "对标增长率", cagr: "年复合增长率", segmentPatents: "环节专利（全部地区）",
  externalShare: "外部依赖占比", measureCount: "政策措施数",
};
export function figureLabel(name) {
  if (lang === "zh" && FIGURES_ZH[name]) return FIGURES_ZH[name];
  return String(name).replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
}

// counts with their unit: "1 patent" / "2 patents", "1 hop"; in Chinese a measure word, no plural
const UNITS = {
  en: { patent: ["patent", "patents"], hop: ["hop", "hops"], sharedPatent: ["shared patent", "shared patents"],
    path: ["path", "paths"], member: ["member", "members"], segment: ["segment", "segments"],
    coApplication: ["co-application", "co-applications"], sharedInventor: ["shared inventor", "shared inventors"],
    citation: ["citation", "citations"], partner: ["partner", "partners"] },
  zh: { patent: "件专利", hop: "跳", sharedPatent: "件共同专利", path: "条路径", member: "个成员", segment: "个环节",
    coApplication: "次共同申请", sharedInventor: "位共同发明人", citation: "次引用", partner: "个合作机构" },
};
export function count(n, unit) {
  const value = typeof n === "number" ? n.toLocaleString("en-US") : String(n ?? "–");
  if (lang === "zh") return `${value} ${UNITS.zh[unit] ?? unit}`;
  const [one, many] = UNITS.en[unit] ?? [unit, unit];
  return `${value} ${n === 1 ? one : many}`;
}

// scores, weights, ratios and distances: always two decimals (0.00, 0.50, 1.00), so a 0 beside a 0.50 reads alike
export function score(value) {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n.toFixed(2) : "–";
}

// patent types have fixed names in both languages (CNIPA: 发明, 实用新型, 外观设计)
const PATENT_TYPES = {
  en: { invention: "invention", utility_model: "utility model", design: "design" },
  zh: { invention: "发明", utility_model: "实用新型", design: "外观设计" },
};
export function patentTypeLabel(type) { return (type && PATENT_TYPES[lang][type]) || type || "–"; }

// countries are stored as ISO codes
const COUNTRIES = {
  en: { CN: "China", US: "United States", JP: "Japan", DE: "Germany", KR: "South Korea", IE: "Ireland", SG: "Singapore",
    TW: "Taiwan, China", HK: "Hong Kong, China", MO: "Macao, China", GB: "United Kingdom", FR: "France" },
  zh: { CN: "中国", US: "美国", JP: "日本", DE: "德国", KR: "韩国", IE: "爱尔兰", SG: "新加坡", TW: "中国台湾", HK: "中国香港",
    MO: "中国澳门", GB: "英国", FR: "法国" },
};
export function countryLabel(code) { return (code && COUNTRIES[lang][code]) || code || ""; }

// where something is, in the page's language: {city, cityZh, province, provinceZh, region, regionZh, country}
// (the API stores English names and gives Chinese ones from its gazetteer; a place it does not know stays as entered)
export function placeLabel(obj, part = "region") {
  if (!obj) return "";
  const zh = lang === "zh";
  if (part === "city") return (zh && obj.cityZh) || obj.city || "";
  if (part === "province") return (zh && obj.provinceZh) || obj.province || "";
  const named = (zh && obj.regionZh) || obj.region || (zh && (obj.cityZh || obj.provinceZh)) || obj.city || obj.province;
  return named && named !== obj.country ? named : countryLabel(obj.country || named);
}
