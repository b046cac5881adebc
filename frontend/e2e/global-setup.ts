import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { missingBrowserReason } from "./chromium";

const FRONTEND = resolve(import.meta.dirname, "..");
const REPO = resolve(FRONTEND, "..");
const STARTUP_TIMEOUT_MS = 60_000;

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`runcast serve exited with ${server.exitCode}:\n${readFileSync(log, "utf8")}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`runcast serve did not answer ${url} within ${STARTUP_TIMEOUT_MS} ms:\n${readFileSync(log, "utf8")}`);
}

/** Whether this is a CI build (CI set to anything but empty, "0" or "false"). */
function onCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

function runcastCommand(): [string, string[]] {
  const venv = join(REPO, ".venv", "bin", "runcast");
  return existsSync(venv) ? [venv, []] : ["uv", ["run", "--frozen", "runcast"]];
}

/**
 * Start `runcast serve` on a free port with a fresh SQLite file and slow
 * simulated tokens (so runs take a visible moment), wait for /healthz, and
 * hand its URL to the tests. Returns the teardown that stops it. Without a
 * browser to test in, fails on CI and otherwise has every test skipped.
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

  const port = await freePort();
  const workdir = mkdtempSync(join(tmpdir(), "runcast-e2e-"));
  const log = join(workdir, "server.log");
  const output = openSync(log, "a");
  const [command, prefix] = runcastCommand();
  const server = spawn(command, [...prefix, "serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: REPO,
    env: {
      ...process.env,
      RUNCAST_DATABASE_URL: `sqlite+aiosqlite:///${join(workdir, "e2e.db")}`,
      RUNCAST_SIMULATED_TOKEN_DELAY: "0.05",
      RUNCAST_SIMULATED_OUTPUT_TOKENS: "20",
      RUNCAST_FRONTEND_DIR: join(FRONTEND, "dist"),
      RUNCAST_LOG_LEVEL: "warning",
    },
    stdio: ["ignore", output, output],
  });

  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${baseURL}/healthz`, server, log);
  } catch (error) {
    server.kill("SIGKILL");
    throw error;
  }
  process.env.RUNCAST_E2E_BASE_URL = baseURL;

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((done) => server.once("exit", done));
      server.kill("SIGTERM");
      const timeout = setTimeout(() => server.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timeout);
    }
    rmSync(workdir, { recursive: true, force: true });
  };
}
