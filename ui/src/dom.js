// Tiny DOM helpers: h(tag, attrs, ...children), and shared bits of the views.
import { t, kindLabel } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "style" && typeof v === "object") Object.assign(el.style, v);
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function select(options, value, attrs = {}) {
  const el = h("select", attrs, options.map((o) => h("option", { value: o.value, selected: String(o.value) === String(value) }, o.label)));
  return el;
}

export function fmt(value, digits = 2) {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString() : value.toFixed(digits);
  if (Array.isArray(value)) return value.length ? value.join(", ") : "–";
  return String(value);
}

export function orgHref(id) { return `#/org/${encodeURIComponent(id)}`; }

export function orgLink(org) {
  if (!org) return "";
  return h("a", { href: orgHref(org.id), class: "org-link", dataset: { orgId: org.id } }, org.name || org.id);
}

export function kindBadge(kind) {
  return kind ? h("span", { class: `badge kind-${kind}` }, kindLabel(kind)) : "";
}

export function message(kind, text) {
  return h("div", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function errorBox(err) {
  if (err?.code === "UNAUTHENTICATED") return message("error", `${t("keyNeeded")} (${err.message})`);
  return message("error", `${t("error")}: ${err?.message || err}`);
}

export function table(columns, rows, attrs = {}) {
  return h("table", attrs,
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c.label)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c) => h("td", {}, c.render ? c.render(r) : fmt(r[c.key])))))));
}

export function figures(pairs, attrs = {}) {
  return h("dl", { class: "figures", ...attrs }, pairs.filter(Boolean).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v instanceof Node ? v : fmt(v))]));
}

// green (0 = no gap) -> amber -> red (1 = largest gap)
export function gapColour(score) {
  if (score === null || score === undefined || Number.isNaN(score)) return "#b8c2cc";
  const s = Math.max(0, Math.min(1, score));
  const hue = 130 - 130 * s;
  return `hsl(${hue}, 65%, 48%)`;
}

// light -> dark blue by share of the maximum
export function countColour(value, max) {
  const s = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return `hsl(212, 70%, ${88 - 50 * s}%)`;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
