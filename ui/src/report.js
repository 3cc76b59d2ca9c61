// Reading report objects whose exact field names the view does not hard-code (see api.selectionFor).
import { fmt } from "./dom.js";
import { figureLabel } from "./i18n.js";

export function humanize(name) {
  return figureLabel(name);
}

// the first present value among candidate field names (exact, then case-insensitive)
export function field(obj, ...names) {
  if (!obj || typeof obj !== "object") return undefined;
  for (const n of names) if (obj[n] !== undefined && obj[n] !== null) return obj[n];
  const lower = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
  for (const n of names) { const k = lower.get(n.toLowerCase()); if (k && obj[k] !== null && obj[k] !== undefined) return obj[k]; }
  return undefined;
}

export function isScalar(v) { return v === null || ["string", "number", "boolean"].includes(typeof v); }

// [label, value] pairs of the scalar fields of `obj` (and scalar lists), minus `skip`
export function scalarFigures(obj, skip = []) {
  const out = [];
  for (const [k, v] of Object.entries(obj || {})) {
    if (skip.includes(k) || k === "__typename") continue;
    if (isScalar(v)) out.push([humanize(k), v]);
    else if (Array.isArray(v) && v.every(isScalar)) out.push([humanize(k), v]);
  }
  return out;
}

// the first array of objects in obj (depth-first, obj itself if it is one)
export function firstObjectList(obj, prefer = []) {
  if (Array.isArray(obj)) return obj;
  if (!obj || typeof obj !== "object") return [];
  for (const name of prefer) if (Array.isArray(obj[name])) return obj[name];
  for (const v of Object.values(obj)) if (Array.isArray(v) && v.length && typeof v[0] === "object") return v;
  return [];
}

export function asNumber(v) {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

export { fmt };
