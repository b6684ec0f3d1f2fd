// Overview: the base run's demand by material and year (fan charts), cumulative 2025-35 with
// intervals, where demand comes from (growth, replacement, secondary) and the IT capacity
// behind it (announced vs unannounced).
import { PALETTE, api, bandColor, baseRun, cached, chart, fanTraces, h, interval, label, page, select, tonnes } from "../lib.js";

const FLOWS = ["growth", "replacement", "secondary", "primary"];
const BOUNDARIES = [["facility", "Inside the fence"], ["campus", "+ on-site power and batteries"],
  ["grid", "+ grid connection"]];

// demand rows (by year, or cumulative) at a boundary; older runs have only the facility's
function atBoundary(s, b, cumulative = false) {
  const all = cumulative ? s.cumulative_demand_by_boundary : s.demand_by_boundary;
  if (!all) return cumulative ? s.cumulative_demand : s.demand;
  return all.filter((r) => r.boundary === b);
}

export default async function overview(main) {
  page(main, "Overview", "Data-centre demand for metals in the base scenario, P50 with the P5–P95 band of the Monte-Carlo samples. Demand is first fill of new capacity plus replacement of retired parts; secondary is what comes back from end-of-life recycling.");
  const body = h("div");
  main.append(body);
  const run = await cached("base-run", () => baseRun(body));
  const s = run.summary;
  const [byRegion, byArchetype] = await Promise.all(["region", "archetype"].map((by) =>
    cached(`capacity-${run.id}-${by}`, () => api(`/runs/${run.id}/capacity?by=${by}`))));
  const cumulative = [...s.cumulative_demand].sort((a, b) => b.p50 - a.p50);
  const materials = cumulative.map((r) => r.material);
  const [materialLabel, materialSelect] = select("material", "Material", materials.map((m) => [m, label(m)]),
    materials.includes("copper") ? "copper" : materials[0]);
  const [boundaryLabel, boundarySelect] = select("boundary", "Boundary", BOUNDARIES, "facility");
  const meta = h("p", { class: "note", text: `Base run ${run.id}: ${s.samples} samples, seed ${s.seed}, ${s.sampling}; scenario ${s.scenario}; years ${s.years[0]}–${s.years[1]}.` });
  const findings = h("div", { class: "card", id: "findings" });
  const charts = h("div", { class: "grid two" });
  body.replaceChildren(meta, h("form", { class: "controls", onsubmit: (e) => e.preventDefault() }, materialLabel, boundaryLabel), findings, charts);

  const draw = () => {
    const m = materialSelect.value;
    const b = boundarySelect.value;
    const totals = atBoundary(s, b, true);
    findings.replaceChildren(...sentences(s, m, totals, b));
    const figures = [demandFan(s, m, b), cumulativeBars(totals, s), flowsChart(s, m), capacityChart(s),
      regionChart(byRegion), archetypeChart(byArchetype, 2030)];
    charts.replaceChildren(...figures.map((f) => f.fig));
    figures.forEach((f) => f.draw());
  };
  materialSelect.addEventListener("change", draw);
  boundarySelect.addEventListener("change", draw);
  draw();
}

function sentences(s, m, cumulative, b) {
  const total = cumulative.find((r) => r.material === m);
  const y2030 = atBoundary(s, b).find((r) => r.material === m && r.year === 2030);
  const flows = s.cumulative_flows.filter((r) => r.material === m);
  const growth = flows.find((r) => r.flow === "growth");
  const replacement = flows.find((r) => r.flow === "replacement");
  const secondary = flows.find((r) => r.flow === "secondary");
  const out = [];
  if (total) out.push(h("p", { class: "finding" }, `Data centres need `, h("b", { text: interval(total) }), ` of ${label(m)} over ${total.from}–${total.to} (P50, P5–P95).`));
  if (y2030) out.push(h("p", { class: "finding" }, `In 2030 alone: `, h("b", { id: "finding-2030", text: interval(y2030) }), `.`));
  if (b !== "facility") out.push(h("p", { class: "note", text: "Growth, replacement and recycling below count what is inside the fence." }));
  if (growth && replacement) out.push(h("p", { class: "finding" }, `Of that, ${tonnes(growth.p50)} goes into new capacity and ${tonnes(replacement.p50)} replaces retired parts` + (secondary ? `; recycling returns ${tonnes(secondary.p50)}.` : ".")));
  return out;
}

function demandFan(s, m, b) {
  const rows = atBoundary(s, b).filter((r) => r.material === m);
  const where = Object.fromEntries(BOUNDARIES)[b].toLowerCase();
  return chart("fan-chart", {
    title: `${label(m)}: data-centre demand per year, ${where}`, unit: "t/yr",
    traces: fanTraces(rows, ""),
    layout: { yaxis: { title: { text: "t/yr" }, rangemode: "tozero" } },
    csv: { header: ["material", "year", "p5_t", "p50_t", "p95_t"], rows: rows.map((r) => [m, r.year, r.p5, r.p50, r.p95]) },
    alt: `P50 in 2030: ${tonnes(rows.find((r) => r.year === 2030)?.p50)}.`,
  });
}

function cumulativeBars(cumulative, s) {
  const rows = [...cumulative].reverse();
  const period = rows.length ? `${rows[0].from}–${rows[0].to}` : "";
  return chart("cumulative-chart", {
    title: `Cumulative demand ${period}, all materials`, unit: "t (log scale)", height: Math.max(360, rows.length * 16),
    traces: [{ type: "bar", orientation: "h", y: rows.map((r) => label(r.material)), x: rows.map((r) => r.p50), name: "P50",
      marker: { color: PALETTE[0] },
      error_x: { type: "data", symmetric: false, array: rows.map((r) => r.p95 - r.p50), arrayminus: rows.map((r) => r.p50 - r.p5), color: "#333" },
      hovertemplate: "%{y}: %{x:.3s} t<extra></extra>" }],
    layout: { xaxis: { type: "log", title: { text: "t" } }, hovermode: "closest", margin: { l: 120, r: 16, t: 10, b: 40 }, showlegend: false },
    csv: { header: ["material", "from", "to", "p5_t", "p50_t", "p95_t"], rows: cumulative.map((r) => [r.material, r.from, r.to, r.p5, r.p50, r.p95]) },
    alt: cumulative.length ? `Largest: ${label(cumulative[0].material)} ${tonnes(cumulative[0].p50)}.` : "No materials.",
  });
}

function flowsChart(s, m) {
  const traces = FLOWS.flatMap((flow, i) => {
    const rows = s.flows.filter((r) => r.material === m && r.flow === flow);
    // one legend entry per flow: its band goes with its line
    return fanTraces(rows, flow, PALETTE[i + 1], bandColor(PALETTE[i + 1]))
      .map((t) => ({ ...t, legendgroup: flow, showlegend: t.name.endsWith("P50") }));
  });
  const rows = s.flows.filter((r) => r.material === m && FLOWS.includes(r.flow));
  return chart("flows-chart", {
    title: `${label(m)}: growth, replacement, secondary and primary`, unit: "t/yr",
    traces, layout: { yaxis: { title: { text: "t/yr" }, rangemode: "tozero" } },
    csv: { header: ["material", "flow", "year", "p5_t", "p50_t", "p95_t"], rows: rows.map((r) => [m, r.flow, r.year, r.p5, r.p50, r.p95]) },
    alt: "Demand = growth + replacement; primary = demand − secondary.",
  });
}

function capacityChart(s) {
  const rows = s.announced_vs_projected;
  const x = rows.map((r) => r.year);
  const total = s.capacity.filter((r) => r.year >= (x[0] ?? 0));
  return chart("capacity-chart", {
    title: "IT capacity in service: announced projects vs the rest of the path", unit: "MW of IT load",
    traces: [
      { x, y: rows.map((r) => r.announced.p50), name: "announced (P50)", stackgroup: "one", line: { color: PALETTE[1] } },
      { x, y: rows.map((r) => r.unannounced.p50), name: "unannounced (P50)", stackgroup: "one", line: { color: PALETTE[5] } },
      ...fanTraces(total, "total", PALETTE[0]),
    ],
    layout: { yaxis: { title: { text: "MW (IT)" }, rangemode: "tozero" } },
    csv: { header: ["year", "announced_p5", "announced_p50", "announced_p95", "unannounced_p5", "unannounced_p50", "unannounced_p95"],
      rows: rows.map((r) => [r.year, r.announced.p5, r.announced.p50, r.announced.p95, r.unannounced.p5, r.unannounced.p50, r.unannounced.p95]) },
    alt: "Announced projects are the registry's, completed with a probability by status and slipping by a sampled delay.",
  });
}

const mw = (x) => `${Math.round(x).toLocaleString("en")} MW`;

function regionChart(rows) {
  const regions = [...new Set(rows.map((r) => r.region))];
  const traces = regions.flatMap((region, i) => {
    const mine = rows.filter((r) => r.region === region && r.year >= 2020).map((r) => ({ year: r.year, ...r.total }));
    const color = PALETTE[i % PALETTE.length];
    return fanTraces(mine, label(region), color, bandColor(color)).map((t) => ({ ...t, legendgroup: region, showlegend: t.name.endsWith("P50") }));
  });
  return chart("capacity-region-chart", {
    title: "IT capacity in service by region (announced and unannounced)", unit: "MW of IT load",
    traces, layout: { yaxis: { title: { text: "MW (IT)" }, rangemode: "tozero" } },
    csv: { header: ["region", "year", "total_p5", "total_p50", "total_p95", "announced_p5", "announced_p50", "announced_p95"],
      rows: rows.map((r) => [r.region, r.year, r.total.p5, r.total.p50, r.total.p95, r.announced.p5, r.announced.p50, r.announced.p95]) },
    alt: regions.map((g) => { const r = rows.find((x) => x.region === g && x.year === 2030); return r ? `${g} 2030: ${interval(r.total, mw)}` : g; }).join("; "),
  });
}

function archetypeChart(rows, year) {
  const mine = rows.filter((r) => r.year === year);
  const bars = (key, name, color) => ({ type: "bar", name, x: mine.map((r) => label(r.archetype)), y: mine.map((r) => r[key].p50), marker: { color },
    error_y: { type: "data", symmetric: false, array: mine.map((r) => r[key].p95 - r[key].p50), arrayminus: mine.map((r) => r[key].p50 - r[key].p5), color: "#333" } });
  return chart("capacity-archetype-chart", {
    title: `IT capacity in service by archetype in ${year}: all vs announced projects`, unit: "MW of IT load (P50, P5–P95)",
    traces: [bars("total", "all capacity", PALETTE[5]), bars("announced", "announced projects", PALETTE[1])],
    layout: { barmode: "group", hovermode: "closest", yaxis: { title: { text: "MW (IT)" } } },
    csv: { header: ["archetype", "year", "total_p5", "total_p50", "total_p95", "announced_p5", "announced_p50", "announced_p95"],
      rows: rows.map((r) => [r.archetype, r.year, r.total.p5, r.total.p50, r.total.p95, r.announced.p5, r.announced.p50, r.announced.p95]) },
    alt: mine.map((r) => `${label(r.archetype)}: ${interval(r.total, mw)}, announced ${interval(r.announced, mw)}`).join("; "),
  });
}

