// Measures the web console in headless Chromium on loopback:
//   npm run measure        (needs the jar: mvn -B -q -pl replay -am package -DskipTests, and Chromium)
// 1. first load: a browser with an empty cache opens the sign-in link; bytes transferred (headers and
//    bodies of every request) and the time until the session list is on screen, on a store of the
//    seed scenario plus 1,000 sessions;
// 2. a session page of 50,000 events against one of 5: bytes and time until its timeline page and
//    its transcript are on screen.
// Prints the median of RUNS runs of each, as a Markdown table.
import { findChromium, launchChromium, seed, startServer, temporaryStore } from "../test/harness.mjs";

const RUNS = 5;
const EXTRA_SESSIONS = 1_000;
const BIG = 50_000;

const found = await findChromium();
if (found.skip) {
  console.error(found.skip);
  process.exit(1);
}
const store = await temporaryStore();
const server = await startServer(store.dir);
const chromium = await launchChromium(found.executablePath);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `navigate` on a page with an empty cache; the bytes of every request it made and the time it took. */
async function measure(page, navigate) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.clearBrowserCache");
  let bytes = 0;
  let requests = 0;
  const finished = (event) => { bytes += event.encodedDataLength; requests += 1; };
  cdp.on("Network.loadingFinished", finished);
  const started = performance.now();
  await navigate();
  const millis = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the last loadingFinished events arrive
  cdp.off("Network.loadingFinished", finished);
  await cdp.detach();
  return { bytes, requests, millis };
}

try {
  await seed(server.api);
  for (let i = 0; i < EXTRA_SESSIONS; i++) {
    await server.api.post(`/v1/sessions/extra-${i}/events`, { expectedSequence: "none", events: [
      { type: "session_started", v: 1, data: { sessionKey: `agent:main:telegram:direct:${20_000 + i}`, reason: "initial" } },
      { type: "user_message_received", v: 1, data: { messageId: `m-${i}`, content: [{ type: "text", text: `hello ${i}` }] } }] });
  }
  await server.api.post("/v1/sessions/s-big/events", { expectedSequence: "none", events: [
    { type: "session_started", v: 1, data: { sessionKey: "agent:main:telegram:direct:big", reason: "initial" } }] });
  for (let batch = 0; batch * 1_000 < BIG - 1; batch++) {
    const events = [];
    for (let i = batch * 1_000; i < Math.min((batch + 1) * 1_000, BIG - 1); i++) {
      events.push({ type: "user_message_received", v: 1,
        data: { messageId: `big-${i}`, content: [{ type: "text", text: `message ${i} of a long session, about sixty bytes of text` }] } });
    }
    await server.api.post("/v1/sessions/s-big/events", { expectedSequence: "any", events });
  }
  const big = await server.api.get("/v1/sessions/s-big");
  if (big.lastSequence !== BIG) throw new Error(`s-big has ${big.lastSequence} events`);

  const firstLoads = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await chromium.fresh();
    const link = run === 0 ? server.link : null;
    firstLoads.push(await measure(page, async () => {
      if (link) {
        await page.goto(link);
      } else {
        await page.goto(`${server.url}/`);
        await page.getByLabel("Token").fill(server.token);
        await page.getByRole("button", { name: "Sign in" }).click();
      }
      await page.locator("table.sessions tbody tr").nth(49).waitFor();
    }));
  }

  const sessionPages = {};
  for (const [name, id] of [["5 events", "s-quota"], ["50,000 events", "s-big"]]) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await chromium.fresh();
      await page.goto(`${server.url}/`);
      await page.getByLabel("Token").fill(server.token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.locator("table.sessions").waitFor();
      runs.push(await measure(page, async () => {
        await page.goto(`${server.url}/#/session/${id}`);
        await page.getByRole("heading", { name: `Session ${id}` }).waitFor();
        await page.locator("ol.transcript li").first().waitFor();
        await page.locator("ol.timeline li").last().waitFor();
      }));
    }
    sessionPages[name] = runs;
  }

  const apiTimes = {};
  for (const route of ["/events?from=49901&limit=100", "/projections/transcript?last=200", "/projections/status",
    "/projections/notices", "/calls"]) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await server.api.get(`/v1/sessions/s-big${route}`);
      runs.push(performance.now() - started);
    }
    apiTimes[route] = Math.round(median(runs));
  }

  const row = (what, runs) => `| ${what} | ${median(runs.map((r) => r.requests))} | ${Math.round(median(runs.map((r) => r.bytes)) / 1024 * 10) / 10} KiB | ${Math.round(median(runs.map((r) => r.millis)))} ms |`;
  console.log(`| page (median of ${RUNS}, empty cache) | requests | bytes transferred | time to content |`);
  console.log("|---|---|---|---|");
  console.log(row(`first load: sign-in to the session list (${EXTRA_SESSIONS + 4} sessions, 50 shown)`, firstLoads));
  for (const [name, runs] of Object.entries(sessionPages)) console.log(row(`a session page of ${name}`, runs));
  console.log("");
  console.log(`| request of the 50,000-event session page (median of ${RUNS}, from Node) | time |`);
  console.log("|---|---|");
  for (const [route, millis] of Object.entries(apiTimes)) console.log(`| \`GET /v1/sessions/s-big${route}\` | ${millis} ms |`);
} finally {
  await chromium.close();
  await server.stop();
  await store.remove();
}
