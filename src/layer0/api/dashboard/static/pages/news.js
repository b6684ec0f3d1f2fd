// News: read an article (pasted or uploaded), see each event highlighted with its fields, store
// them as candidates and accept or reject them (writes: an API key).
import { api, apiKey, h, input, label, page, select, showError, table } from "../lib.js";

const FIELDS = ["actor", "counterparty", "capacity_mw", "amount_usd", "quantity_t", "material", "location", "share_pct", "stage", "period_years", "date"];

export default async function news(main) {
  page(main, "News", "Paste or upload an article (German or English, text or a saved HTML page): layer0 finds capacity, investment, offtake, export-control and share events. Stored events become candidates that a reviewer accepts into the registry or rejects.");
  const keyNote = h("p", { class: "note", id: "key-note", text: apiKey() ? "Your API key is set: you can store events and decide on candidates." : "Reading is open; storing events and accepting or rejecting candidates need an API key with the write scope (top right; `layer0 keys create NAME`)." });
  const text = h("textarea", { id: "article-text", "aria-label": "Article text", placeholder: "Paste the article here…" });
  const [fL, file] = input("article-file", "…or upload a .txt or .html file", { type: "file", accept: ".txt,.html,.htm,text/plain,text/html" });
  const [tL, title] = input("article-title", "Title (optional)", { size: 30 });
  const [lL, lang] = select("article-lang", "Language", [["", "detect"], ["en", "English"], ["de", "German"]], "");
  const store = h("input", { type: "checkbox", id: "article-ingest" });
  const go = h("button", { type: "submit", class: "primary", id: "article-go" }, "Read");
  const out = h("div", { id: "article-out", "aria-live": "polite" });
  const queue = h("section", { class: "card", id: "candidates", "aria-labelledby": "candidates-h" });
  let html = null;
  file.addEventListener("change", async () => {
    const f = file.files[0];
    if (!f) return;
    const content = await f.text();
    if (/\.html?$/i.test(f.name) || f.type === "text/html") { html = content; text.value = ""; text.placeholder = `${f.name} (HTML, ${content.length.toLocaleString()} characters) will be read`; }
    else { html = null; text.value = content; }
  });
  text.addEventListener("input", () => { html = null; });
  const form = h("form", { class: "controls" }, h("label", { for: "article-text", style: "flex: 1 1 100%" }, "Article", text), fL, tL, lL,
    h("label", { for: "article-ingest" }, store, "store the events as candidates (key)"), go);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    go.disabled = true;
    try {
      const body = html !== null ? { html } : { text: text.value };
      if (title.value.trim()) body.title = title.value.trim();
      if (lang.value) body.lang = lang.value;
      if (store.checked) body.ingest = true;
      const answer = await api("/articles", { method: "POST", body, write: store.checked });
      showEvents(out, answer);
      if (store.checked) await showQueue(queue);
    } catch (error) { showError(out, error); } finally { go.disabled = false; }
  });
  main.append(keyNote, h("div", { class: "card" }, form, out), queue);
  await showQueue(queue);
}

function showEvents(out, answer) {
  const events = answer.events;
  const parts = [h("h2", { text: `${events.length} event(s), language ${answer.language}` })];
  if (answer.ingested) parts.push(h("p", { class: "ok", text: answer.ingested.already ? "This article was stored before: nothing new." : `Stored: ${answer.ingested.new} new candidate(s), ${answer.ingested.sourced} more sources for known ones.` }));
  if (events.length) parts.push(highlighted(answer.text, events));
  if (events.length) parts.push(eventsTable(events));
  out.replaceChildren(...parts.filter(Boolean));
}

function eventsTable(events) {
  return table([{ label: "#", num: true, value: (_, i) => i + 1 }, { label: "type", value: (e) => e.type },
    { label: "fields", value: (e) => FIELDS.filter((f) => e[f] !== null && e[f] !== undefined).map((f) => `${f}: ${e[f]}`).join(" · ") },
    { label: "confidence", num: true, value: (e) => e.confidence.toFixed(2) }, { label: "evidence", value: (e) => e.evidence }], events, { id: "events-table" });
}

// the article as the server read it, each event's evidence span marked; spans count code
// points (Array.from), not UTF-16 units, so an emoji or a decomposed umlaut shifts nothing;
// nested or repeated spans: the first wins
function highlighted(text, events) {
  const chars = Array.from(text);
  const spans = events.map((e, i) => ({ start: e.span[0], end: e.span[1], i, type: e.type })).sort((a, b) => a.start - b.start);
  const nodes = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    nodes.push(chars.slice(at, s.start).join(""));
    nodes.push(h("mark", { title: `event ${s.i + 1}: ${s.type}`, "data-event": s.i + 1 }, chars.slice(s.start, s.end).join(""), h("sup", { text: s.i + 1 })));
    at = s.end;
  }
  nodes.push(chars.slice(at).join(""));
  return h("div", { class: "article", id: "article-marked", tabindex: "0", role: "region", "aria-label": "The article as read, its events marked" }, nodes);
}

async function showQueue(queue) {
  try {
    const candidates = await api("/candidates");
    queue.replaceChildren(h("h2", { id: "candidates-h", text: `Review queue: ${candidates.length} candidate(s)` }),
      candidates.length ? h("div", {}, candidates.map((c) => candidateCard(c, queue))) : h("p", { class: "note", text: "Nothing to review." }));
  } catch (error) { showError(queue, error); }
}

function candidateCard(c, queue) {
  const why = h("input", { id: `why-${c.id}`, size: 24, placeholder: "why (kept in the log)", "aria-label": `Why you accept or reject ${c.id} (kept in the log)` });
  const status = h("span", { "aria-live": "polite" });
  const merge = c.likely_duplicates?.length ? select(`merge-${c.id}`, "Likely duplicate of", [["", "— a new project —"], ...c.likely_duplicates.map((d) => [d.id ?? d.project ?? d, `${d.id ?? d.project ?? d}${d.score ? ` (${Math.round(d.score)})` : ""}`])], "") : null;
  const decide = async (verb) => {
    try {
      const body = { why: why.value };
      if (verb === "accept" && merge) { if (merge[1].value) body.merge_into = merge[1].value; else body.new = true; }
      const record = await api(`/candidates/${encodeURIComponent(c.id)}/${verb}`, { method: "POST", write: true, body });
      status.className = "ok";
      status.textContent = `${record.status ?? verb + "ed"}`;
      setTimeout(() => showQueue(queue), 400);
    } catch (error) { status.className = "error"; status.textContent = error.message; }
  };
  const fields = Object.entries(c.fields).filter(([, v]) => v !== null).map(([k, v]) => `${label(k)}: ${v}`).join(" · ");
  return h("div", { class: "candidate", id: `candidate-${c.id}`, style: "border-top: 1px solid var(--line); padding: 8px 0" },
    h("p", {}, h("b", { text: `${c.kind} ${c.id}` }), ` — ${fields}`),
    h("p", { class: "note" }, c.sources.map((s) => `“${s.evidence}” (${s.title || s.path}, ${s.date || "no date"})`).join(" ")),
    h("div", { class: "controls" }, merge ? merge[0] : null, why,
      h("button", { type: "button", class: "primary", onclick: () => decide("accept") }, "Accept"),
      h("button", { type: "button", onclick: () => decide("reject") }, "Reject"), status));
}
