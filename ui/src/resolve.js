// Names for bare ids (org:…, inv:…, pat:…) found in analytics results, fetched in small aliased batches.
import { gql } from "./api.js";

const cache = new Map();
const BATCH = 12; // the API caps aliases per document

const FIELDS = {
  org: ["organization", "id name kind city province region"],
  inv: ["inventor", "id name city province"],
  pat: ["patent", "id number title year applicationDate applicants { id name }"],
  seg: null,
};

export function cached(id) { return cache.get(id); }

export async function resolve(ids) {
  const wanted = [...new Set(ids.filter((id) => typeof id === "string" && !cache.has(id) && FIELDS[id.split(":")[0]]))];
  for (let i = 0; i < wanted.length; i += BATCH) {
    const chunk = wanted.slice(i, i + BATCH);
    const decl = chunk.map((_, j) => `$i${j}: ID!`).join(", ");
    const body = chunk.map((id, j) => { const [f, sel] = FIELDS[id.split(":")[0]]; return `n${j}: ${f}(id: $i${j}) { ${sel} }`; }).join(" ");
    const vars = Object.fromEntries(chunk.map((id, j) => [`i${j}`, id]));
    const data = await gql(`query UiResolve(${decl}) { ${body} }`, vars);
    chunk.forEach((id, j) => cache.set(id, data[`n${j}`] || { id }));
  }
  return new Map(ids.map((id) => [id, cache.get(id) || { id }]));
}

export function remember(obj) {
  if (obj && typeof obj === "object" && obj.id && (obj.name || obj.title)) cache.set(obj.id, { ...(cache.get(obj.id) || {}), ...obj });
}
