// The dashboard's router: #/page shows one page; the key field keeps an API key for writes
// in this tab only (sessionStorage).
import { api, apiKey, h, plotly, setApiKey, showError, state } from "./lib.js";
import overview from "./pages/overview.js";
import scenarios from "./pages/scenarios.js";
import supply from "./pages/supply.js";
import whatif from "./pages/whatif.js";
import projects from "./pages/projects.js";
import news from "./pages/news.js";

const PAGES = { overview, scenarios, supply, whatif, projects, news };

let current = 0;   // the latest navigation: an older page that finishes late is dropped

async function show(focus = false) {
  const name = (location.hash.replace(/^#\/?/, "").split("?")[0]) || "overview";
  const render = PAGES[name] || overview;
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.page === name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const main = document.getElementById("main");
  const mine = ++current;
  const view = h("div", { "data-view": name });
  main.dataset.ready = "";
  main.replaceChildren(view);
  document.title = `layer0 · ${name}`;
  try {
    await render(view);
  } catch (error) {
    showError(view, error);
  }
  if (mine !== current) return;
  main.dataset.page = name;
  main.dataset.ready = "1";   // the page's first content is drawn (for tests and people waiting)
  if (focus) view.querySelector("h1")?.focus();   // keyboard and screen reader users land on it
}

async function start() {
  plotly().catch(() => null);   // start loading the charts' library beside the first requests
  const keyInput = document.getElementById("api-key");
  const keyState = document.getElementById("key-state");
  keyInput.value = apiKey();
  keyState.textContent = apiKey() ? "set" : "";
  keyInput.addEventListener("change", () => {
    setApiKey(keyInput.value.trim());
    keyState.textContent = apiKey() ? "set" : "cleared";
  });
  document.getElementById("key-form").addEventListener("submit", (e) => e.preventDefault());
  try {
    state.version = await api("/version");
    document.getElementById("versions").replaceChildren(h("span", {},
      `layer0 ${state.version.layer0} · data version ${state.version.data_version} · `,
      h("a", { href: "/docs" }, "API docs")));
  } catch (error) {
    showError(document.getElementById("versions"), error);
  }
  window.addEventListener("hashchange", () => show(true));
  await show();
}

start();
