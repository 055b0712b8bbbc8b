// Screenshots of the console's main pages on the seed scenario, for the README:
//   npm run screenshots            (writes ../docs/console/*.png)
// Needs the jar (mvn -B -q -pl replay -am package -DskipTests) and Chromium.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { findChromium, launchChromium, seed, startServer, temporaryStore } from "../test/harness.mjs";

const out = fileURLToPath(new URL("../../docs/console/", import.meta.url));
const found = await findChromium();
if (found.skip) {
  console.error(found.skip);
  process.exit(1);
}
await mkdir(out, { recursive: true });
const store = await temporaryStore();
const server = await startServer(store.dir);
const chromium = await launchChromium(found.executablePath);
try {
  await seed(server.api);
  const page = await chromium.fresh();
  await page.goto(`${server.url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.screenshot({ path: `${out}sign-in.png` });
  await page.goto(server.link);
  await page.getByRole("heading", { name: "Sessions" }).waitFor();
  await page.locator("table.sessions").waitFor();
  await page.screenshot({ path: `${out}sessions.png`, fullPage: true });
  await page.goto(`${server.url}/#/session/s-quota`);
  await page.locator("ol.timeline li").first().waitFor();
  await page.locator("ol.transcript li").first().waitFor();
  await page.screenshot({ path: `${out}session.png`, fullPage: true });
  await page.goto(`${server.url}/#/health`);
  await page.getByRole("heading", { name: "Store health" }).waitFor();
  await page.getByRole("button", { name: "Check every record" }).click();
  await page.getByRole("status").filter({ hasText: "No problem found" }).waitFor();
  await page.screenshot({ path: `${out}health.png`, fullPage: true });
  console.log(`screenshots in ${out}`);
} finally {
  await chromium.close();
  await server.stop();
  await store.remove();
}
