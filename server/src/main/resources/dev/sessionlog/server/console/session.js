// One session: its summary and open calls, a timeline a page at a time (never every event), the
// projections at any sequence (time travel), and a live tail that resumes after a dropped connection.
import { get, post, sessionPath } from "./api.js";
import { badge, duration, facts, fill, h, time } from "./dom.js";
import { state } from "./sessions.js";

const PAGE = 100;
const TAIL_KEEP = 200;
const TRANSCRIPT_SHOWN = 200;
const WIRE_NAMES = ["session_started", "user_message_received", "model_call_started", "model_call_completed",
  "model_call_failed", "tool_result_recorded", "settings_changed", "transcript_compacted", "delivery_recorded",
  "turn_aborted", "custom_entry_recorded", "session_ended", "session_key_assigned", "context_message_added"];

/** The text of content blocks; images and tool calls named, not shown. */
function contentText(blocks = []) {
  return blocks.map((block) => {
    if (block.type === "text") return block.text;
    if (block.type === "thinking") return `(thinking) ${block.thinking}`;
    if (block.type === "tool_call") return `(tool call ${block.name})`;
    if (block.type === "image") return `(image ${block.mimeType ?? ""})`;
    return `(${block.type})`;
  }).join("\n");
}

/** A link to another event of the page: moves focus there without touching the fragment (the route). */
function jump(sequence, ...text) {
  return h("a", { href: `#event-${sequence}`, onclick: (event) => {
    event.preventDefault();
    const target = document.getElementById(`event-${sequence}`);
    target?.scrollIntoView({ block: "center" });
    target?.focus();
  } }, ...text);
}

const label = (type) => type.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());

/** What one recorded event says, in a list item; calls paired with their outcomes through `calls`. */
function eventItem(recorded, calls, notices, openCalls) {
  const { type, data } = recorded.event;
  const failed = type === "model_call_failed";
  const body = [];
  switch (type) {
    case "session_started":
      body.push(facts([["Key", data.sessionKey], ["Agent", data.agentId], ["Channel", data.channel], ["Reason", data.reason]]));
      break;
    case "user_message_received":
    case "context_message_added":
      body.push(h("p", { class: "message" }, contentText(data.content)));
      break;
    case "model_call_started": {
      const outcome = calls.get(data.callId)?.outcome;
      const open = openCalls.get(data.callId);
      body.push(h("p", {}, `${data.provider} / ${data.model}, attempt ${data.attempt ?? 1}, call ${data.callId}, deadline `,
        time(data.deadline)));
      body.push(h("p", { class: "pairing" }, outcome
        ? jump(outcome.sequence, `→ ${outcome.event.type === "model_call_failed"
          ? `failed (${outcome.event.data.kind.replaceAll("_", " ")})` : "completed"} at #${outcome.sequence}`)
        : open ? badge("open", "open: no outcome yet") : "→ its outcome is on a later page"));
      break;
    }
    case "model_call_completed": {
      const started = calls.get(data.callId)?.started;
      body.push(h("p", { class: "message" }, contentText(data.content)));
      body.push(h("p", { class: "pairing" }, started ? jump(started.sequence,
        `← call ${data.callId} started at #${started.sequence}`) : `← call ${data.callId}`,
      data.usage ? `, ${data.usage.totalTokens ?? 0} tokens` : ""));
      break;
    }
    case "model_call_failed": {
      const started = calls.get(data.callId)?.started;
      const notice = notices.get(data.callId);
      body.push(facts([
        ["Kind", badge("failed", data.kind.replaceAll("_", " "))],
        ["Provider", `${data.provider ?? "—"} / ${data.model ?? "—"}`],
        ["HTTP status", data.httpStatus], ["Provider code", data.providerErrorCode],
        ["Provider message (redacted)", data.providerMessage],
        ["User notice", notice ? h("q", { class: "notice" }, notice) : "—"],
      ]));
      body.push(h("p", { class: "pairing" }, started ? jump(started.sequence,
        `← call ${data.callId} started at #${started.sequence}`) : `← call ${data.callId}`));
      break;
    }
    case "tool_result_recorded":
      body.push(h("p", {}, `${data.toolName ?? "tool"} (${data.toolCallId})${data.isError ? ": error" : ""}`),
        h("p", { class: "message" }, contentText(data.content)));
      break;
    case "session_ended":
      body.push(h("p", {}, `Reason: ${data.reason}`));
      break;
    default:
      body.push(h("pre", { class: "data" }, JSON.stringify(data, null, 1).slice(0, 600)));
  }
  return h("li", { id: `event-${recorded.sequence}`, tabindex: -1, class: failed ? "event failed" : "event" },
    h("div", { class: "event-head" },
      h("span", { class: "sequence" }, `#${recorded.sequence}`), " ",
      failed ? badge("failed", "Failed") : null, " ",
      h("strong", {}, label(type)), " ", time(recorded.recordedAt)),
    body);
}

/** Each call of the page with its start and outcome, as far as the page shows them. */
function pairCalls(events) {
  const calls = new Map();
  for (const recorded of events) {
    const { type, data } = recorded.event;
    if (!data?.callId || !type.startsWith("model_call_")) continue;
    const call = calls.get(data.callId) ?? {};
    if (type === "model_call_started") call.started = recorded;
    else call.outcome = recorded;
    calls.set(data.callId, call);
  }
  return calls;
}

export async function sessionPage({ main, access, params }, id) {
  const path = sessionPath(id);
  const [summary, noticeList, open] = await Promise.all([get(path), get(`${path}/projections/notices`), get(`${path}/calls`)]);
  document.title = `${id} · sessionlog`;
  const notices = new Map(noticeList.notices.map((n) => [n.callId, n.text]));
  const openCalls = new Map(open.open.map((call) => [call.callId, call]));
  const mayChange = access.access === "write" && !access.readOnly;
  const timers = [];

  // ---- open calls, with time left to their deadline on the server's clock
  const skew = Date.parse(open.now) - Date.now();
  const leftCells = [];
  const openSection = h("section", { "aria-labelledby": "open-title" }, h("h2", { id: "open-title" }, "Open model calls"),
    open.open.length === 0 ? h("p", {}, "None.") : h("ul", { class: "open-calls" }, open.open.map((call) => {
      const left = h("span", { class: "left" });
      leftCells.push([left, call.deadline]);
      return h("li", {}, badge("open", "open"), ` ${call.callId}: ${call.provider} / ${call.model}, started `,
        time(call.startedAt), ", ", left,
        mayChange ? h("button", { type: "button", onclick: () => act(`End call ${call.callId}? It is recorded as cancelled.`,
          () => post(`${path}/calls/${encodeURIComponent(call.callId)}/cancel`)) }, "End call") : null);
    })));
  const tick = () => {
    for (const [cell, deadline] of leftCells) {
      if (!deadline) { fill(cell, "no deadline"); continue; }
      const left = Date.parse(deadline) - (Date.now() + skew);
      fill(cell, left >= 0 ? `${duration(left)} left to its deadline ` : `past its deadline by ${duration(-left)} `);
    }
  };
  tick();
  timers.push(setInterval(tick, 1000));

  /** Asks first; then does it and shows the page again (or `then`, for a session that is gone). */
  async function act(question, action, then = () => window.dispatchEvent(new HashChangeEvent("hashchange"))) {
    if (!window.confirm(question)) return;
    try {
      await action();
      then();
    } catch (error) {
      window.alert(`Refused: ${error.message}`);
    }
  }

  // ---- the timeline, one page at a time
  const last = summary.lastSequence;
  const from = Number(params.get("from")) || Math.max(1, last - PAGE + 1);
  const page = await get(`${path}/events`, { from, limit: PAGE });
  const calls = pairCalls(page.events);
  const at = (sequence) => { const p = new URLSearchParams(params); p.set("from", sequence); return `#/session/${encodeURIComponent(id)}?${p}`; };
  const pager = h("nav", { class: "pager", "aria-label": "Pages of events" },
    from > 1 ? [h("a", { href: at(1) }, "First"), h("a", { href: at(Math.max(1, from - PAGE)) }, "Previous")] : null,
    h("span", {}, page.events.length ? `events #${page.events[0].sequence}–#${page.events.at(-1).sequence} of ${last}` : "no events"),
    page.nextSequence <= last ? [h("a", { href: at(page.nextSequence) }, "Next"), h("a", { href: at(Math.max(1, last - PAGE + 1)) }, "Last")] : null);
  const timeline = h("section", { "aria-labelledby": "timeline-title" }, h("h2", { id: "timeline-title" }, "Timeline"), pager,
    h("ol", { class: "timeline" }, page.events.map((recorded) => eventItem(recorded, calls, notices, openCalls))));

  // ---- time travel: the projections at any sequence
  const slider = h("input", { id: "travel", type: "range", min: 1, max: Math.max(1, last), value: Math.max(1, last),
    "aria-describedby": "travel-at" });
  const atLabel = h("output", { id: "travel-at", for: "travel" });
  const transcript = h("ol", { class: "transcript", "aria-live": "polite" });
  const statusBox = h("div", { class: "status" });
  let pending = 0;
  async function travel() {
    const sequence = Number(slider.value);
    const ticket = ++pending;
    fill(atLabel, `at sequence ${sequence} of ${slider.max}`);
    const [t, s] = await Promise.all([get(`${path}/projections/transcript`, { atSequence: sequence, last: TRANSCRIPT_SHOWN }),
      get(`${path}/projections/status`, { atSequence: sequence })]);
    if (ticket !== pending) return; // a later move of the slider answers instead
    fill(transcript, t.messages.length === 0 ? h("li", { class: "empty" }, "(the transcript is empty here)")
      : t.messageCount > t.messages.length ? h("li", { class: "empty" }, `(${t.messageCount - t.messages.length} earlier messages not shown)`) : null,
      t.messages.map((m) => h("li", { class: `message role-${m.role}` },
        h("span", { class: "role" }, `${m.role} (#${m.sequence})`), " ", contentText(m.content))));
    fill(statusBox, facts([["State", s.state.replaceAll("_", " ")], ["Model", s.model], ["Last failure", s.lastFailure],
      ["Tokens", s.totalTokens]]));
  }
  let debounce = null;
  slider.addEventListener("input", () => { clearTimeout(debounce); debounce = setTimeout(travel, 120); });
  const travelSection = h("section", { "aria-labelledby": "travel-title" },
    h("h2", { id: "travel-title" }, "Time travel"),
    h("label", { for: "travel" }, "Sequence"), slider, " ", atLabel,
    h("h3", {}, "Transcript the next prompt would see"), transcript, h("h3", {}, "Status"), statusBox);

  // ---- live tail over server-sent events; EventSource resumes with Last-Event-ID by itself
  const tail = h("ol", { class: "tail", "aria-live": "polite", "aria-relevant": "additions" });
  const link = h("p", { class: "link", role: "status" }, "connecting…");
  const source = new EventSource(`${path}/stream?from=${last + 1}`);
  source.addEventListener("open", () => fill(link, badge("ok", "live")));
  source.addEventListener("error", () => fill(link, badge("warning", "connection lost: reconnecting, resuming after the last event shown")));
  const liveCalls = new Map(calls);
  const onEvent = (message) => {
    const recorded = JSON.parse(message.data);
    const { type, data } = recorded.event;
    if (data?.callId && type.startsWith("model_call_")) {
      const call = liveCalls.get(data.callId) ?? {};
      if (type === "model_call_started") call.started = recorded; else call.outcome = recorded;
      liveCalls.set(data.callId, call);
    }
    tail.append(eventItem(recorded, liveCalls, notices, new Map()));
    while (tail.children.length > TAIL_KEEP) tail.firstElementChild.remove();
    if (recorded.sequence > Number(slider.max)) slider.max = recorded.sequence;
  };
  for (const name of WIRE_NAMES) source.addEventListener(name, onEvent);
  const tailSection = h("section", { "aria-labelledby": "tail-title" }, h("h2", { id: "tail-title" }, "Live tail"),
    link, tail);

  const readNote = !mayChange && !access.readOnly ? h("p", { class: "help" },
    "Read access: to end a stuck call or delete this session, sign out and sign in with the token.") : null;
  const actions = mayChange && summary.state !== "ended" ? h("p", { class: "actions" },
    h("button", { type: "button", class: "danger", onclick: () => act(`Delete session ${id}? It ends for good (reason: deleted) and leaves the session index.`,
      () => post(`${path}/events`, { expectedSequence: "any", events: [{ type: "session_ended", v: 1, data: { reason: "deleted" } }] }),
      () => { location.hash = "#/sessions"; }) },
    "Delete session")) : null;

  fill(main, h("h1", {}, "Session ", h("span", { class: "id" }, id)),
    facts([["Key", summary.sessionKey], ["State", state(summary)], ["Agent", summary.agentId], ["Channel", summary.channel],
      ["Model", summary.model], ["Events", summary.lastSequence], ["Messages", summary.messageCount],
      ["Last failure", summary.lastFailure ? badge("failed", summary.lastFailure.replaceAll("_", " ")) : null],
      ["Tokens", summary.totalTokens], ["Created", time(summary.createdAt)], ["Updated", time(summary.updatedAt)]]),
    actions, readNote, openSection,
    h("div", { class: "session-layout" }, timeline, h("div", { class: "side" }, travelSection, tailSection)));
  await travel();
  return () => {
    source.close();
    timers.forEach(clearInterval);
    clearTimeout(debounce);
  };
}
