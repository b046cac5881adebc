import { expect, test, uniqueName } from "./fixtures";

test.describe("repetitions", () => {
  test("an experiment asking each row twice runs two items per row, each saying which answer it is", async ({ page }) => {
    const name = uniqueName("Repeated");
    await page.goto("/experiments/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Prompt template").fill("Say hello to {{name}}.");
    await page.getByLabel("Dataset").fill(["name", "Ada", "Alan", "Grace"].join("\n"));
    await page.getByLabel("Repetitions").fill("2");
    await page.getByRole("button", { name: "Create experiment" }).click();

    await expect(page).toHaveURL(/\/experiments\/[^/]+$/);
    await expect(page.locator(".details-list")).toContainText("Answers per row2 (each an item; statistics are over rows)");

    await page.getByRole("button", { name: "Start run" }).click();
    await page.getByRole("link", { name: /^run / }).click();
    await expect(page).toHaveURL(/\/runs\/[^/]+$/);
    await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED", { timeout: 30_000 });
    await expect(page.getByText("6 items (2 answers per row)")).toBeVisible();

    const cells = page.locator("tr[data-item-index] .items-table__cell");
    await expect(cells).toHaveText([
      "row 0 · 1 of 2",
      "row 0 · 2 of 2",
      "row 1 · 1 of 2",
      "row 1 · 2 of 2",
      "row 2 · 1 of 2",
      "row 2 · 2 of 2",
    ]);
    await expect(page.locator('tr[data-item-index="3"]')).toContainText("Alan");

    // Each row over its two answers, read again once the run ended.
    const rows = page.locator(".row-stats-table tbody tr");
    await expect(rows).toHaveCount(3);
    await expect(rows.first().locator("td").nth(1)).toHaveText("2");

    // An item's page leads to the other answers to its row.
    await page.getByRole("link", { name: "Item 1 in detail" }).click();
    await expect(page).toHaveURL(/\/items\/1$/);
    await page.getByRole("link", { name: "Answer 1 of 2" }).click();
    await expect(page).toHaveURL(/\/items\/0$/);
    await expect(page.getByRole("navigation", { name: "Answers to this row" }).locator("[aria-current=page]")).toHaveText("1");
  });

  test("the form says at repetitions why 21 answers per row are refused", async ({ page }) => {
    await page.goto("/experiments/new");
    await page.getByLabel("Name").fill(uniqueName("Too many"));
    await page.getByLabel("Prompt template").fill("Say hello.");
    await page.getByLabel("Repetitions").fill("21");
    await page.getByRole("button", { name: "Create experiment" }).click();

    await expect(page.getByTestId("experiment-repetitions-error")).toContainText("less than or equal to 20");
    await expect(page.getByLabel("Repetitions")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/experiments\/new$/);
  });
});
