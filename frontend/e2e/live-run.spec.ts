import { expect, saveScreenshot, test, uniqueName } from "./fixtures";
import { recorded, startRecording } from "./recorder";

const PEOPLE = [
  "Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Edsger", "Donald",
  "Frances", "John", "Margaret", "Dennis", "Radia", "Tim", "Guido", "Bjarne",
];
const TOTAL = String(PEOPLE.length);

test.describe("creating an experiment and watching a run", () => {
  test("the form creates an experiment, and runs stream to SUCCEEDED without a reload", async ({ page, api }) => {
    const name = uniqueName("Greetings");
    await page.goto("/");
    await page.getByRole("link", { name: "New experiment" }).first().click();

    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Description").fill("Created by the end-to-end test");
    await page.getByLabel("Prompt template").fill("Say hello to {{name}} in one sentence.");
    await page.getByLabel("Temperature").fill("0.2");
    await page.getByLabel("Max tokens").fill("64");
    // Sixteen rows of about a second each, four at a time: a run takes a few visible seconds.
    await page.getByLabel("Dataset").fill(["name,expected", ...PEOPLE.map((person) => `${person},`)].join("\n"));
    await expect(page.getByText(`${PEOPLE.length} rows read as CSV.`)).toBeVisible();
    await page.getByRole("button", { name: "+ Add assertion" }).click();
    await page.getByLabel("Assertion 1: the output").selectOption("MAX_TOKENS");
    await page.getByLabel("Assertion 1 value").fill("64");
    await page.getByRole("button", { name: "+ Add assertion" }).click();
    await page.getByLabel("Assertion 2: the output").selectOption("NOT_CONTAINS");
    await page.getByLabel("Assertion 2 value").fill("cost");
    await page.getByRole("button", { name: "Create experiment" }).click();

    await expect(page).toHaveURL(/\/experiments\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText(`Dataset (${PEOPLE.length} rows)`)).toBeVisible();
    await expect(page.locator(".details-list .assertion-result")).toHaveText(["output tokens at most 64", "does not contain “cost”"]);

    // Everything from here on must arrive live: mark the document to prove it never reloads.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await startRecording(page);

    await page.getByRole("button", { name: "Start run" }).click();
    const row = page.locator("tr[data-run-id]").first();
    await expect(row).toBeVisible();
    await expect(row.locator(".badge")).toHaveText(/PENDING|RUNNING/);

    // The experiment page's table follows the run to the end.
    await expect(row.locator(".badge")).toHaveText("SUCCEEDED", { timeout: 45_000 });
    await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", TOTAL);

    // A second run, watched on its own page from the start: asked of the model
    // again, not answered from the response cache the first run filled.
    await page.getByLabel("Response cache").selectOption("OFF");
    await page.getByRole("button", { name: "Start run" }).click();
    await page.getByRole("link", { name: /^run / }).click();
    await expect(page).toHaveURL(/\/runs\/[^/]+$/);
    const runId = page.url().split("/").pop() ?? "";
    const badge = page.locator(".run-title .badge");
    const bar = page.getByRole("progressbar", { name: "Run progress" });
    await expect(badge).toHaveText(/PENDING|RUNNING/);
    await expect(bar).toHaveAttribute("aria-valuemax", TOTAL);

    // Mid-run: some items done and checked, others still being written.
    await page.setViewportSize({ width: 1280, height: 1200 });
    await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    await expect(page.locator('tr[data-item-index="0"] .assertion-result')).toHaveCount(2);
    await expect(page.locator("tr[data-item-index] .streaming").first()).toBeVisible();
    await saveScreenshot(page, "run-live");

    await expect(badge).toHaveText("SUCCEEDED", { timeout: 45_000 });
    await expect(bar).toHaveAttribute("aria-valuenow", TOTAL);
    await expect(page.getByTestId("stat-succeeded")).toHaveText(TOTAL);
    await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Status history" }).getByRole("listitem")).toHaveText([
      /^PENDING/,
      /^RUNNING/,
      /^SUCCEEDED/,
    ]);

    // Every row ends with exactly what the server stored, and the results of its assertions.
    const stored = await api.items(runId);
    expect(stored).toHaveLength(PEOPLE.length);
    for (const item of stored) {
      const itemRow = page.locator(`tr[data-item-index="${item.index}"]`);
      await expect(itemRow.locator(".items-table__output")).toHaveText(item.output ?? "");
      await expect(itemRow.locator(".assertion-result")).toHaveCount(2);
      await expect(itemRow.locator('.assertion-result[data-passed="true"]').first()).toHaveText(/output tokens at most 64/);
    }
    const failing = stored.filter((item) => item.score !== null && item.score < 1).length;
    await expect(page.locator('.assertion-result[data-passed="false"]')).toHaveCount(failing);
    await expect(page.getByTestId("stat-pass-rate")).toHaveText(/%$/);

    // What the page showed along the way: the bar filled step by step, the badge went
    // RUNNING → SUCCEEDED, and outputs grew token by token, each text extending the last.
    const seen = await recorded(page);
    expect(seen.progress.some((value) => value > 0 && value < PEOPLE.length)).toBe(true);
    expect(seen.progress).toEqual([...seen.progress].sort((a, b) => a - b));
    expect(seen.progress.at(-1)).toBe(PEOPLE.length);
    expect(seen.badge.indexOf("RUNNING")).toBeGreaterThanOrEqual(0);
    expect(seen.badge.indexOf("RUNNING")).toBeLessThan(seen.badge.indexOf("SUCCEEDED"));
    const growths = Object.values(seen.outputs);
    for (const texts of growths) {
      texts.forEach((text, position) => position > 0 && expect(text.startsWith(texts[position - 1] ?? "")).toBe(true));
    }
    expect(Math.max(...growths.map((texts) => texts.length))).toBeGreaterThanOrEqual(3);

    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });
});
