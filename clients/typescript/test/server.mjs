// Starts a real `sessionlog serve` (the jar the Maven build produced, through bin/sessionlog, which
// passes the JVM flags Chronicle needs) on a store directory, and stops or kills it.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const launcher = fileURLToPath(new URL("../../../bin/sessionlog", import.meta.url));

export async function temporaryStore() {
  const dir = await mkdtemp(path.join(tmpdir(), "sessionlog-ts-"));
  return { dir: path.join(dir, "store"), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts serve on `store`, on a free port or `port`; resolves once it listens. */
export async function startServer(store, port = 0) {
  const child = spawn(launcher, ["--store", store, "serve", "--bind", `127.0.0.1:${port}`],
    { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const listening = /listening on (http:\/\/\S+) /.exec(out);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  const token = (await readFile(path.join(store, "http-token"), "utf8")).trim();
  return {
    url,
    token,
    port: Number(new URL(url).port),
    /** SIGKILL: the process dies at once, as in a crash. */
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    /** SIGTERM: the server and store close cleanly. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
      }
      await exited;
    },
  };
}
