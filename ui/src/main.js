// The shell: header (views, language, API key), hash routing, and the view in <main>.
import { getKey, setKey, loadCapabilities, resetCapabilities } from "./api.js";
import { t, getLang, setLang } from "./i18n.js";
import { h, clear, errorBox } from "./dom.js";
import * as chainView from "./views/chain.js";
import * as consortiumView from "./views/consortium.js";
import * as pathView from "./views/paths.js";
import { searchBox } from "./views/paths.js";
import * as orgView from "./views/org.js";

const VIEWS = [
  { route: "chain", label: "chainView", view: chainView },
  { route: "consortium", label: "consortiumView", view: consortiumView },
  { route: "paths", label: "pathView", view: pathView },
];

const header = document.getElementById("header");
const main = document.getElementById("view");

function parseRoute() {
  const [, name = "chain", ...rest] = (window.location.hash || "#/chain").split("/");
  return { name, arg: rest.length ? decodeURIComponent(rest.join("/")) : null };
}

function renderHeader(current) {
  const keyInput = h("input", { type: "password", placeholder: "ig_…", value: getKey(), "data-testid": "api-key", "aria-label": t("apiKey"), size: 18 });
  const form = h("form", { class: "key-form" }, h("label", {}, t("apiKey"), " ", keyInput),
    h("button", { type: "submit" }, t("save")),
    h("button", { type: "button", onclick: () => { setKey(""); keyInput.value = ""; resetCapabilities(); route(); } }, t("clear")));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setKey(keyInput.value); resetCapabilities(); route(); });
  clear(header,
    h("h1", {}, h("a", { href: "#/chain" }, t("title"))),
    h("nav", {}, VIEWS.map((v) => h("a", { href: `#/${v.route}`, class: current === v.route ? "active" : "", "data-testid": `nav-${v.route}` }, t(v.label))),
      h("a", { href: "/graphql", target: "_blank", rel: "noopener" }, t("graphiql"))),
    h("div", { class: "header-tools" },
      searchBox("global", t("searchOrgOnly"), (n) => { window.location.hash = `#/org/${encodeURIComponent(n.id)}`; }, null, ["organization"]),
      h("button", { type: "button", class: "lang", "data-testid": "lang-switch", onclick: () => { setLang(getLang() === "zh" ? "en" : "zh"); route(); } }, t("language")),
      form));
}

let routing = 0;
async function route() {
  const mine = ++routing;
  const { name, arg } = parseRoute();
  renderHeader(name);
  document.title = `${t("title")}`;
  document.getElementById("tooltip").hidden = true;
  try { await loadCapabilities(); } catch (err) { clear(main, errorBox(err)); return; }
  if (mine !== routing) return;
  main.dataset.view = name;
  if (name === "org" && arg) return orgView.render(main, arg);
  const entry = VIEWS.find((v) => v.route === name) || VIEWS[0];
  return entry.view.render(main);
}

setLang(getLang());
window.addEventListener("hashchange", route);
route();
