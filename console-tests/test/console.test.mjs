// The web console in headless Chromium against a real `sessionlog serve` holding the seed
// scenario. Skips, saying why, only when no Chromium is installed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { HOSTILE, SECRET, cuttableProxy, findChromium, flipFirstByteOf, launchChromium, seed, startServer, temporaryStore }
  from "./harness.mjs";

const found = await findChromium();
if (found.skip) console.log(`# console browser tests skipped: ${found.skip}`);

describe("the web console", { skip: found.skip }, () => {
  let store;
  let server;
  let chromium;
  const requested = [];
  const ownOrigins = new Set();

  before(async () => {
    store = await temporaryStore();
    server = await startServer(store.dir);
    ownOrigins.add(server.url);
    await seed(server.api);
    chromium = await launchChromium(found.executablePath);
    chromium.context.on("request", (request) => requested.push(request.url()));
  });

  after(async () => {
    await chromium?.close();
    await server?.stop();
    await store?.remove();
  });

  /** A browser signed in through the one-time link serve printed (once: the code is spent then). */
  async function signedInByLink() {
    const page = await chromium.fresh();
    await page.goto(server.link);
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    assert.ok(!page.url().includes("sign-in="), "the code leaves the address bar");
    return page;
  }

  async function signInWithToken(page) {
    await page.goto(`${server.url}/`);
    await page.getByLabel("Token").fill(server.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
  }

  test("the printed one-time link signs in, and the index lists the sessions newest first", async () => {
    const page = await signedInByLink();
    const rows = page.locator("table.sessions tbody tr");
    await rows.first().waitFor();
    const ids = await page.locator("table.sessions tbody th").allTextContents();
    const summaries = await Promise.all(["s-quota", "s-rate", "s-hung", "s-hostile"]
      .map((id) => server.api.get(`/v1/sessions/${id}`)));
    const newestFirst = summaries.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((s) => s.sessionId);
    assert.deepEqual(ids, newestFirst);
    assert.match(await rows.filter({ hasText: "s-quota" }).textContent(), /quota exceeded/);
    assert.match(await rows.filter({ hasText: "s-hung" }).textContent(), /timeout/);
  });

  test("the index filters by provider from a labelled field, by keyboard, and shows each session's provider", async () => {
    const page = await chromium.fresh();
    await signInWithToken(page);
    await page.locator("table.sessions tbody tr").first().waitFor();
    assert.match(await page.locator("table.sessions tbody tr", { hasText: "s-hung" }).textContent(), /google/);
    const provider = page.getByLabel("Provider");
    await provider.focus();
    await page.keyboard.type("anthropic");
    await page.keyboard.press("Enter");
    await page.waitForURL(/provider=anthropic/);
    await page.locator("table.sessions caption", { hasText: "1 shown" }).waitFor();
    assert.deepEqual(await page.locator("table.sessions tbody th").allTextContents(), ["s-rate"]);
    assert.equal(await page.getByLabel("Provider").inputValue(), "anthropic", "the field keeps the filter");
    await page.goto(`${server.url}/#/sessions?provider=nobody`);
    await page.getByText("No session matches.").waitFor();
  });

  test("the health page runs the record checks only when asked, and shows that every record is readable", async () => {
    const page = await chromium.fresh();
    const checksAsked = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/v1/store/checks") checksAsked.push(request.url());
    });
    await signInWithToken(page);
    await page.goto(`${server.url}/#/health`);
    await page.getByRole("heading", { name: "Record checks" }).waitFor();
    await page.locator("#checks-status", { hasText: "Not run yet" }).waitFor();
    assert.deepEqual(checksAsked, [], "a page load never runs the checks");
    await page.getByRole("button", { name: "Check every record" }).focus();
    await page.keyboard.press("Enter");
    const status = page.getByRole("status").filter({ hasText: "No problem found" });
    await status.waitFor();
    assert.match(await status.textContent(), /\d+ session\(s\), \d+ event\(s\) checked/);
    assert.equal(checksAsked.length, 1);
    assert.equal(await page.locator("table.checks").count(), 0, "no findings table for a healthy store");
  });

  test("the record checks of a store with a damaged record list each problem with where and what", async () => {
    const damagedText = "this message will be damaged";
    const damaged = await temporaryStore();
    try {
      const writer = await startServer(damaged.dir);
      try {
        for (const [id, text] of [["d1", "first"], ["d2", damagedText], ["d3", "after the damage"]]) {
          await writer.api.post("/v1/sessions/s-damaged/messages", { messageId: id, text });
        }
      } finally {
        await writer.stop();
      }
      await flipFirstByteOf(damaged.dir, damagedText);
      const reader = await startServer(damaged.dir, "console");
      ownOrigins.add(reader.url);
      try {
        const page = await chromium.fresh();
        await page.goto(reader.link);
        await page.getByRole("heading", { name: "Sessions" }).waitFor();
        await page.goto(`${reader.url}/#/health`);
        await page.getByRole("button", { name: "Check every record" }).click();
        await page.getByRole("status").filter({ hasText: "problem(s) found" }).waitFor();
        const rows = page.locator("table.checks tbody tr");
        assert.ok(await rows.count() >= 2, await page.locator("main").textContent());
        assert.match(await rows.nth(0).textContent(), /record.*\.cq4 at byte \d+.*checksum/s);
        const gap = rows.filter({ hasText: "s-damaged" });
        assert.match(await gap.first().textContent(), /event.*s-damaged.*sequences 3 to 3 of session s-damaged are missing/s);
      } finally {
        await reader.stop();
      }
    } finally {
      await damaged.remove();
    }
  });

  test("a spent or wrong sign-in code shows the sign-in page and reaches no data", async () => {
    const apiAnswers = [];
    for (const code of [new URL(server.link).hash.slice("#sign-in=".length), "not-a-code"]) {
      const page = await chromium.fresh();
      page.on("response", (response) => {
        if (new URL(response.url()).pathname.startsWith("/v1/")) apiAnswers.push([response.url(), response.status()]);
      });
      await page.goto(`${server.url}/#sign-in=${code}`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.getByRole("alert").filter({ hasText: "unknown, used or expired" }).waitFor();
      assert.doesNotMatch(await page.content(), /s-quota|s-rate|agent:main/);
    }
    assert.ok(apiAnswers.length > 0);
    for (const [url, status] of apiAnswers) assert.equal(status, 401, url);
  });

  test("a missing or wrong token shows the sign-in page and reaches no data", async () => {
    const page = await chromium.fresh();
    const statuses = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.startsWith("/v1/")) statuses.push(response.status());
    });
    await page.goto(`${server.url}/#/session/s-quota`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Token").fill("wrong-token-of-enough-length");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "not the server's token" }).waitFor();
    assert.doesNotMatch(await page.content(), /s-quota|quota exceeded|weather/);
    assert.deepEqual([...new Set(statuses)], [401]);
  });

  test("the session page shows each failure with its kind and user notice, never the raw provider body", async () => {
    const page = await chromium.fresh();
    await signInWithToken(page);
    for (const session of ["s-quota", "s-rate", "s-hung"]) {
      const notices = (await server.api.get(`/v1/sessions/${session}/projections/notices`)).notices;
      assert.ok(notices.length > 0, session);
      await page.goto(`${server.url}/#/session/${session}`);
      await page.getByRole("heading", { name: `Session ${session}` }).waitFor();
      const failures = page.locator("ol.timeline li.event.failed");
      await failures.first().waitFor();
      assert.equal(await failures.count(), notices.length, session);
      for (const [i, notice] of notices.entries()) {
        const text = await failures.nth(i).textContent();
        assert.ok(text.includes("Failed"), "the failure says so in words, not only in colour");
        assert.ok(text.includes(notice.kind.replaceAll("_", " ")), `${session}: ${notice.kind}`);
        assert.ok(text.includes(notice.text), `${session}: ${notice.text}`);
      }
      const content = await page.content();
      assert.ok(!content.includes(SECRET), "the provider's key never reaches the page");
    }
    await page.goto(`${server.url}/#/session/s-quota`);
    await page.getByRole("heading", { name: "Session s-quota" }).waitFor();
    assert.match(await page.locator("ol.timeline").textContent(), /Model API quota exceeded, try again later\./);
    assert.match(await page.locator("ol.timeline").textContent(), /\[REDACTED\]/);
  });

  test("moving the time-travel slider changes the transcript", async () => {
    const page = await chromium.fresh();
    await signInWithToken(page);
    await page.goto(`${server.url}/#/session/s-quota`);
    const transcript = page.locator("ol.transcript");
    await transcript.getByText("Hello again?").waitFor();
    const slider = page.getByLabel("Sequence");
    await slider.focus();
    await page.keyboard.press("Home"); // sequence 1: only the session's start
    await transcript.getByText("the transcript is empty here").waitFor();
    await page.keyboard.press("ArrowRight"); // sequence 2: the first message
    await transcript.getByText("What is the weather in Oslo?").waitFor();
    assert.doesNotMatch(await transcript.textContent(), /Hello again/);
    assert.match(await page.locator("#travel-at").textContent(), /at sequence 2 of 5/);
  });

  test("a message appended through the API appears in the open live tail within a second", async () => {
    const page = await chromium.fresh();
    await signInWithToken(page);
    await page.goto(`${server.url}/#/session/s-rate`);
    await page.getByRole("status").getByText("live").waitFor();
    const text = `tail check ${Date.now()}`;
    const sent = Date.now();
    await server.api.post("/v1/sessions/s-rate/messages", { messageId: `tail-${sent}`, text });
    await page.locator("ol.tail").getByText(text).waitFor({ timeout: 1_000 });
    const took = Date.now() - sent;
    assert.ok(took < 1_000, `shown after ${took} ms`);
  });

  test("the live tail resumes after a dropped connection, missing nothing and repeating nothing", async () => {
    const proxy = await cuttableProxy(server.url);
    ownOrigins.add(proxy.url);
    try {
      const page = await chromium.fresh();
      await page.goto(`${proxy.url}/`);
      await page.getByLabel("Token").fill(server.token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Sessions" }).waitFor();
      await page.goto(`${proxy.url}/#/session/s-quota`);
      await page.getByRole("status").getByText("live").waitFor();
      const tail = page.locator("ol.tail");
      await server.api.post("/v1/sessions/s-quota/messages", { messageId: "before-drop", text: "before the drop" });
      await tail.getByText("before the drop").waitFor({ timeout: 5_000 });
      proxy.dropAll();
      await server.api.post("/v1/sessions/s-quota/messages", { messageId: "during-drop", text: "while disconnected" });
      await tail.getByText("while disconnected").waitFor({ timeout: 10_000 });
      const items = await tail.locator("li .message").allTextContents();
      assert.deepEqual(items, ["before the drop", "while disconnected"]);
    } finally {
      await proxy.close();
    }
  });

  test("the console works from the keyboard and reflows at 200% zoom", async () => {
    const page = await chromium.fresh();
    await signInWithToken(page);
    await page.setViewportSize({ width: 640, height: 450 }); // a 1280x900 window at 200% zoom
    await page.locator("table.sessions").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 200% zoom`);
    await page.locator("table.sessions a", { hasText: "s-rate" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Session s-rate" }).waitFor();
    const focusedTexts = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      focusedTexts.push(await page.evaluate(() => document.activeElement?.getAttribute("id")
        ?? document.activeElement?.textContent?.trim().slice(0, 40)));
    }
    assert.ok(focusedTexts.includes("travel"), `the slider is reachable by Tab: ${focusedTexts}`);
    const noScroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(noScroll <= 0, `the session page scrolls sideways by ${noScroll} px at 200% zoom`);
    const utc = await page.locator("main time").first().getAttribute("title");
    assert.match(utc, /^\d{4}-\d{2}-\d{2}T.*Z \(UTC\)$/);
  });

  test("a hostile session key and message are shown as text and run nothing", async () => {
    const page = await chromium.fresh();
    await signInWithToken(page);
    const row = page.locator("table.sessions tbody tr", { hasText: "s-hostile" });
    await row.waitFor();
    assert.ok((await row.textContent()).includes(`agent:${HOSTILE}`));
    await page.goto(`${server.url}/#/session/s-hostile`);
    await page.getByRole("heading", { name: "Session s-hostile" }).waitFor();
    assert.ok((await page.locator("ol.timeline").textContent()).includes(HOSTILE));
    assert.equal(await page.locator("main img").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });

  test("every answer carries the strict content security policy, and the console asks only its own server", async () => {
    const response = await fetch(`${server.url}/`);
    const policy = response.headers.get("content-security-policy");
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("referrer-policy"), "no-referrer");
    assert.ok(requested.length > 10);
    for (const url of requested) assert.ok(ownOrigins.has(new URL(url).origin), url);
  });

  test("sessionlog console serves the same store read-only beside the writer, and refuses changes", async () => {
    const console = await startServer(store.dir, "console");
    ownOrigins.add(console.url);
    const before = (await server.api.get("/v1/sessions/s-quota")).lastSequence;
    try {
      const page = await chromium.fresh();
      await page.goto(console.link);
      await page.getByText("read-only store").waitFor();
      await page.locator("table.sessions tbody tr", { hasText: "s-quota" }).waitFor();
      const refused = await page.evaluate(async () => {
        const answer = await fetch("/v1/sessions/s-quota/messages", { method: "POST",
          headers: { "Content-Type": "application/json", "X-Sessionlog-Console": "1" },
          body: JSON.stringify({ messageId: "ro", text: "must not be stored" }) });
        return { status: answer.status, body: await answer.json() };
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.type, "https://sessionlog.dev/problems/forbidden");
      assert.equal((await server.api.get("/v1/sessions/s-quota")).lastSequence, before);
    } finally {
      await console.stop();
    }
  });

  test("ending a stuck call and deleting a session ask first and need the token's rights", async () => {
    await server.api.post("/v1/sessions/s-actions/messages", { messageId: "a1", text: "this one hangs" });
    await server.api.post("/v1/sessions/s-actions/calls", { callId: "stuck", provider: "openai", model: "gpt-5", deadlineMillis: 3_600_000 });
    const page = await chromium.fresh();
    await signInWithToken(page);
    assert.match(await page.locator("#access").textContent(), /may change/);
    await page.goto(`${server.url}/#/session/s-actions`);
    await page.getByRole("heading", { name: "Session s-actions" }).waitFor();
    assert.match(await page.locator("ul.open-calls").textContent(), /stuck: openai \/ gpt-5.*left to its deadline/s);

    page.once("dialog", (dialog) => dialog.dismiss());
    await page.getByRole("button", { name: "End call" }).click();
    await page.waitForTimeout(300);
    assert.equal((await server.api.get("/v1/sessions/s-actions")).openCalls, 1, "a dismissed confirmation changes nothing");

    const asked = new Promise((resolve) => page.once("dialog", (dialog) => { resolve(dialog.message()); dialog.accept(); }));
    await page.getByRole("button", { name: "End call" }).click();
    assert.match(await asked, /End call stuck\?/);
    await page.locator("section", { hasText: "Open model calls" }).getByText("None.").waitFor();
    const events = (await server.api.get("/v1/sessions/s-actions/events?last=1")).events;
    assert.equal(events[0].event.type, "model_call_failed");
    assert.equal(events[0].event.data.kind, "cancelled");

    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Delete session" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    await page.locator("table.sessions").waitFor();
    assert.doesNotMatch(await page.locator("table.sessions").textContent(), /s-actions/);
    await assert.rejects(server.api.get("/v1/sessions/s-actions"), /: 404 /, "a deleted session leaves the index");
  });
});

