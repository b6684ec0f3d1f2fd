// What if: a country's supply stops (what data-centre demand is left unmet, by year) and does
// an asset or offtake cover a facility.
import { PALETTE, api, cached, chart, h, input, interval, label, materials, page, pct, select, showError, tonnes } from "../lib.js";

export default async function whatif(main) {
  page(main, "What if", "A supply disruption and the demand it leaves unmet; whether a supply asset or an offtake covers a facility's first fill.");
  const known = await materials();
  const projects = await cached("project-ids", async () => (await api("/projects?limit=10000")).projects);
  const disruptCard = h("section", { class: "card", "aria-labelledby": "disrupt-h" }, h("h2", { id: "disrupt-h", text: "Disruption: a country stops supplying" }));
  const coverCard = h("section", { class: "card", "aria-labelledby": "cover-h" }, h("h2", { id: "cover-h", text: "Coverage: an asset or offtake vs a facility" }));
  main.append(h("div", { class: "grid two" }, disruptCard, coverCard));
  disruption(disruptCard, known);
  coverage(coverCard, known, projects);
}

function disruption(card, known) {
  const [mL, material] = select("d-material", "Material", known.map((m) => [m, label(m)]), "gallium");
  const [cL, country] = input("d-country", "Country (ISO code)", { value: "CN", size: 4, maxlength: 2, required: true });
  const [sL, stage] = select("d-stage", "Stage", ["refining", "mining"], "refining");
  const [fL, start] = input("d-from", "From", { type: "number", value: 2026, min: 2015, max: 2035 });
  const [tL, end] = input("d-to", "To", { type: "number", value: 2027, min: 2015, max: 2035 });
  const [xL, fraction] = input("d-fraction", "Share lost (0–1)", { type: "number", value: 1, min: 0, max: 1, step: 0.05 });
  const [kL, stockpile] = input("d-stockpile", "Stockpile (months)", { type: "number", value: 0, min: 0, step: 1 });
  const recycling = h("input", { type: "checkbox", id: "d-recycling" });
  const [nL, samples] = input("d-samples", "Samples", { type: "number", value: 500, min: 1, max: 20000 });
  const go = h("button", { type: "submit", class: "primary", id: "disrupt-go" }, "Disrupt");
  const out = h("div", { id: "disrupt-out", "aria-live": "polite" });
  const form = h("form", { class: "controls" }, mL, cL, sL, fL, tL, xL, kL, h("label", { for: "d-recycling" }, recycling, "secondary supply counts"), nL, go);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    go.disabled = true;
    out.replaceChildren(h("progress", { "aria-label": "computing" }));
    try {
      const a = await api("/disrupt", { method: "POST", body: { material: material.value, country: country.value.trim().toUpperCase(), stage: stage.value,
        start: Number(start.value), end: Number(end.value), fraction: Number(fraction.value), stockpile_months: Number(stockpile.value),
        recycling: recycling.checked, samples: Number(samples.value) } });
      const years = a.by_year.map((r) => r.year);
      const bars = (key, name, color) => ({ type: "bar", name, x: years, y: a.by_year.map((r) => r[key].p50), marker: { color },
        error_y: { type: "data", symmetric: false, array: a.by_year.map((r) => r[key].p95 - r[key].p50), arrayminus: a.by_year.map((r) => r[key].p50 - r[key].p5), color: "#333" } });
      const fig = chart("disrupt-chart", {
        title: `${label(a.material)}: ${a.country} ${a.stage} stops (${pct(a.fraction)} lost), ${a.from}–${a.to}`, unit: "t/yr",
        traces: [bars("demand_t", "data-centre demand", PALETTE[1]), bars("unmet_t", "unmet", PALETTE[4])],
        layout: { barmode: "group", hovermode: "closest", xaxis: { dtick: 1 }, yaxis: { title: { text: "t/yr" } } },
        csv: { header: ["year", "demand_p5_t", "demand_p50_t", "demand_p95_t", "unmet_p5_t", "unmet_p50_t", "unmet_p95_t"],
          rows: a.by_year.map((r) => [r.year, r.demand_t.p5, r.demand_t.p50, r.demand_t.p95, r.unmet_t.p5, r.unmet_t.p50, r.unmet_t.p95]) },
        alt: `Unmet over the period: ${interval(a.unmet_t)}.`,
      });
      out.replaceChildren(h("p", { class: "finding", id: "disrupt-finding" }, `Unmet data-centre demand ${a.from}–${a.to}: `, h("b", { text: interval(a.unmet_t) }),
        ` of ${interval(a.demand_t)} (${pct(a.unmet_share.p50)}); ${a.country}'s ${a.stage} share ${pct(a.share.p50)} (USGS ${a.share.data_year}).`),
        fig.fig, h("ul", { class: "note" }, a.assumptions.map((t) => h("li", { text: t }))));
      await fig.draw();
    } catch (error) { showError(out, error); } finally { go.disabled = false; }
  });
  card.append(form, out);
}

function coverage(card, known, projects) {
  const [mL, material] = select("c-material", "Material", known.map((m) => [m, label(m)]), "copper");
  const [aL, asset] = input("c-asset", "Asset or offtake id (or a quantity below)", { value: "nuton-johnson-camp-heap-leach", size: 30 });
  const [qL, quantity] = input("c-quantity", "Quantity (t)", { type: "number", min: 0 });
  const [yL, years] = input("c-years", "over years", { type: "number", min: 0, step: 0.5 });
  const list = h("datalist", { id: "project-list" }, projects.map((p) => h("option", { value: p.id }, `${p.operator}: ${p.name}`)));
  const [pL, facility] = input("c-facility", "Facility (registry id; or MW below)", { list: "project-list", size: 26 });
  const [wL, mw] = input("c-mw", "MW of IT load", { type: "number", value: 1000, min: 0 });
  const [rL, archetype] = select("c-archetype", "Archetype", ["hyperscale_ai", "hyperscale_cloud", "colocation", "enterprise"].map((a) => [a, label(a)]), "hyperscale_ai");
  const [sL, scope] = select("c-scope", "Boundary", [["facility", "facility"], ["with_grid", "with its grid connection"]], "facility");
  const go = h("button", { type: "submit", class: "primary", id: "cover-go" }, "Cover?");
  const out = h("div", { id: "cover-out", "aria-live": "polite" });
  const form = h("form", { class: "controls" }, mL, aL, qL, yL, pL, wL, rL, sL, go, list);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    go.disabled = true;
    out.replaceChildren(h("progress", { "aria-label": "computing" }));
    const body = { material: material.value, scope: scope.value, samples: 500 };
    if (quantity.value) { body.quantity_t = Number(quantity.value); if (years.value) body.years = Number(years.value); } else body.asset = asset.value.trim();
    if (facility.value.trim()) body.facility = facility.value.trim(); else { body.capacity_mw = Number(mw.value); body.archetype = archetype.value; }
    try {
      const a = await api("/coverage", { method: "POST", body });
      const what = a.facility.id ?? `${a.facility.capacity_mw_it.p50.toLocaleString()} MW ${label(a.facility.archetype)}`;
      const fig = chart("coverage-chart", {
        title: `${label(a.material)}: ${tonnes(a.supply_t)} of supply vs ${what}`, unit: "t",
        traces: [{ type: "bar", x: ["facility demand", "supply"], y: [a.facility_demand_t.p50, a.supply_t], marker: { color: [PALETTE[1], PALETTE[2]] },
          error_y: { type: "data", symmetric: false, array: [a.facility_demand_t.p95 - a.facility_demand_t.p50, 0], arrayminus: [a.facility_demand_t.p50 - a.facility_demand_t.p5, 0] }, name: "t" }],
        layout: { hovermode: "closest", showlegend: false, yaxis: { title: { text: "t" } } },
        csv: { header: ["what", "p5_t", "p50_t", "p95_t"], rows: [["facility demand", a.facility_demand_t.p5, a.facility_demand_t.p50, a.facility_demand_t.p95], ["supply", a.supply_t, a.supply_t, a.supply_t]] },
        alt: `Covered share ${pct(a.covered_share.p50)}.`,
      });
      out.replaceChildren(h("p", { class: "finding", id: "cover-finding" }, `${tonnes(a.supply_t)} covers `, h("b", { text: interval(a.covered_share, pct) }),
        ` of ${what}'s ${label(a.material)} (${interval(a.facility_demand_t)}), i.e. ${interval(a.covered_mw, (x) => `${Math.round(x).toLocaleString()} MW`)}.`),
        h("p", { class: "note", text: `Basis: ${a.basis}. ${a.samples} samples, seed ${a.seed}.` }), fig.fig);
      await fig.draw();
    } catch (error) { showError(out, error); } finally { go.disabled = false; }
  });
  card.append(form, out);
}
