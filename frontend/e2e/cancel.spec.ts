import { expect, RuncastApi, test, uniqueName } from "./fixtures";
import { startRuncastServer, type RuncastServer } from "./server";

// A server of its own whose answers are 256 tokens at 0.05 s, some thirteen
// seconds each: a cancel sent once output shows lands while every lane
// streams, never in the moment between one item and the next, when there is
// nothing streamed to keep.
let server: RuncastServer | undefined;
let api: RuncastApi | undefined;

test.beforeAll(async ({ playwright }) => {
  if (process.env.RUNCAST_E2E_SKIP) return;
  server = await startRuncastServer({ RUNCAST_SIMULATED_OUTPUT_TOKENS: "256" });
  api = new RuncastApi(await playwright.request.newContext({ baseURL: server.baseURL }));
});

test.afterAll(async () => {
  await server?.stop();
});

test("a running run can be cancelled and ends CANCELLED", async ({ page }) => {
  if (server === undefined || api === undefined) throw new Error("the slow server did not start");
  const experimentId = await api.createExperiment(uniqueName("Long"), 60);
  const runId = await api.startRun(experimentId);

  await page.goto(`${server.baseURL}/runs/${runId}`);
  const badge = page.locator(".run-title .badge");
  await expect(badge).toHaveText("RUNNING", { timeout: 30_000 });
  await expect(page.locator(".items-table__row--streaming .items-table__output .streaming").first()).toBeVisible();

  const cancel = page.getByRole("button", { name: "Cancel run" });
  await expect(cancel).toBeEnabled();
  await cancel.click();

  await expect(badge).toHaveText(/CANCELLING|CANCELLED/);
  await expect(badge).toHaveText("CANCELLED", { timeout: 30_000 });
  await expect(page.getByRole("button", { name: /Cancel/ })).toHaveCount(0);
  const bar = page.getByRole("progressbar", { name: "Run progress" });
  expect(Number(await bar.getAttribute("aria-valuenow"))).toBeLessThan(60);
  expect(await api.runStatus(runId)).toBe("CANCELLED");

  // The items cut short say so and keep what they had streamed; nothing is left pending.
  const stored = await api.items(runId);
  const cancelled = stored.filter((item) => item.status === "CANCELLED");
  expect(cancelled.length).toBeGreaterThan(0);
  await expect(page.getByTestId("stat-cancelled")).toHaveText(String(cancelled.length));
  await expect(page.getByTestId("stat-pending")).toHaveCount(0);
  await expect(page.getByTestId("stat-not-run")).toHaveText(String(stored.filter((item) => item.status === "PENDING").length));
  for (const item of cancelled) {
    const row = page.locator(`tr[data-item-index="${item.index}"]`);
    await expect(row.locator(".item-status")).toHaveText("Cancelled");
    if (item.output) await expect(row.locator(".items-table__output")).toHaveText(item.output);
  }
  expect(cancelled.some((item) => item.output)).toBe(true);
});
