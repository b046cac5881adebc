import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const FRONTEND = resolve(import.meta.dirname, "..");
const REPO = resolve(FRONTEND, "..");
const STARTUP_TIMEOUT_MS = 60_000;

/** A `runcast serve` of its own: where it answers, and how to stop it. */
export interface RuncastServer {
  baseURL: string;
  stop(): Promise<void>;
}

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

function runcastCommand(): [string, string[]] {
  const venv = join(REPO, ".venv", "bin", "runcast");
  return existsSync(venv) ? [venv, []] : ["uv", ["run", "--frozen", "runcast"]];
}

/**
 * Start `runcast serve` on a free loopback port with a fresh SQLite file,
 * serving this folder's dist/, and wait for /healthz. Runs take a visible
 * moment (slow simulated tokens); `env` adds or overrides settings.
 */
export async function startRuncastServer(env: Record<string, string> = {}): Promise<RuncastServer> {
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
      ...env,
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

  return {
    baseURL,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((done) => server.once("exit", done));
        server.kill("SIGTERM");
        const timeout = setTimeout(() => server.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timeout);
      }
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}
