// The store's health: what `sessionlog stats` and `doctor` say that the index answers.
import { get } from "./api.js";
import { badge, duration, facts, fill, h, time } from "./dom.js";

export async function healthPage({ main }) {
  document.title = "Health · sessionlog";
  const health = await get("/v1/store");
  const now = Date.parse(health.now);
  const kinds = Object.entries(health.lastFailureByKind);
  fill(main, h("h1", {}, "Store health"),
    h("p", {}, health.stuckCalls > 0
      ? badge("failed", `${health.stuckCalls} model call(s) stuck past their deadline: the watchdog should have ended them`)
      : badge("ok", "No model call is stuck past its deadline")),
    h("h2", {}, "Sessions"),
    facts([["Sessions", health.sessions], ...Object.entries(health.sessionsByState).map(([s, n]) => [s.replaceAll("_", " "), n]),
      ["Tokens", health.totalTokens], ["First created", time(health.firstCreatedAt)], ["Last updated", time(health.lastUpdatedAt)]]),
    h("h2", {}, "Newest failure by kind"),
    kinds.length === 0 ? h("p", {}, "No session's newest call failed.")
      : facts(kinds.map(([kind, n]) => [kind.replaceAll("_", " "), n])),
    h("h2", {}, `Open model calls (${health.openCalls})`),
    health.calls.length === 0 ? h("p", {}, "None.") : h("table", {},
      h("thead", {}, h("tr", {}, ["Session", "Call", "Model", "Started", "Deadline", "State"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, health.calls.map((c) => h("tr", {},
        h("td", {}, h("a", { href: `#/session/${encodeURIComponent(c.sessionId)}` }, c.sessionId)),
        h("td", {}, c.callId), h("td", {}, `${c.provider} / ${c.model}`), h("td", {}, time(c.startedAt)),
        h("td", {}, time(c.deadline)),
        h("td", {}, c.stuck ? badge("failed", `stuck: ${duration(now - Date.parse(c.deadline))} past`)
          : badge("open", c.deadline ? `${duration(Date.parse(c.deadline) - now)} left` : "no deadline")))))));
  return () => {};
}
