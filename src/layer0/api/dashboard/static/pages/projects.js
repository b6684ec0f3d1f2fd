// Projects: the registry as a filterable table and maps of announced MW (by country, and by
// US state), each project with its sources and history.
import { api, cached, chart, h, input, label, link, page, query, select, showError, table } from "../lib.js";

const STATUSES = ["", "announced", "under_construction", "partially_operating", "operating", "cancelled"];

export default async function projects(main) {
  page(main, "Projects", "The registry of announced data-centre projects: the release's rows and everyone's edits, each change kept with who, when, why and its source. Select a row for its sources and history.");
  const [oL, origin] = select("p-origin", "Origin", [["", "all"], ["builtin", "release"], ["user", "added by users"], ["news", "from news"]], "");
  const [sL, status] = select("p-status", "Status", STATUSES.map((s) => [s, s ? label(s) : "all"]), "");
  const [rL, region] = input("p-region", "Region (ISO, e.g. US or US-TX)", { size: 8 });
  const [tL, operator] = input("p-operator", "Operator", { size: 14 });
  const go = h("button", { type: "submit", class: "primary", id: "projects-go" }, "Filter");
  const maps = h("div", { class: "grid two", id: "project-maps" });
  const list = h("div", { class: "card", id: "projects-table" });
  const detail = h("div", { class: "card", id: "project-detail", "aria-live": "polite" }, h("p", { class: "note", text: "Select a project for its sources and history." }));
  const form = h("form", { class: "controls" }, oL, sL, rL, tL, go);
  main.append(form, maps, h("div", { class: "grid split" }, list, detail));
  const countries = await cached("countries", async () => (await fetch("/static/countries.json")).json());
  const load = async () => {
    try {
      const answer = await api(`/projects${query({ origin: origin.value, status: status.value, region: region.value.trim(), operator: operator.value.trim(), limit: 10000 })}`);
      const rows = answer.projects;
      list.replaceChildren(h("h2", { text: `${answer.total} project(s)` }), table([
        { label: "id", value: (p) => p.id }, { label: "operator", value: (p) => p.operator }, { label: "region", value: (p) => p.region },
        { label: "status", value: (p) => label(p.status) },
        { label: "MW (basis)", num: true, value: (p) => (p.capacity_mw == null ? "–" : `${p.capacity_mw.toLocaleString()} (${p.capacity_basis ?? "?"})`) },
        { label: "capex", num: true, value: (p) => (p.capex == null ? "–" : `${(p.capex / 1e9).toFixed(1)} bn ${p.capex_currency ?? ""}`) },
        { label: "years", value: (p) => `${p.first_year ?? "?"}–${p.full_year ?? "?"}` }, { label: "v", num: true, value: (p) => p.version },
      ], rows, { onRow: (p) => showProject(detail, p.id) }));
      const figures = [worldMap(rows, countries), usMap(rows)];
      maps.replaceChildren(...figures.map((f) => f.fig));
      await Promise.all(figures.map((f) => f.draw()));
    } catch (error) { showError(list, error); }
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); load(); });
  await load();
}

function mwBy(rows, key) {
  const out = {};
  for (const p of rows) {
    const k = key(p);
    if (!k) continue;
    out[k] ??= { mw: 0, count: 0, unknown: 0 };
    out[k].count += 1;
    if (p.capacity_mw == null) out[k].unknown += 1; else out[k].mw += p.capacity_mw;
  }
  return out;
}

function worldMap(rows, countries) {
  const by = mwBy(rows, (p) => p.region.split("-")[0]);
  const codes = Object.keys(by).filter((c) => countries[c]);
  return chart("map-world", {
    title: "Announced capacity by country (projects with a stated MW)", unit: "MW (as announced: IT or facility, see the table's basis)",
    traces: [{ type: "choropleth", locationmode: "ISO-3", locations: codes.map((c) => countries[c].iso3), z: codes.map((c) => by[c].mw),
      text: codes.map((c) => `${countries[c].name}: ${by[c].count} project(s), ${by[c].unknown} without MW`), colorscale: "YlOrBr", marker: { line: { color: "#fff", width: 0.5 } },
      colorbar: { title: { text: "MW" } }, hovertemplate: "%{text}<br>%{z:,.0f} MW<extra></extra>" }],
    layout: { geo: { projection: { type: "natural earth" }, showframe: false, showcoastlines: false, showland: true, landcolor: "#eef0f3" }, margin: { l: 0, r: 0, t: 0, b: 0 } },
    csv: { header: ["country", "projects", "mw_stated", "projects_without_mw"], rows: codes.map((c) => [c, by[c].count, by[c].mw, by[c].unknown]) },
    alt: codes.map((c) => `${c} ${by[c].mw} MW`).join(", "),
  });
}

function usMap(rows) {
  const by = mwBy(rows, (p) => (p.region.startsWith("US-") ? p.region.slice(3) : null));
  const states = Object.keys(by);
  return chart("map-us", {
    title: "US projects by state (sites not disclosed count as US only)", unit: "MW (as announced)",
    traces: [{ type: "choropleth", locationmode: "USA-states", locations: states, z: states.map((s) => by[s].mw),
      text: states.map((s) => `${s}: ${by[s].count} project(s), ${by[s].unknown} without MW`), colorscale: "YlOrBr", colorbar: { title: { text: "MW" } },
      hovertemplate: "%{text}<br>%{z:,.0f} MW<extra></extra>" }],
    layout: { geo: { scope: "usa", showlakes: false }, margin: { l: 0, r: 0, t: 0, b: 0 } },
    csv: { header: ["state", "projects", "mw_stated", "projects_without_mw"], rows: states.map((s) => [s, by[s].count, by[s].mw, by[s].unknown]) },
    alt: states.map((s) => `${s} ${by[s].mw} MW`).join(", "),
  });
}

async function showProject(detail, id) {
  try {
    const [p, history] = await Promise.all([api(`/projects/${encodeURIComponent(id)}`), api(`/projects/${encodeURIComponent(id)}/history`)]);
    detail.replaceChildren(
      h("h2", { text: `${p.operator}: ${p.name}` }),
      h("p", { class: "note", text: `${p.id} · ${p.region} · ${label(p.status)} · ${p.capacity_mw ?? "?"} MW (${p.capacity_basis ?? "basis unknown"}) · ${label(p.archetype)} · quality ${p.quality} · version ${p.version}` }),
      h("p", { text: p.note || "" }),
      h("h3", { text: "Sources" }),
      h("ul", { id: "project-sources" }, p.source_links.map((s) => h("li", {}, link(s.url, s.title || s.id), s.url && s.title ? ` (${s.id})` : ""))),
      h("h3", { text: "History" }),
      table([{ label: "v", num: true, value: (v) => v.version }, { label: "action", value: (v) => v.action }, { label: "by", value: (v) => v.by },
        { label: "at", value: (v) => v.at }, { label: "why", value: (v) => v.why },
        { label: "changed", value: (v) => Object.entries(v.changed || {}).map(([k, c]) => `${k}: ${JSON.stringify(c[0])} → ${JSON.stringify(c[1])}`).join("; ") }], history),
    );
    const heading = detail.querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  } catch (error) { showError(detail, error); }
}


