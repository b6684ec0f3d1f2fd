// Scenarios: built-in scenarios compared with paired differences (same samples and seed, so
// the difference's interval is the spread of the differences, not of two independent runs);
// your own scenario from a few knobs, run as a job; finished runs side by side.
import { PALETTE, api, bandColor, chart, fanTraces, h, input, interval, label, materials, page, query, select, showError, table, waitForRun } from "../lib.js";


export default async function scenarios(main) {
  page(main, "Scenarios", "Compare built-in scenarios, or change a few knobs of the base scenario and run it as a job. Differences are paired: every scenario runs on the same samples and seed.");
  const [builtin, known] = await Promise.all([api("/scenarios"), materials()]);
  const compareCard = h("section", { class: "card", "aria-labelledby": "compare-h" }, h("h2", { id: "compare-h", text: "Compare built-in scenarios" }));
  const ownCard = h("section", { class: "card", "aria-labelledby": "own-h" }, h("h2", { id: "own-h", text: "Your scenario: change a few knobs, run it" }));
  const runsCard = h("section", { class: "card", "aria-labelledby": "runs-h" }, h("h2", { id: "runs-h", text: "Finished runs side by side" }));
  main.append(h("div", { class: "grid" }, compareCard, h("div", { class: "grid two" }, ownCard, runsCard)));
  const runs = runsSection(runsCard, known);
  compareSection(compareCard, builtin, known);
  await Promise.all([ownSection(ownCard, builtin, runs), runs.refresh()]);
}

function compareSection(card, builtin, materials) {
  const boxes = builtin.map((s) => {
    const box = h("input", { type: "checkbox", name: "scenario", value: s.name, id: `cmp-${s.name}`, checked: ["lift_off", "headwinds"].includes(s.name) });
    return [h("label", { for: box.id, title: s.title }, box, label(s.name)), box];
  });
  const [refLabel, reference] = select("cmp-reference", "Reference", builtin.map((s) => [s.name, label(s.name)]), "base");
  const [materialLabel, material] = select("cmp-material", "Material", materials.map((m) => [m, label(m)]), "copper");
  const [samplesLabel, samples] = input("cmp-samples", "Samples", { type: "number", min: 1, max: 20000, value: 200 });
  const go = h("button", { type: "submit", class: "primary", id: "compare-go" }, "Compare");
  const out = h("div", { id: "compare-out" });
  const form = h("form", { class: "controls" }, refLabel, h("fieldset", {}, h("legend", { text: "Compared with it" }), boxes.map((b) => b[0])),
    materialLabel, samplesLabel, go);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const names = [reference.value, ...boxes.filter((b) => b[1].checked && b[1].value !== reference.value).map((b) => b[1].value)];
    go.disabled = true;
    out.replaceChildren(h("p", { class: "note" }, "Running the scenarios… ", h("progress", { "aria-label": "comparing" })));
    try {
      const result = await api("/compare", { method: "POST", body: { scenarios: names, samples: Number(samples.value), seed: 0, materials: [material.value] } });
      drawComparison(out, result);
    } catch (error) {
      showError(out, error);
    } finally {
      go.disabled = false;
    }
  });
  card.append(form, out);
}

function drawComparison(out, result) {
  const others = result.scenarios.filter((s) => s !== result.reference);
  const periods = result.rows.map((r) => `${r.from}–${r.to}`);
  const traces = others.map((name, i) => ({
    type: "bar", name: `${label(name)} − ${label(result.reference)}`, x: periods, y: result.rows.map((r) => r.difference[name].p50),
    marker: { color: PALETTE[(i + 1) % PALETTE.length] },
    error_y: { type: "data", symmetric: false, array: result.rows.map((r) => r.difference[name].p95 - r.difference[name].p50),
      arrayminus: result.rows.map((r) => r.difference[name].p50 - r.difference[name].p5), color: "#333" },
  }));
  const m = result.rows[0]?.material ?? "";
  const fig = chart("compare-chart", {
    title: `${label(m)}: paired difference from ${label(result.reference)} (${result.flow}), P50 with P5–P95`, unit: "t per period",
    traces, layout: { barmode: "group", hovermode: "closest", yaxis: { title: { text: "t" } } },
    csv: { header: ["material", "from", "to", "scenario", "p5_t", "p50_t", "p95_t", "difference_p5_t", "difference_p50_t", "difference_p95_t"],
      rows: result.rows.flatMap((r) => result.scenarios.map((name) => [r.material, r.from, r.to, name, r.scenarios[name].p5, r.scenarios[name].p50, r.scenarios[name].p95,
        r.difference[name]?.p5 ?? 0, r.difference[name]?.p50 ?? 0, r.difference[name]?.p95 ?? 0])) },
    alt: `Samples ${result.samples}, seed ${result.seed}.`,
  });
  const columns = [{ label: "period", value: (r) => `${r.from}–${r.to}` },
    ...result.scenarios.map((name) => ({ label: label(name), num: true, value: (r) => interval(r.scenarios[name]) })),
    ...others.map((name) => ({ label: `Δ ${label(name)}`, num: true, value: (r) => `${interval(r.difference[name])} (${r.difference[name].relative_p50 == null ? "n/a" : `${(100 * r.difference[name].relative_p50).toFixed(0)} %`})` }))];
  out.replaceChildren(fig.fig, table(columns, result.rows, { id: "compare-table" }));
  fig.draw();
}

// -- your own scenario ------------------------------------------------------------------------

// the base scenario as the server parsed it, without nulls (the defaults), as a plain object
function withoutNulls(value) {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

export function knobbed(base, knobs) {
  const s = withoutNulls(structuredClone(base));
  s.name = knobs.name;
  s.title = `What-if from the dashboard: ${knobs.path}, 800 VDC ${knobs.midpoint}/${knobs.ceiling}`.slice(0, 100);
  s.description = "Made on the layer0 dashboard from the base scenario.";
  s.demand_path = knobs.path;
  const dc = s.adoption?.dc_800v;
  if (dc) { dc.midpoint = knobs.midpoint; dc.ceiling = knobs.ceiling; dc.source = `ASSUMED: dashboard what-if (midpoint ${knobs.midpoint}, ceiling ${knobs.ceiling})`; }
  if (knobs.lifetime) s.lifetimes = { median_years: { it_compute: knobs.lifetime }, source: `ASSUMED: dashboard what-if, IT compute median life ${knobs.lifetime} years` };
  if (knobs.recycling === "none") s.recycling = { rates: { "*": { collection: 0, recovery: 0 } }, source: "ASSUMED: a bound (nothing collected), from the dashboard" };
  return s;
}

async function ownSection(card, builtin, runs) {
  const base = (await api("/scenarios/base")).scenario;
  const paths = [...new Set(builtin.map((s) => s.demand_path).filter(Boolean))];
  const [nameLabel, name] = input("own-name", "Name", { value: "my-scenario", pattern: "[A-Za-z0-9][A-Za-z0-9_.\\-]*", required: true });
  const [pathLabel, path] = select("own-path", "Demand path", paths.map((p) => [p, label(p)]), base.demand_path);
  const [midLabel, midpoint] = input("own-midpoint", "800 VDC midpoint (year)", { type: "number", min: 2020, max: 2040, step: 1, value: 2030 });
  const [ceilLabel, ceiling] = input("own-ceiling", "800 VDC ceiling (share)", { type: "number", min: 0, max: 1, step: 0.05, value: 0.6 });
  const [lifeLabel, lifetime] = input("own-lifetime", "IT compute median life (years; empty: data)", { type: "number", min: 1, max: 30, step: 0.5 });
  const [recLabel, recycling] = select("own-recycling", "Recycling", [["data", "as recycling.csv"], ["none", "nothing recovered"]], "data");
  const [samplesLabel, samples] = input("own-samples", "Samples", { type: "number", min: 1, max: 20000, value: 300 });
  const go = h("button", { type: "submit", class: "primary", id: "own-run" }, "Run");
  const status = h("div", { id: "own-status", "aria-live": "polite" });
  const form = h("form", { class: "controls" }, nameLabel, pathLabel, midLabel, ceilLabel, lifeLabel, recLabel, samplesLabel, go);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const scenario = knobbed(base, { name: name.value.trim(), path: path.value, midpoint: Number(midpoint.value), ceiling: Number(ceiling.value),
      lifetime: lifetime.value ? Number(lifetime.value) : null, recycling: recycling.value });
    go.disabled = true;
    try {
      // JSON is YAML: the server reads the scenario with the same checks as a file
      const run = await api("/runs", { method: "POST", write: true, body: { scenario_yaml: JSON.stringify(scenario, null, 1), samples: Number(samples.value), seed: 0 } });
      const bar = h("progress", { max: run.progress.total, value: run.progress.done, "aria-label": "run progress" });
      const text = h("span");
      status.replaceChildren(h("p", {}, `Run ${run.id}: `, bar, " ", text));
      const done = await waitForRun(run.id, (r) => { bar.max = r.progress.total; bar.value = r.progress.done; text.textContent = `${r.status} ${r.progress.done}/${r.progress.total}`; });
      await runs.refresh(done.id);
      status.replaceChildren(h("p", { class: "ok", text: `Run ${done.id} (${name.value}) is done: it is in the side-by-side view.` }));
    } catch (error) {
      showError(status, error);
    } finally {
      go.disabled = false;
    }
  });
  card.append(h("p", { class: "note", text: "A run is a write: it needs an API key (top right). Identical requests reuse the stored run." }), form, status);
}

// -- runs side by side ------------------------------------------------------------------------

function runsSection(card, materials) {
  const list = h("div", { id: "runs-list" });
  const [materialLabel, material] = select("runs-material", "Material", materials.map((m) => [m, label(m)]), "copper");
  const out = h("div", { id: "runs-out" });
  const summaries = {};
  const chosen = new Set();
  const draw = async () => {
    const ids = [...chosen];
    if (!ids.length) { out.replaceChildren(h("p", { class: "note", text: "Pick runs to see them together." })); return; }
    try {
      for (const id of ids) summaries[id] ??= (await api(`/runs/${id}`)).summary;
      const m = material.value;
      const traces = ids.flatMap((id, i) => fanTraces(summaries[id].demand.filter((r) => r.material === m && r.year >= 2020), `${summaries[id].scenario} (${id.slice(0, 6)})`, PALETTE[i % PALETTE.length], bandColor(PALETTE[i % PALETTE.length])));
      const fig = chart("runs-chart", { title: `${label(m)}: demand per year, runs side by side`, unit: "t/yr", traces,
        layout: { yaxis: { title: { text: "t/yr" }, rangemode: "tozero" } },
        csv: { header: ["run", "scenario", "year", "p5_t", "p50_t", "p95_t"], rows: ids.flatMap((id) => summaries[id].demand.filter((r) => r.material === m).map((r) => [id, summaries[id].scenario, r.year, r.p5, r.p50, r.p95])) },
        alt: ids.map((id) => { const c = summaries[id].cumulative_demand.find((r) => r.material === m); return `${summaries[id].scenario}: ${c ? interval(c) : "–"} over ${c?.from}–${c?.to}`; }).join("; ") });
      const cumulative = ids.map((id) => ({ id, s: summaries[id], c: summaries[id].cumulative_demand.find((r) => r.material === m) }));
      out.replaceChildren(fig.fig, tableOfRuns(cumulative));
      fig.draw();
    } catch (error) { showError(out, error); }
  };
  material.addEventListener("change", draw);
  const refresh = async (pick) => {
    const runs = await api(`/runs${query({ status: "done", limit: 30 })}`);
    if (pick) chosen.add(pick);
    if (!chosen.size && runs.length) chosen.add(runs.find((r) => r.scenario === "base")?.id ?? runs[0].id);
    list.replaceChildren(h("fieldset", {}, h("legend", { text: "Finished runs (newest first)" }), runs.map((r) => {
      const box = h("input", { type: "checkbox", id: `run-${r.id}`, value: r.id, checked: chosen.has(r.id) });
      box.addEventListener("change", () => { if (box.checked) chosen.add(r.id); else chosen.delete(r.id); draw(); });
      return h("label", { for: box.id }, box, `${r.scenario ?? "?"} · ${r.request.samples} samples · seed ${r.request.seed} · ${r.created.slice(0, 16)}`);
    })));
    await draw();
  };
  card.append(h("form", { class: "controls", onsubmit: (e) => e.preventDefault() }, list, materialLabel), out);
  return { refresh };
}

function tableOfRuns(rows) {
  return table([{ label: "run", value: (r) => r.id }, { label: "scenario", value: (r) => r.s.scenario }, { label: "samples", num: true, value: (r) => r.s.samples },
    { label: "cumulative (P50, P5–P95)", num: true, value: ({ c }) => (c ? `${interval(c)} (${c.from}–${c.to})` : "–") }], rows, { id: "runs-table" });
}
