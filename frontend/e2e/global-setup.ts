import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { missingBrowserReason } from "./chromium";
import { startRuncastServer } from "./server";

const FRONTEND = resolve(import.meta.dirname, "..");

/** Whether this is a CI build (CI set to anything but empty, "0" or "false"). */
function onCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

/**
 * Start `runcast serve` (see startRuncastServer) and hand its URL to the
 * tests. Returns the teardown that stops it. Without a browser to test in,
 * fails on CI and otherwise has every test skipped.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const missingBrowser = missingBrowserReason();
  if (missingBrowser) {
    // On CI a missing browser must fail the build, never pass it silently.
    if (onCi()) throw new Error(`${missingBrowser} The end-to-end tests cannot run.`);
    console.warn(`\nSkipping the end-to-end tests: ${missingBrowser}\n`);
    process.env.RUNCAST_E2E_SKIP = missingBrowser;
    return async () => undefined;
  }
  if (process.env.RUNCAST_E2E_BASE_URL) return async () => undefined;

  if (!existsSync(join(FRONTEND, "dist", "index.html")) || !existsSync(join(FRONTEND, "dist", "graphiql.html"))) {
    throw new Error("frontend/dist is missing: run `npm run build` first (`npm run e2e` does).");
  }

  const server = await startRuncastServer();
  process.env.RUNCAST_E2E_BASE_URL = server.baseURL;
  return () => server.stop();
}
