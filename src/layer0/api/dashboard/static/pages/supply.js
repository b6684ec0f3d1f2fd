// Supply: who mines and refines a material (USGS shares, HHI, China's share) and the export
// controls in force on a chosen date, on a timeline.
import { PALETTE, api, chart, h, input, label, link, materials, page, pct, query, select, showError, table } from "../lib.js";

export default async function supply(main) {
  page(main, "Supply", "Shares of world production by country and stage (USGS Mineral Commodity Summaries), their concentration (HHI, 10,000 = one country) and the export controls in force on a date.");
  const known = await materials();
  const [materialLabel, material] = select("supply-material", "Material", known.map((m) => [m, label(m)]), "gallium");
  const [dateLabel, day] = input("controls-date", "Controls in force on", { type: "date", value: new Date().toISOString().slice(0, 10) });
  const shares = h("div", { class: "grid two", id: "shares" });
  const controls = h("div", { id: "controls" });
  main.append(h("form", { class: "controls", onsubmit: (e) => e.preventDefault() }, materialLabel, dateLabel), shares, controls);
  const drawShares = async () => {
    try {
      const rows = await api(`/supply${query({ material: material.value })}`);
      if (!rows.length) { shares.replaceChildren(h("p", { class: "note", text: `No USGS shares by country for ${label(material.value)}.` })); return; }
      const figures = rows.map(sharesChart);
      shares.replaceChildren(...figures.map((f) => f.fig));
      await Promise.all(figures.map((f) => f.draw()));
    } catch (error) { showError(shares, error); }
  };
  const drawControls = async () => {
    try {
      const answer = await api(`/controls${query({ date: day.value, material: material.value })}`);
      const view = controlsView(answer);
      controls.replaceChildren(...view.nodes);
      await view.draw();
    } catch (error) { showError(controls, error); }
  };
  material.addEventListener("change", () => { drawShares(); drawControls(); });
  day.addEventListener("change", drawControls);
  await Promise.all([drawShares(), drawControls()]);
}

function sharesChart(row) {
  const shares = [...row.shares].reverse();
  return chart(`shares-${row.stage}`, {
    title: `${label(row.material)} ${row.stage} ${row.year}: HHI ${Math.round(row.hhi)}, China ${pct(row.china_share)}, top three ${pct(row.top3_share)}`,
    unit: "share of world production", height: Math.max(280, shares.length * 20),
    traces: [{ type: "bar", orientation: "h", y: shares.map((s) => s.country), x: shares.map((s) => s.share),
      marker: { color: shares.map((s) => (s.country === "CN" ? PALETTE[4] : s.country === "OTHER" ? "#9aa3ae" : PALETTE[1])) },
      hovertemplate: "%{y}: %{x:.1%}<extra></extra>", name: "share" }],
    layout: { xaxis: { tickformat: ".0%", title: { text: "share" } }, hovermode: "closest", showlegend: false, margin: { l: 60, r: 16, t: 10, b: 40 } },
    csv: { header: ["material", "stage", "year", "country", "share"], rows: row.shares.map((s) => [row.material, row.stage, row.year, s.country, s.share]) },
    alt: `Top: ${row.top_country} ${pct(row.top_share)}.`,
  });
}

function controlsView(answer) {
  const rows = answer.controls;
  const heading = h("h2", { text: `Export controls in force on ${answer.date}: ${rows.length}` });
  if (!rows.length) return { nodes: [heading, h("p", { class: "note", text: "None for this material on this date." })], draw: () => null };
  const end = answer.date > new Date().toISOString().slice(0, 10) ? answer.date : new Date().toISOString().slice(0, 10);
  const names = rows.map((c) => `${c.issuer} ${label(c.material)} → ${c.destinations} (${c.control})`);
  const traces = [
    { type: "bar", orientation: "h", name: "in force", y: names, base: rows.map((c) => c.effective),
      x: rows.map((c) => Date.parse(end) - Date.parse(c.effective)), marker: { color: PALETTE[4] }, hovertemplate: "%{y}<br>from %{base}<extra></extra>" },
    { type: "bar", orientation: "h", name: "suspended", y: names.filter((_, i) => rows[i].suspended_from), base: rows.filter((c) => c.suspended_from).map((c) => c.suspended_from),
      x: rows.filter((c) => c.suspended_from).map((c) => Date.parse(c.suspended_until || end) - Date.parse(c.suspended_from)), marker: { color: "#9aa3ae" } },
  ];
  const fig = chart("controls-timeline", {
    title: `Export controls on ${answer.date}: when each took effect, and suspensions`, unit: "date", height: Math.max(220, rows.length * 40 + 80),
    traces, layout: { barmode: "overlay", xaxis: { type: "date" }, hovermode: "closest", margin: { l: 260, r: 16, t: 10, b: 40 },
      shapes: [{ type: "line", x0: answer.date, x1: answer.date, yref: "paper", y0: 0, y1: 1, line: { color: "#111", dash: "dot" } }] },
    csv: { header: ["id", "material", "issuer", "control", "destinations", "effective", "suspended_from", "suspended_until", "instrument", "source"],
      rows: rows.map((c) => [c.id, c.material, c.issuer, c.control, c.destinations, c.effective, c.suspended_from ?? "", c.suspended_until ?? "", c.instrument, c.source?.url ?? ""]) },
    alt: names.join("; "),
  });
  const list = table([
    { label: "material", value: (c) => label(c.material) }, { label: "issuer", value: (c) => c.issuer }, { label: "measure", value: (c) => c.control },
    { label: "to", value: (c) => c.destinations }, { label: "forms", value: (c) => c.forms }, { label: "effective", value: (c) => c.effective },
    { label: "suspended", value: (c) => (c.suspended_from ? `${c.suspended_from} – ${c.suspended_until ?? "open"}` : "") },
    { label: "instrument", value: (c) => link(c.source?.url, c.instrument) },
  ], rows);
  return { nodes: [heading, fig.fig, list], draw: fig.draw };
}
