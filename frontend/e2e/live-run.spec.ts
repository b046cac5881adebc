import { expect, test, uniqueName } from "./fixtures";

const PEOPLE = ["Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Edsger", "Donald", "Frances", "John", "Margaret", "Dennis"];
const TOTAL = String(PEOPLE.length);

test.describe("creating an experiment and watching a run", () => {
  test("the form creates an experiment, and a run streams to SUCCEEDED without a reload", async ({ page }) => {
    const name = uniqueName("Greetings");
    await page.goto("/");
    await page.getByRole("link", { name: "New experiment" }).first().click();

    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Description").fill("Created by the end-to-end test");
    await page.getByLabel("Prompt template").fill("Say hello to {{name}} in one sentence.");
    await page.getByLabel("Temperature").fill("0.2");
    await page.getByLabel("Max tokens").fill("64");
    // Twelve rows of about a second each, four at a time: a run takes a few visible seconds.
    await page.getByLabel("Dataset").fill(["name,expected", ...PEOPLE.map((person) => `${person},`)].join("\n"));
    await expect(page.getByText(`${PEOPLE.length} rows read as CSV.`)).toBeVisible();
    await page.getByRole("button", { name: "Create experiment" }).click();

    await expect(page).toHaveURL(/\/experiments\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText(`Dataset (${PEOPLE.length} rows)`)).toBeVisible();

    // Everything from here on must arrive live: mark the document to prove it never reloads.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    await page.getByRole("button", { name: "Start run" }).click();
    const row = page.locator("tr[data-run-id]").first();
    await expect(row).toBeVisible();
    await expect(row.locator(".badge")).toHaveText(/PENDING|RUNNING/);

    // The experiment page's table follows the run to the end.
    await expect(row.locator(".badge")).toHaveText("SUCCEEDED", { timeout: 45_000 });
    await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", TOTAL);

    // A second run, watched on its own page from the start.
    await page.getByRole("button", { name: "Start run" }).click();
    await page.getByRole("link", { name: /^run / }).click();
    await expect(page).toHaveURL(/\/runs\/[^/]+$/);
    const badge = page.locator(".run-title .badge");
    const bar = page.getByRole("progressbar", { name: "Run progress" });
    await expect(badge).toHaveText(/PENDING|RUNNING/);
    await expect(bar).toHaveAttribute("aria-valuemax", TOTAL);
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeLessThan(PEOPLE.length);

    await expect(badge).toHaveText("SUCCEEDED", { timeout: 45_000 });
    await expect(bar).toHaveAttribute("aria-valuenow", TOTAL);
    await expect(page.getByTestId("stat-succeeded")).toHaveText(TOTAL);
    await expect(page.getByRole("button", { name: "Cancel run" })).toBeDisabled();

    // Every row streamed its output.
    const outputs = page.locator("tr[data-item-index] .items-table__output");
    await expect(outputs).toHaveCount(PEOPLE.length);
    for (const output of await outputs.all()) await expect(output).not.toHaveText("—");

    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });
});
