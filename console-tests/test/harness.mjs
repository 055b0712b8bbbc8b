// What the console's browser tests share: a real `sessionlog serve` (the jar the Maven build made,
// started through bin/sessionlog), the seed scenario appended through the HTTP API, and headless
// Chromium from the system (Debian's chromium package) driven by playwright-core, which never
// downloads a browser of its own.
import { spawn } from "node:child_process";
import net from "node:net";
import { access, constants, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const launcher = fileURLToPath(new URL("../../bin/sessionlog", import.meta.url));

/** Where Chromium is, or why the browser tests cannot run here. */
export async function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return { executablePath: candidate };
    } catch {
      // the next one
    }
  }
  return { skip: `no Chromium found (looked at ${candidates.join(", ")}): install Debian's chromium package `
    + "(apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH" };
}

/**
 * Headless Chromium on a fresh profile (its own --user-data-dir, which playwright passes for a
 * persistent context), with nothing that reaches the network by itself. `fresh()` gives a page with
 * no cookies: a browser that never signed in.
 */
export async function launchChromium(executablePath, viewport = { width: 1280, height: 900 }) {
  const { chromium } = await import("playwright-core");
  const profile = await mkdtemp(path.join(tmpdir(), "sessionlog-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    async fresh() {
      await context.clearCookies();
      for (const open of context.pages()) await open.close();
      return context.newPage();
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Flips one bit of the first occurrence of `text` in the store's day files (`*.cq4`): a record
 * whose checksum fails, between intact ones, as the store's own damage tests make one.
 */
export async function flipFirstByteOf(store, text) {
  const needle = Buffer.from(text, "utf8");
  for (const entry of await readdir(store, { recursive: true })) {
    if (!entry.endsWith(".cq4")) continue;
    const file = path.join(store, entry);
    const bytes = await readFile(file);
    const at = bytes.indexOf(needle);
    if (at >= 0) {
      bytes[at] ^= 0x01;
      await writeFile(file, bytes);
      return;
    }
  }
  throw new Error(`no day file of ${store} holds ${text}`);
}

export async function temporaryStore() {
  const dir = await mkdtemp(path.join(tmpdir(), "sessionlog-console-"));
  return { dir: path.join(dir, "store"), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts `sessionlog <command>` (serve or console) on `store`; resolves once it listens, with its
 * address, the one-time sign-in link it printed, and the token (serve only).
 */
export async function startServer(store, command = "serve") {
  const child = spawn(launcher, ["--store", store, command, "--bind", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const { url, link } = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${command} did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const listening = /listening on (http:\/\/\S+) /.exec(out);
      const signIn = /console: (http:\/\/\S+) /.exec(out);
      if (listening && signIn) {
        clearTimeout(timer);
        resolve({ url: listening[1], link: signIn[1] });
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  const token = command === "serve" ? (await readFile(path.join(store, "http-token"), "utf8")).trim() : null;
  return {
    url,
    link,
    token,
    api: token ? api(url, token) : null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * A TCP proxy to `url` on a free loopback port whose connections the test can cut, as a flaky
 * network or a restarting load balancer would: `dropAll()` destroys every open connection.
 */
export async function cuttableProxy(url) {
  const target = new URL(url);
  const sockets = new Set();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      this.dropAll();
      return new Promise((resolve) => proxy.close(resolve));
    },
  };
}

/** A small client of the HTTP API with the bearer token. */
export function api(url, token) {
  async function call(method, route, body) {
    const response = await fetch(url + route, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text);
  }
  return { get: (route) => call("GET", route), post: (route, body) => call("POST", route, body) };
}

export const HOSTILE = "<img src=x onerror=\"window.__xss=1\">";
export const SECRET = "sk-proj-Zx81Qw72Lk93Mn04Pv65Rt17Yu28";

const started = (key, agentId = "main") => ({ type: "session_started", v: 1,
  data: { sessionKey: key, agentId, channel: "telegram", reason: "initial" } });

/**
 * The seed scenario: a quota failure (its raw body holding an API key), a rate limit, a hung call
 * that the store's watchdog ends with a timeout, and a session whose key and message are markup.
 */
export async function seed(client) {
  await client.post("/v1/sessions/s-quota/events", { expectedSequence: "none", events: [started("agent:main:telegram:direct:1001")] });
  await client.post("/v1/sessions/s-quota/messages", { messageId: "q1", text: "What is the weather in Oslo?" });
  await client.post("/v1/sessions/s-quota/calls", { callId: "q-call", provider: "openai", model: "gpt-5", deadlineMillis: 60_000 });
  await client.post("/v1/sessions/s-quota/calls/q-call/fail", { provider: "openai", status: 429,
    body: { error: { type: "insufficient_quota", code: "insufficient_quota",
      message: `You exceeded your current quota, please check your plan and billing details. Authorization: Bearer ${SECRET}` } } });
  await client.post("/v1/sessions/s-quota/messages", { messageId: "q2", text: "Hello again?" });

  await client.post("/v1/sessions/s-rate/events", { expectedSequence: "none", events: [started("agent:main:telegram:direct:1002")] });
  await client.post("/v1/sessions/s-rate/messages", { messageId: "r1", text: "Tell me a joke" });
  await client.post("/v1/sessions/s-rate/calls", { callId: "r-call", provider: "anthropic", model: "claude-sonnet-4-6", deadlineMillis: 60_000 });
  await client.post("/v1/sessions/s-rate/calls/r-call/fail", { provider: "anthropic", status: 429, retryAfterMillis: 30_000,
    body: { type: "error", error: { type: "rate_limit_error", message: "Number of requests has exceeded your rate limit" } } });
  await client.post("/v1/sessions/s-rate/calls", { callId: "r-call-2", provider: "anthropic", model: "claude-sonnet-4-6", deadlineMillis: 60_000 });
  await client.post("/v1/sessions/s-rate/calls/r-call-2/complete", { content: [{ type: "text", text: "Why did the log never lock? It only appends." }],
    usage: { inputTokens: 12, outputTokens: 9, totalTokens: 21 }, stopReason: "stop" });

  await client.post("/v1/sessions/s-hung/events", { expectedSequence: "none", events: [started("agent:main:telegram:direct:1003")] });
  await client.post("/v1/sessions/s-hung/messages", { messageId: "h1", text: "Summarise this long document" });
  await client.post("/v1/sessions/s-hung/calls", { callId: "h-call", provider: "google", model: "gemini-2.5-pro", deadlineMillis: 300 });

  await client.post("/v1/sessions/s-hostile/events", { expectedSequence: "none", events: [started(`agent:${HOSTILE}`, HOSTILE)] });
  await client.post("/v1/sessions/s-hostile/messages", { messageId: "x1", text: HOSTILE });

  // the watchdog ends the hung call once its deadline has passed (it looks about every second)
  for (let i = 0; i < 100; i++) {
    const summary = await client.get("/v1/sessions/s-hung");
    if (summary.openCalls === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the watchdog did not end the hung call within 10 s");
}
