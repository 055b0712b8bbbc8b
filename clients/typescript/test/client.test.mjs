import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import {
  CallAlreadyEndedError, InvalidEventError, NotFoundError, SessionlogClient, UnauthorizedError,
  WrongExpectedSequenceError,
} from "../dist/index.js";
import { startServer, temporaryStore } from "./server.mjs";

const QUOTA_BODY = JSON.stringify({
  error: { message: "You exceeded your current quota. (key sk-proj-abcdefghijklmnopqrstuvwxyz0123)",
    type: "insufficient_quota", code: "insufficient_quota" },
});

describe("against one server", () => {
  let store;
  let server;
  let client;

  before(async () => {
    store = await temporaryStore();
    server = await startServer(store.dir);
    client = new SessionlogClient({ baseUrl: server.url, token: server.token });
  });

  after(async () => {
    await server?.stop();
    await store?.remove();
  });

  test("appends, reads and retries", async () => {
    const chat = client.session("reads-1");
    const first = await chat.append([
      { type: "session_started", v: 1, data: { reason: "initial", sessionKey: "agent:main:test" } },
      { type: "user_message_received", v: 1, data: { messageId: "m1", content: [{ type: "text", text: "hi" }] } },
    ], { expectedSequence: "none" });
    assert.deepEqual([first.firstSequence, first.lastSequence, first.duplicate], [1, 2, false]);
    const retry = await chat.receiveUserMessage("m1", "hi");
    assert.equal(retry.duplicate, true);
    assert.equal(retry.firstSequence, 2);
    const page = await chat.read({ from: 1, limit: 10 });
    assert.deepEqual(page.events.map((e) => e.sequence), [1, 2]);
    assert.equal(page.nextSequence, 3);
    assert.equal(page.events[1].position, first.position, "the append's position is its last event's, exactly");
    assert.ok(BigInt(page.events[1].position) > BigInt(page.events[0].position));
    assert.deepEqual(first.outcomes, [{ sequence: 1, duplicate: false }, { sequence: 2, duplicate: false }]);
    assert.equal(page.events[1].event.type, "user_message_received");
    assert.equal(page.events[1].event.data.content[0].text, "hi");
    assert.deepEqual((await chat.readLast(1)).map((e) => e.sequence), [2]);
    assert.equal((await chat.summary()).sessionKey, "agent:main:test");
    assert.equal(await client.session("nobody").summary(), undefined);
    const listed = await client.sessions({ key: "agent:main:test" });
    assert.deepEqual(listed.sessions.map((s) => s.sessionId), ["reads-1"]);
    assert.equal(await client.health(), true);
  });

  test("the session index is narrowed by the filters, and the limit counts only matches", async () => {
    const started = (key) => [{ type: "session_started", v: 1, data: { reason: "initial", sessionKey: key } }];
    const quota = client.session("filters-quota");
    await quota.append(started("agent:filters:telegram:1"), { expectedSequence: "none" });
    await (await quota.startModelCall({ provider: "openai", model: "gpt-5", deadlineMillis: 60_000 }))
      .fail({ status: 429, body: QUOTA_BODY });
    const waiting = client.session("filters-waiting");
    await waiting.append(started("agent:filters:slack:2"), { expectedSequence: "none" });
    await waiting.startModelCall({ provider: "anthropic", model: "claude-sonnet", deadlineMillis: 60_000 });
    const other = client.session("filters-other");
    await other.append(started("agent:elsewhere:telegram:3"), { expectedSequence: "none" });
    await (await other.startModelCall({ provider: "openai", model: "gpt-5", deadlineMillis: 60_000 }))
      .fail({ status: 429, body: QUOTA_BODY });

    const ids = async (query) => (await client.sessions(query)).sessions.map((s) => s.sessionId);
    assert.deepEqual(await ids({ keyPrefix: "AGENT:Filters:" }), ["filters-waiting", "filters-quota"]);
    assert.deepEqual(await ids({ keyPrefix: "agent:filters:", provider: "openai" }), ["filters-quota"]);
    assert.deepEqual(await ids({ keyPrefix: "agent:filters:", model: "claude-sonnet" }), ["filters-waiting"]);
    assert.deepEqual(await ids({ failure: "quota_exceeded", keyPrefix: "agent:" }), ["filters-other", "filters-quota"]);
    assert.deepEqual(await ids({ keyPrefix: "agent:filters:", state: "awaiting_model" }), ["filters-waiting"]);
    const first = await client.sessions({ failure: "quota_exceeded", keyPrefix: "agent:", limit: 1 });
    assert.deepEqual(first.sessions.map((s) => s.sessionId), ["filters-other"]);
    const second = await client.sessions({ failure: "quota_exceeded", keyPrefix: "agent:", limit: 1,
      cursor: first.nextCursor });
    assert.deepEqual(second.sessions.map((s) => s.sessionId), ["filters-quota"]);
    assert.deepEqual(await ids({ keyPrefix: "agent:filters:", updatedAfter: new Date(Date.now() + 60_000) }), []);
    await assert.rejects(client.sessions({ provider: " " }), (error) => error.status === 400);
  });

  test("errors are typed with the problem's fields", async () => {
    const chat = client.session("errors-1");
    await chat.receiveUserMessage("m1", "hi");
    const message = { type: "user_message_received", v: 1, data: { messageId: "m2", content: [{ type: "text", text: "x" }] } };
    const conflict = await chat.append([message], { expectedSequence: 7 }).then(() => undefined, (error) => error);
    assert.ok(conflict instanceof WrongExpectedSequenceError, String(conflict));
    assert.equal(conflict.expected, 7);
    assert.equal(conflict.actual, 2);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.problemType, "wrong-expected-sequence");
    await assert.rejects(chat.append([{ type: "telepathy_received", v: 1, data: {} }]), InvalidEventError);
    await assert.rejects(client.session("nobody").transcript(), NotFoundError);
    const stranger = new SessionlogClient({ baseUrl: server.url, token: "not-the-token-at-all" });
    await assert.rejects(stranger.session("errors-1").readLast(1), UnauthorizedError);
    await assert.rejects(stranger.session("errors-1").tail().next(), UnauthorizedError);
    assert.equal((await chat.summary()).lastSequence, 2, "a refused request stored something");
  });

  test("the store-wide tail resumes from a cursor with nothing repeated", async () => {
    await client.session("cursor-a").receiveUserMessage("a1", "a");
    const seen = [];
    let cursor;
    for await (const item of client.tail()) {
      seen.push(`${item.event.sessionId}:${item.event.sequence}`);
      cursor = item.cursor;
      if (item.event.sessionId === "cursor-a" && item.event.sequence === 2) {
        break;
      }
    }
    await client.session("cursor-b").receiveUserMessage("b1", "b");
    const resumed = [];
    for await (const item of client.tail(cursor)) {
      resumed.push(`${item.event.sessionId}:${item.event.sequence}`);
      if (item.event.sessionId === "cursor-b" && item.event.sequence === 2) {
        break;
      }
    }
    assert.deepEqual(resumed, ["cursor-b:1", "cursor-b:2"]);
    assert.ok(seen.includes("cursor-a:1"));
  });

  test("the example gateway runs a conversation, a provider failure and its notice", async () => {
    const example = fileURLToPath(new URL("../../../examples/typescript-gateway/gateway.js", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [example, server.url, server.token, "example-1"]);
    assert.match(stdout, /assistant: /);
    assert.match(stdout, /notice: Model API quota exceeded, try again later\./);
    const notices = await client.session("example-1").notices();
    assert.equal(notices.length, 1);
    assert.equal(notices[0].kind, "quota_exceeded");
  });
});

test("the seed scenario: quota 429, a hung call ended by the watchdog, a SIGKILL, a tail that loses nothing",
  { timeout: 90_000 }, async () => {
    const store = await temporaryStore();
    let server = await startServer(store.dir);
    try {
      const client = new SessionlogClient({ baseUrl: server.url, token: server.token, maxReconnectDelayMillis: 200 });
      const chat = client.session("telegram-123456789");
      const tailed = [];
      const stop = new AbortController();
      const tailing = (async () => {
        for await (const event of chat.tail(1, { signal: stop.signal })) {
          tailed.push(event);
        }
      })();

      await chat.receiveUserMessage("msg-1", "What's on my calendar today?");
      const call = await chat.startModelCall({ provider: "openai", model: "gpt-5", deadlineMillis: 60_000 });
      const failure = await call.fail({ status: 429, body: QUOTA_BODY });
      assert.equal(failure.kind, "quota_exceeded");
      assert.equal(failure.notice, "Model API quota exceeded, try again later.");
      const afterFailure = await chat.summary();
      assert.equal(afterFailure.provider, "openai", "the summary names the provider, kept after the failure");
      assert.equal(afterFailure.model, "gpt-5");

      const started = Date.now();
      const next = await chat.receiveUserMessage("msg-2", "Hello?");
      assert.equal(next.duplicate, false);
      assert.ok(Date.now() - started < 2_000, "the next message waited");
      const stored = (await chat.readLast(2))[0].event;
      assert.equal(stored.type, "model_call_failed");
      assert.ok(!stored.data.providerMessage.includes("sk-proj-abcdefghijklmnopqrstuvwxyz0123"), "the key was stored");

      const hung = await chat.startModelCall({ provider: "anthropic", model: "claude", deadlineMillis: 300 });
      await until(() => tailed.some((e) => e.event.type === "model_call_failed"
        && e.event.data.callId === hung.callId && e.event.data.kind === "timeout"), 15_000);
      await assert.rejects(hung.complete({ text: "too late" }), CallAlreadyEndedError);
      await chat.receiveUserMessage("msg-3", "Still there?");

      await server.kill();
      const port = server.port;
      await chat.readLast(1).then(() => assert.fail("the server is dead"), () => {});
      server = await startServer(store.dir, port);
      await chat.receiveUserMessage("msg-4", "After the crash");
      const last = (await chat.readLast(1))[0].sequence;
      await until(() => tailed.length > 0 && tailed[tailed.length - 1].sequence === last, 20_000);
      stop.abort();
      await tailing;

      assert.deepEqual(tailed.map((e) => e.sequence), Array.from({ length: last }, (_, i) => i + 1),
        "the tail lost or repeated events across the crash");
      const notices = await chat.notices();
      assert.deepEqual(notices.map((n) => n.kind), ["quota_exceeded", "timeout"]);
    } finally {
      await server.stop();
      await store.remove();
    }
  });

async function until(condition, millis) {
  const deadline = Date.now() + millis;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`not within ${millis} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
