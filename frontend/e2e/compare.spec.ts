import type { Page } from "@playwright/test";
import { expect, saveScreenshot, test, uniqueName, type RuncastApi, type StoredComparison } from "./fixtures";

const CUSTOMERS = [
  { name: "Ada", topic: "refunds" },
  { name: "Alan", topic: "shipping" },
  { name: "Grace", topic: "invoices" },
  { name: "Linus", topic: "passwords" },
  { name: "Barbara", topic: "returns" },
  { name: "Ken", topic: "delivery times" },
];

/**
 * Two finished runs of one experiment whose answers differ: the second was
 * made after the model's answers were capped at 12 tokens.
 */
async function runsBeforeAndAfterATokenCap(api: RuncastApi): Promise<{ experimentId: string; before: string; after: string }> {
  const experimentId = await api.createExperimentFrom({
    name: uniqueName("Support replies"),
    prompt: "Answer {{name}} about {{topic}} in one short sentence.",
    rows: CUSTOMERS,
    assertions: [
      { kind: "MAX_TOKENS", value: "15" },
      { kind: "NOT_CONTAINS", value: "cost" },
    ],
  });
  const before = await api.finishedRun(experimentId);
  await api.setMaxTokens(experimentId, 12);
  const after = await api.finishedRun(experimentId);
  return { experimentId, before, after };
}

/** The tone a difference must be shown in, from the sign the API gave it. */
function toneOf(delta: number | null, higherIsBetter: boolean): string {
  if (delta === null) return "unknown";
  if (delta === 0) return "same";
  return delta > 0 === higherIsBetter ? "better" : "worse";
}

async function expectComparisonShown(page: Page, stored: StoredComparison): Promise<void> {
  const changed = stored.items.filter((item) => item.outputChanged).length;
  await expect(page.getByTestId("compare-counts")).toHaveText(`(${stored.items.length} · ${changed} outputs changed)`);
  const rows = page.locator("tbody tr[data-item-index]");
  await expect(rows).toHaveCount(stored.items.length);
  for (const item of stored.items) {
    const row = page.locator(`tr[data-item-index="${item.index}"]`);
    await expect(row).toHaveAttribute("data-changed", String(item.outputChanged));
    await expect(row.locator('[data-side="base"] .compare-table__text')).toHaveText(item.base?.output ?? "");
    await expect(row.locator('[data-side="other"] .compare-table__text')).toHaveText(item.other?.output ?? "");
  }
}

test.describe("comparing two runs", () => {
  test("a run picked on the run page is compared item by item and in aggregate", async ({ page, api }) => {
    const { before, after } = await runsBeforeAndAfterATokenCap(api);
    const stored = await api.compare(before, after);

    await page.goto(`/runs/${after}`);
    await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED");
    await page.getByLabel("Run to compare with").selectOption(before);
    await page.getByRole("button", { name: "Compare", exact: true }).click();

    await expect(page).toHaveURL(new RegExp(`/compare\\?base=${before}&other=${after}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Compare runs" })).toBeVisible();
    await expect(page.getByTestId("compare-base-run")).toContainText(before.slice(0, 8));
    await expect(page.getByTestId("compare-other-run")).toContainText(after.slice(0, 8));
    await expectComparisonShown(page, stored);

    // Shorter answers: every output changed, and the removed words are marked in the base column.
    expect(stored.items.every((item) => item.outputChanged)).toBe(true);
    await expect(page.locator('[data-side="base"] del').first()).toBeVisible();
    await expect(page.locator("tr.compare-row--changed")).toHaveCount(stored.items.length);

    // The aggregate differences carry the API's numbers and say which way they go.
    const outputTokens = page.getByTestId("compare-output-tokens");
    await expect(outputTokens.locator('[data-side="other"]')).toContainText(String(stored.other.outputTokens));
    await expect(outputTokens.locator('[data-side="base"]')).toContainText(String(stored.base.outputTokens));
    await expect(outputTokens.locator(".delta")).toHaveText(`−${Math.abs(stored.outputTokensDelta)}`);
    await expect(page.getByTestId("compare-pass-rate").locator(".delta")).toHaveAttribute("data-tone", toneOf(stored.passRateDelta, true));
    await expect(page.getByTestId("compare-cost").locator(".delta")).toHaveAttribute("data-tone", toneOf(stored.costDelta, false));

    await page.setViewportSize({ width: 1280, height: 1150 });
    await saveScreenshot(page, "compare");

    // Swapping measures the first run against the second.
    await page.getByRole("link", { name: "⇄ Swap" }).click();
    await expect(page).toHaveURL(new RegExp(`/compare\\?base=${after}&other=${before}$`));
    await expect(outputTokens.locator(".delta")).toHaveText(`+${Math.abs(stored.outputTokensDelta)}`);
  });

  test("a rerun compares with its parent, and the same config gives the same outputs", async ({ page, api }) => {
    const experimentId = await api.createExperimentFrom({ name: uniqueName("Rerun"), rows: CUSTOMERS.slice(0, 3) });
    const parent = await api.finishedRun(experimentId);

    await page.goto(`/runs/${parent}`);
    await page.getByRole("button", { name: "Rerun all" }).click();
    await expect(page).not.toHaveURL(new RegExp(`/runs/${parent}$`));
    await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED", { timeout: 30_000 });
    const rerun = page.url().split("/").pop() ?? "";
    await expect(page.getByText(`a rerun of run ${parent.slice(0, 8)}`)).toBeVisible();

    await page.getByRole("link", { name: "Compare with parent" }).click();
    await expect(page).toHaveURL(new RegExp(`/compare\\?base=${parent}&other=${rerun}$`));
    await expect(page.getByText("the run it reran")).toBeVisible();
    const stored = await api.compare(parent, rerun);
    expect(stored.items.some((item) => item.outputChanged)).toBe(false);
    await expectComparisonShown(page, stored);
    await expect(page.locator("tr.compare-row--changed")).toHaveCount(0);
    await page.getByLabel("Only changed outputs").check();
    await expect(page.getByText("No output changed.")).toBeVisible();
  });
});
