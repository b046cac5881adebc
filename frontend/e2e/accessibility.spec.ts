import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, uniqueName } from "./fixtures";

/** Serious and critical axe violations of the page as it is now. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(" ")) }));
}

test.describe("accessibility (axe: no serious or critical violations)", () => {
  let experimentId: string;
  let runId: string;

  test.beforeAll(async ({ api }) => {
    experimentId = await api.createExperiment(uniqueName("Accessible"), 3);
    runId = await api.startRun(experimentId);
  });

  test("experiments page", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("tbody tr").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("new experiment form, also with errors shown", async ({ page }) => {
    await page.goto("/experiments/new");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Create experiment" }).click();
    await expect(page.getByTestId("experiment-name-error")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("experiment page", async ({ page }) => {
    await page.goto(`/experiments/${experimentId}`);
    await expect(page.locator("tr[data-run-id]").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("run page, live and finished", async ({ page }) => {
    await page.goto(`/runs/${runId}`);
    await expect(page.getByRole("progressbar", { name: "Run progress" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED", { timeout: 45_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
