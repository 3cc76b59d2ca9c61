// The only way the UI talks to InnoGraph: POST /graphql, with `Authorization: Bearer <key>` when a key is set.

const KEY_STORAGE = "innograph.apiKey";

export function getKey() {
  try { return localStorage.getItem(KEY_STORAGE) || ""; } catch { return ""; }
}

export function setKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key.trim());
    else localStorage.removeItem(KEY_STORAGE);
  } catch { /* private mode: the key lives for this page only */ }
}

export class ApiError extends Error {
  constructor(message, { status = 0, code = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function endpoint() {
  // the page is served by the API itself at /ui/, so the API is on the same origin
  return new URL("/graphql", window.location.href).toString();
}

export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = getKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(endpoint(), { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (err) {
    throw new ApiError(`network error: ${err.message}`);
  }
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  if (response.status === 401 || response.status === 403) {
    const message = body?.error?.message || body?.errors?.[0]?.message || response.statusText;
    throw new ApiError(message, { status: response.status, code: "UNAUTHENTICATED" });
  }
  if (!response.ok && !body?.data) {
    const message = body?.error?.message || body?.errors?.[0]?.message || `HTTP ${response.status}`;
    throw new ApiError(message, { status: response.status });
  }
  if (body?.errors?.length) {
    const first = body.errors[0];
    const code = first.extensions?.code || null;
    throw new ApiError(first.message, { status: response.status, code: code === "UNAUTHENTICATED" ? code : code });
  }
  return body.data;
}

// --- what this server offers -------------------------------------------------------------------
// Analytics queries (chainGaps, consortiumCandidates, collaborationPaths, chainGraph) may be absent on an
// older server; the views ask `has(name)` and say so instead of failing.

const CAPS_QUERY = `query UiCapabilities {
  __schema { queryType { fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } } } }
}`;

let caps = null;

function namedType(t) {
  while (t && !t.name && t.ofType) t = t.ofType;
  return t ? { kind: t.kind, name: t.name } : null;
}

export async function loadCapabilities() {
  if (caps) return caps;
  try {
    const data = await gql(CAPS_QUERY);
    const fields = new Map();
    for (const f of data.__schema.queryType.fields) {
      fields.set(f.name, new Map(f.args.map((a) => [a.name, namedType(a.type)])));
    }
    caps = { introspected: true, fields };
  } catch (err) {
    if (err.code === "UNAUTHENTICATED") throw err;
    caps = { introspected: false, fields: new Map() }; // introspection off: assume everything is there
  }
  return caps;
}

export function resetCapabilities() { caps = null; }

export function has(field) {
  return !caps || !caps.introspected || caps.fields.has(field);
}

// --- selection sets built from the schema (fallback) -------------------------------------------
// The views send hand-written queries matching api/schema.graphql. When a server's report types
// differ (an older or newer API: the query fails validation, see isSchemaMismatch), the gap,
// consortium and path views fall back to a selection built from introspection: every scalar field,
// and nested objects up to a depth. Entity types (organisations, patents, segments ...) contribute
// their scalar fields only; fields that need arguments and paginated connections are left out.

const TYPES_QUERY = `query UiTypes { __schema { types { name kind
  fields { name args { name defaultValue type { kind } }
           type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`;
const ENTITY_TYPES = new Set(["Organization", "Inventor", "Patent", "ChainSegment", "IndustrialChain", "Policy", "Measure", "Target", "Region"]);
let typesPromise = null;

export function loadTypes() {
  typesPromise ??= gql(TYPES_QUERY).then((d) => new Map(d.__schema.types.map((ty) => [ty.name, ty]))).catch(() => new Map());
  return typesPromise;
}

export async function fieldType(parent, field) {
  const types = await loadTypes();
  const f = types.get(parent)?.fields?.find((x) => x.name === field);
  return f ? namedType(f.type) : null;
}

export async function selectionFor(typeName, depth = 3) {
  const types = await loadTypes();
  const build = (name, d, entity) => {
    const ty = types.get(name);
    if (!ty) return null;
    if (ty.kind === "UNION") return "{ __typename }";
    if (!ty.fields) return null;
    const parts = [];
    for (const f of ty.fields) {
      if (f.args.some((a) => a.type.kind === "NON_NULL" && a.defaultValue === null)) continue;
      const nt = namedType(f.type);
      if (!nt) continue;
      if (nt.kind === "SCALAR" || nt.kind === "ENUM") { parts.push(f.name); continue; }
      if (entity || d <= 0 || f.args.length || /Connection$/.test(nt.name)) continue;
      const sub = build(nt.name, d - 1, ENTITY_TYPES.has(nt.name));
      if (sub) parts.push(`${f.name} ${sub}`);
    }
    if (!parts.includes("id") && ty.fields.some((f) => f.name === "id")) parts.unshift("id");
    return parts.length ? `{ ${parts.join(" ")} }` : null;
  };
  return build(typeName, depth, false) || "{ __typename }";
}

// arguments `field` accepts, filtered from `values` (drops unknown names and null values)
export function argsFor(field, values) {
  const known = caps?.introspected ? caps.fields.get(field) : null;
  const out = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "") continue;
    if (known && !known.has(k)) continue;
    out[k] = v;
  }
  return out;
}

// `query($a: T!, ...) { field(a: $a, ...) <selection> }` for the given argument values
export async function callField(field, values, selection) {
  const args = argsFor(field, values);
  const types = await loadTypes();
  const q = types.get("Query")?.fields?.find((f) => f.name === field);
  const decl = [];
  const pass = [];
  for (const name of Object.keys(args)) {
    const spec = q ? await argTypeString(field, name) : guessType(args[name]);
    decl.push(`$${name}: ${spec}`);
    pass.push(`${name}: $${name}`);
  }
  const text = `query Ui_${field}${decl.length ? `(${decl.join(", ")})` : ""} { ${field}${pass.length ? `(${pass.join(", ")})` : ""} ${selection} }`;
  const data = await gql(text, args);
  return data[field];
}

const ARGTYPE_QUERY = `query UiArgs { __type(name: "Query") { fields { name args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`;
let argsPromise = null;
function typeString(t) {
  if (t.kind === "NON_NULL") return `${typeString(t.ofType)}!`;
  if (t.kind === "LIST") return `[${typeString(t.ofType)}]`;
  return t.name;
}
async function argTypeString(field, arg) {
  argsPromise ??= gql(ARGTYPE_QUERY).then((d) => d.__type.fields).catch(() => []);
  const fields = await argsPromise;
  const a = fields.find((f) => f.name === field)?.args.find((x) => x.name === arg);
  return a ? typeString(a.type) : "String";
}
function guessType(v) {
  if (Array.isArray(v)) return "[String!]";
  if (typeof v === "number") return Number.isInteger(v) ? "Int" : "Float";
  if (typeof v === "boolean") return "Boolean";
  return "String";
}

// a GraphQL validation error: the server's schema is not the one a hand-written query expects
export function isSchemaMismatch(err) {
  return /Cannot query field|Unknown argument|Unknown type|must have a selection|Variable .* of type|is not defined by type/i.test(err?.message || "");
}
