import { seriousViolations } from "./axe";
import { expect, test, uniqueName } from "./fixtures";

test.describe("accessibility (axe: no serious or critical violations)", () => {
  test("experiments page", async ({ page, api }) => {
    await api.createExperiment(uniqueName("Accessible"), 2);
    await page.goto("/");
    await expect(page.locator("tbody tr").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("new experiment form, also with errors shown", async ({ page }) => {
    await page.goto("/experiments/new");
    await page.getByRole("button", { name: "+ Add assertion" }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Create experiment" }).click();
    await expect(page.getByTestId("experiment-name-error")).toBeVisible();
    await expect(page.getByTestId("experiment-assertion-0-error")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("experiment page", async ({ page, api }) => {
    const experimentId = await api.createExperiment(uniqueName("Accessible"), 2);
    await api.finishedRun(experimentId);
    await api.startRun(experimentId);
    await page.goto(`/experiments/${experimentId}`);
    await expect(page.locator("tr[data-run-id]")).toHaveCount(2);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("run page, live and finished", async ({ page, api }) => {
    const experimentId = await api.createExperimentFrom({
      name: uniqueName("Accessible"),
      rows: [{ name: "Ada" }, { name: "Alan" }, { name: "Grace" }, { name: "Linus" }, { name: "Ken" }],
      assertions: [{ kind: "CONTAINS", value: "the" }],
    });
    const runId = await api.startRun(experimentId);
    await page.goto(`/runs/${runId}`);
    await expect(page.getByRole("progressbar", { name: "Run progress" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED", { timeout: 45_000 });
    await expect(page.locator(".assertion-result").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("compare page", async ({ page, api }) => {
    const experimentId = await api.createExperimentFrom({
      name: uniqueName("Accessible"),
      rows: [{ name: "Ada" }, { name: "Alan" }, { name: "Grace" }],
      assertions: [{ kind: "MAX_TOKENS", value: "15" }],
    });
    const base = await api.finishedRun(experimentId);
    await api.setMaxTokens(experimentId, 10);
    const other = await api.finishedRun(experimentId);
    await page.goto(`/compare?base=${base}&other=${other}`);
    await expect(page.locator("tr.compare-row--changed")).toHaveCount(3);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
