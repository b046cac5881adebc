import type { Locator } from "@playwright/test";
import { expect, RuncastApi, test, uniqueName } from "./fixtures";
import { startRuncastServer, type RuncastServer } from "./server";

// A server of its own whose items take one to five seconds each (8 to 32
// tokens at 0.15 s), so an 8-row run, four items at a time, is visibly long.
const ROWS = 8;
let server: RuncastServer | undefined;
let experimentId = "";
let api: RuncastApi | undefined;

/** What one row of the runs table shows, read in one go. */
interface RowReading {
  status: string;
  done: number;
  tokens: number;
  duration: string;
}

async function read(row: Locator): Promise<RowReading> {
  return row.evaluate((tr) => {
    const cells = tr.querySelectorAll("td");
    return {
      status: tr.querySelector(".badge")?.textContent ?? "",
      done: Number(tr.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")),
      tokens: Number((cells[2]?.textContent ?? "").replace(/\D/g, "")),
      duration: cells[4]?.textContent ?? "",
    };
  });
}

test.beforeAll(async ({ playwright }) => {
  if (process.env.RUNCAST_E2E_SKIP) return;
  server = await startRuncastServer({ RUNCAST_SIMULATED_TOKEN_DELAY: "0.15", RUNCAST_SIMULATED_OUTPUT_TOKENS: "0" });
  const request = await playwright.request.newContext({ baseURL: server.baseURL });
  api = new RuncastApi(request);
  experimentId = await api.createExperiment(uniqueName("Slow greetings"), ROWS);
});

test.afterAll(async () => {
  await server?.stop();
});

test("the experiment page's runs table shows progress, tokens and duration moving during a run", async ({ page }) => {
  if (server === undefined || api === undefined) throw new Error("the slow server did not start");
  await page.goto(`${server.baseURL}/experiments/${experimentId}`);
  await expect(page.getByText("No runs yet.")).toBeVisible();

  // Started elsewhere: the row arrives through the live stream, not the page's own button.
  const runId = await api.startRun(experimentId);
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await expect(row.locator(".badge")).toHaveText("RUNNING", { timeout: 30_000 });

  // Three points mid-run, each after the table changed: more items done, more tokens, a longer duration.
  const points: RowReading[] = [await read(row)];
  for (let point = 1; point <= 3; point++) {
    const last = points.at(-1)!;
    await expect
      .poll(async () => {
        const now = await read(row);
        return now.done > last.done && now.duration !== last.duration;
      }, { timeout: 30_000 })
      .toBe(true);
    points.push(await read(row));
  }
  const midRun = points.slice(1).filter((reading) => reading.status === "RUNNING" && reading.done < ROWS);
  expect(midRun.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < points.length; i++) {
    expect(points[i]!.done).toBeGreaterThan(points[i - 1]!.done);
    expect(points[i]!.tokens).toBeGreaterThan(points[i - 1]!.tokens);
    expect(points[i]!.duration).not.toBe(points[i - 1]!.duration);
  }

  await expect(row.locator(".badge")).toHaveText("SUCCEEDED", { timeout: 45_000 });
  await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", String(ROWS));
});
