// The store's health: what `sessionlog stats` and `doctor` say that the index answers, and, when
// asked with the button (it reads every stored event, so never on a page load), the store's check
// of every record: what `sessionlog verify` prints and doctor's record check counts.
import { get } from "./api.js";
import { badge, duration, facts, fill, h, time } from "./dom.js";

/** The section of the record checks: a button that runs them, a live status line, and the findings. */
function recordChecks() {
  const status = h("p", { id: "checks-status", role: "status", "aria-live": "polite" },
    "Not run yet: the checks read every stored event, so they run only when asked.");
  const findings = h("div", { id: "checks-findings" });
  const button = h("button", { type: "button", id: "run-checks", onclick: async () => {
    button.disabled = true;
    fill(status, "Checking every record…");
    fill(findings);
    try {
      showChecks(await get("/v1/store/checks"), status, findings);
    } catch (error) {
      fill(status, badge("failed", "Not checked"), ` the checks could not run: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  } }, "Check every record");
  return [h("h2", {}, "Record checks"), button, status, findings];
}

function showChecks(checks, status, findings) {
  if (!checks.available) {
    fill(status, badge("warning", "Not available"), ` ${checks.reason}`);
    return;
  }
  const checked = `${checks.sessionsChecked} session(s), ${checks.eventsChecked} event(s) checked in ${checks.tookMillis} ms`;
  if (checks.healthy) {
    fill(status, badge("ok", "No problem found"),
      ` every record can be read and the index agrees with the log; ${checked} at `, time(checks.checkedAt));
    return;
  }
  fill(status, badge("failed", `${checks.problemCount} problem(s) found`), ` ${checked} at `, time(checks.checkedAt));
  fill(findings, h("table", { class: "checks" },
    h("caption", {}, checks.truncated ? `The first ${checks.problems.length} of ${checks.problemCount}; `
      + "sessionlog verify lists them all" : "Every problem found"),
    h("thead", {}, h("tr", {}, ["Kind", "Session", "Sequence", "Where", "What"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, checks.problems.map((p) => h("tr", {},
      h("td", {}, badge("failed", p.kind)),
      h("td", {}, p.session ? h("a", { href: `#/session/${encodeURIComponent(p.session)}` }, p.session) : "—"),
      h("td", { class: "number" }, p.sequence ?? "—"),
      h("td", {}, p.file ? (p.offset === null ? p.file : `${p.file} at byte ${p.offset}`) : "—"),
      h("td", {}, p.description))))));
}

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
          : badge("open", c.deadline ? `${duration(Date.parse(c.deadline) - now)} left` : "no deadline")))))),
    recordChecks());
  return () => {};
}
