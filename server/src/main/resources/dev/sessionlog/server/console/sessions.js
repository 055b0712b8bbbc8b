// The session index: newest first, searched by key prefix and filtered by state, failure kind,
// model, provider and update time, a page at a time (the API's cursor).
import { get } from "./api.js";
import { badge, fill, h, time } from "./dom.js";

const KINDS = ["rate_limited", "quota_exceeded", "billing", "overloaded", "timeout", "network", "auth",
  "context_overflow", "invalid_request", "model_not_found", "cancelled", "interrupted", "unknown"];
const PAGE = 50;

function select(name, label, options, value) {
  return [h("label", { for: `f-${name}` }, label),
    h("select", { id: `f-${name}`, name }, h("option", { value: "" }, "any"),
      options.map((option) => h("option", { value: option, selected: option === value }, option.replaceAll("_", " "))))];
}

function text(name, label, value, type = "text") {
  return [h("label", { for: `f-${name}` }, label), h("input", { id: `f-${name}`, name, type, value: value ?? "" })];
}

/** A datetime-local input's value as an ISO instant in the viewer's zone, or "". */
function instant(local) {
  return local ? new Date(local).toISOString() : "";
}

export async function sessionsPage({ main, params }) {
  document.title = "Sessions · sessionlog";
  const filters = Object.fromEntries(["keyPrefix", "state", "failure", "model", "provider", "after", "before",
    "cursor"]
    .map((name) => [name, params.get(name) ?? ""]));
  const form = h("form", { class: "filters", role: "search", onsubmit: (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value) query.set(name, String(value));
    location.hash = `#/sessions?${query}`;
  } },
  text("keyPrefix", "Key starts with", filters.keyPrefix),
  select("state", "State", ["idle", "awaiting_model", "ended"], filters.state),
  select("failure", "Last failure", KINDS, filters.failure),
  text("model", "Model", filters.model),
  text("provider", "Provider", filters.provider),
  text("after", "Updated after", filters.after, "datetime-local"),
  text("before", "Updated before", filters.before, "datetime-local"),
  h("button", { type: "submit" }, "Search"));
  const page = await get("/v1/sessions", {
    keyPrefix: filters.keyPrefix, state: filters.state, failure: filters.failure, model: filters.model,
    provider: filters.provider,
    updatedAfter: instant(filters.after), updatedBefore: instant(filters.before), cursor: filters.cursor, limit: PAGE,
  });
  const rows = page.sessions.map((s) => h("tr", {},
    h("th", { scope: "row" }, h("a", { href: `#/session/${encodeURIComponent(s.sessionId)}` }, s.sessionId)),
    h("td", {}, s.sessionKey ?? "—"),
    h("td", {}, state(s)),
    h("td", {}, s.lastFailure ? badge("failed", s.lastFailure.replaceAll("_", " ")) : "—"),
    h("td", {}, s.model ?? "—"),
    h("td", {}, s.provider ?? "—"),
    h("td", { class: "number" }, s.lastSequence),
    h("td", {}, time(s.updatedAt))));
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  const pager = h("nav", { class: "pager", "aria-label": "Pages of sessions" },
    filters.cursor ? h("a", { href: `#/sessions?${without(params, "cursor")}` }, "First page") : null,
    page.nextCursor ? h("a", { href: `#/sessions?${next}` }, "Next page") : null);
  fill(main, h("h1", {}, "Sessions"), form,
    rows.length === 0 ? h("p", { class: "empty" }, "No session matches.")
      : h("table", { class: "sessions" },
        h("caption", {}, `Newest first, ${rows.length} shown`),
        h("thead", {}, h("tr", {}, ["Session", "Key", "State", "Last failure", "Model", "Provider", "Events",
          "Updated"]
          .map((title) => h("th", { scope: "col" }, title)))),
        h("tbody", {}, rows)),
    pager);
  return () => {};
}

function without(params, name) {
  const copy = new URLSearchParams(params);
  copy.delete(name);
  return copy;
}

export function state(summary) {
  if (summary.state === "ended") return badge("ended", `ended${summary.endReason ? ` (${summary.endReason})` : ""}`);
  if (summary.state === "awaiting_model") return badge("open", `awaiting model (${summary.openCalls} open)`);
  return badge("idle", "idle");
}
