// What every page shares: calling /v1 (the same endpoints as any client), charts with a title,
// units, the data version, CSV/PNG downloads and a table as their text alternative.

const KEY = "layer0.apiKey";
export const state = { version: null };

export function apiKey() { return sessionStorage.getItem(KEY) || ""; }
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key); else sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, problem) {
    const lines = (problem.errors || []).map((e) => `${e.where || e.field || ""}: ${e.message || e.msg || ""}`);
    super([problem.detail || problem.title || `HTTP ${status}`, ...lines].join("\n"));
    this.status = status;
    this.problem = problem;
  }
}

// GET or POST /v1/...; a problem body becomes an ApiError with its message and field errors
export async function api(path, { method = "GET", body, write = false } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (write && !key) throw new ApiError(401, { detail: "This needs an API key with the write scope: make one with `layer0 keys create NAME` and enter it at the top right." });
  const response = await fetch(`/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

// -- DOM -----------------------------------------------------------------------------------

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

// a page's heading and lead in its own view (the router swaps views: a slow page never
// draws into the next one)
export function page(view, title, lead) {
  view.replaceChildren(h("h1", { text: title, tabindex: "-1" }), h("p", { class: "lead", text: lead }));
  return view;
}

export function showError(where, error) {
  where.replaceChildren(h("p", { class: "error", role: "alert", text: error.message || String(error) }));
}

// columns: [{label, value(row, i), num}]; onRow makes rows focusable and selectable (Enter,
// Space or a click), the chosen one marked for assistive technology too
export function table(columns, rows, { caption, onRow, id } = {}) {
  const head = h("tr", {}, columns.map((c) => h("th", { class: c.num ? "num" : null, scope: "col", text: c.label })));
  const body = rows.map((row, i) => {
    const tr = h("tr", onRow ? { tabindex: "0", "aria-selected": "false" } : {},
      columns.map((c) => {
        const v = c.value(row, i);
        return h("td", { class: c.num ? "num" : null }, v instanceof Node ? v : (v ?? ""));
      }));
    if (onRow) {
      const choose = () => {
        for (const other of tr.parentNode.children) { other.classList.remove("selected"); other.setAttribute("aria-selected", "false"); }
        tr.classList.add("selected");
        tr.setAttribute("aria-selected", "true");
        onRow(row, i);
      };
      tr.addEventListener("click", choose);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); } });
    }
    return tr;
  });
  return h("div", { class: "table-wrap" }, h("table", { id }, caption ? h("caption", { class: "note", text: caption }) : null,
    h("thead", {}, head), h("tbody", {}, body)));
}

export function select(id, label, options, value) {
  const el = h("select", { id, name: id }, options.map((o) => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h("option", { value: v, selected: v === value }, text);
  }));
  return [h("label", { for: id }, label, el), el];
}

export function input(id, label, attrs = {}) {
  const el = h("input", { id, name: id, ...attrs });
  return [h("label", { for: id }, label, el), el];
}

// -- numbers ---------------------------------------------------------------------------------

const UNITS = [[1e6, "Mt"], [1e3, "kt"], [1, "t"], [1e-3, "kg"]];
// three significant figures in the largest unit it reaches once rounded (999,600 t: 1.00 Mt)
export function tonnes(t) {
  if (t === null || t === undefined || Number.isNaN(t)) return "–";
  if (t === 0) return "0 t";
  const a = Math.abs(Number(t.toPrecision(3)));
  const [size, unit] = UNITS.find(([u]) => a >= u) ?? UNITS[UNITS.length - 1];
  return `${(t / size).toPrecision(3)} ${unit}`;
}
export const pct = (x) => (x === null || x === undefined ? "–" : `${(100 * x).toFixed(1)} %`);
export const interval = (q, f = tonnes) => `${f(q.p50)} (${f(q.p5)}–${f(q.p95)})`;
export const label = (s) => String(s).replaceAll("_", " ");

// -- charts ----------------------------------------------------------------------------------

// plotly.js (4.8 MB) loads beside the page's first requests, not before its first paint
let plotlyLoading = null;
export function plotly() {
  plotlyLoading ??= new Promise((resolve, reject) => {
    const script = h("script", { src: "/static/vendor/plotly.min.js" });
    script.addEventListener("load", () => resolve(window.Plotly));
    script.addEventListener("error", () => { plotlyLoading = null; reject(new Error("plotly.js did not load")); });
    document.head.append(script);
  });
  return plotlyLoading;
}

const PLOT_CONFIG = { displaylogo: false, responsive: true, topojsonURL: "/static/vendor/topojson/",
  modeBarButtonsToRemove: ["select2d", "lasso2d"] };

function csvText(header, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A figure: title, the plot, "unit · data version" and CSV/PNG downloads; the CSV's rows are
// also the chart's text alternative (a table under "Data").
export function chart(id, { title, unit, traces, layout = {}, csv, alt, height }) {
  const plot = h("div", { id, class: "plot" });
  if (height) plot.style.minHeight = `${height}px`;
  const slug = id.replace(/[^a-z0-9-]/gi, "-");
  const csvButton = h("button", { type: "button", "aria-label": `${title}: download the numbers (CSV)`, onclick: () => download(`${slug}.csv`, csvText(csv.header, csv.rows)) }, "CSV");
  const pngButton = h("button", { type: "button", "aria-label": `${title}: download the chart (PNG)`, onclick: () => Plotly.downloadImage(plot, { format: "png", filename: slug, width: 1200, height: 650 }) }, "PNG");
  const shown = csv.rows.slice(0, 400);
  const data = h("details", { class: "alt" }, h("summary", {}, shown.length < csv.rows.length ? `Data (the first ${shown.length} of ${csv.rows.length} rows; CSV has all)` : "Data"),
    table(csv.header.map((c, i) => ({ label: c, num: typeof (csv.rows[0] || [])[i] === "number", value: (r) => r[i] })), shown));
  // the figure is named by its title and described by its text alternative; the chart keeps
  // its own buttons reachable (no role=img over them)
  const fig = h("figure", { class: "card", "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-alt` },
    h("p", { class: "figtitle", id: `${id}-title`, text: title }), h("p", { class: "sr-only", id: `${id}-alt`, text: alt || "" }), plot,
    h("figcaption", {}, h("span", { text: `Unit: ${unit}` }), h("span", { class: "data-version", text: `data ${state.version?.data_version ?? "?"} · layer0 ${state.version?.layer0 ?? "?"}` }),
      h("span", { class: "actions" }, csvButton, pngButton)), data);
  const draw = async () => (await plotly()).newPlot(plot, traces, {
    margin: { l: 60, r: 16, t: 10, b: 40 }, hovermode: "x unified", font: { family: "DejaVu Sans, sans-serif", size: 12 },
    legend: { orientation: "h", y: -0.18 }, ...layout }, PLOT_CONFIG);
  return { fig, draw, plot };
}

// P5-P95 band and P50 line of rows {year, p5, p50, p95}
export function fanTraces(rows, name, color = "#b45309", band = "rgba(180, 83, 9, 0.18)") {
  const x = rows.map((r) => r.year);
  return [
    { x, y: rows.map((r) => r.p95), name: `${name} P95`, mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
    { x, y: rows.map((r) => r.p5), name: `${name} P5–P95`, mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: band, hoverinfo: "skip" },
    { x, y: rows.map((r) => r.p50), name: name === "" ? "P50" : `${name} P50`, mode: "lines+markers", line: { color, width: 2 }, marker: { size: 4 } },
  ];
}

export const PALETTE = ["#b45309", "#1f5fa8", "#067647", "#7a2e8e", "#b42318", "#4b5563", "#0e7490", "#a16207"];
export function bandColor(hex, alpha = 0.15) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// Poll a run until it is done; onProgress(state) after each look
export async function waitForRun(id, onProgress, pause = 700) {
  for (;;) {
    const run = await api(`/runs/${id}`);
    onProgress?.(run);
    if (run.status === "done") return run;
    if (run.status === "failed") throw new ApiError(500, { detail: `run ${id} failed`, errors: run.errors || [] });
    await new Promise((r) => setTimeout(r, pause));
  }
}

// The newest finished base run the server computed (`layer0 serve --base-samples`), waiting
// for it with a progress bar when it is still running
// The server's own base run (`layer0 serve --base-samples`), waiting with a progress bar
// while the server queues and computes it
export async function baseRun(where) {
  const bar = h("progress", { "aria-label": "base run progress" });
  for (;;) {
    let run;
    try {
      run = await api("/runs/base");
    } catch (error) {
      if (error.status !== 503) throw error;   // still queuing: ask again
      where.replaceChildren(h("p", {}, "The server is preparing the base run… ", bar));
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    if (run.status === "done") return run;
    if (run.status === "failed") throw new ApiError(500, { detail: `The base run ${run.id} failed`, errors: run.errors || [] });
    where.replaceChildren(h("p", {}, `The server is computing the base run (${run.request.samples} samples)… `, bar));
    return waitForRun(run.id, (r) => { bar.max = r.progress.total; bar.value = r.progress.done; });
  }
}

// a link only to http(s): a source's URL is data, never a script
export function link(url, text) {
  return /^https?:\/\//i.test(url || "") ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, text) : text;
}

export const CACHE = {};
export async function cached(key, load) {
  if (!(key in CACHE)) CACHE[key] = load().catch((e) => { delete CACHE[key]; throw e; });
  return CACHE[key];
}

// the materials the reference data knows (those /v1/risk rates), once per page load
export const materials = () => cached("materials", async () => [...new Set((await api("/risk")).map((r) => r.material))].sort());
