import { seriousViolations } from "./axe";
import { expect, test, uniqueName, type RuncastApi } from "./fixtures";

/** An experiment of three rows: row 1's own assertion never holds, the others' always do. */
async function mixedExperiment(api: RuncastApi): Promise<string> {
  const passes = [{ kind: "MAX_TOKENS", value: "100000" }];
  const data = await api.graphql<{ createExperiment: { id: string } }>(
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { ... on Experiment { id } } }`,
    {
      input: {
        name: uniqueName("Outcomes"),
        prompt: "Say hello to {{name}}.",
        dataset: [
          { variables: { name: "Ada" }, assertions: passes },
          { variables: { name: "Alan" }, assertions: [{ kind: "CONTAINS", value: "never said by anyone" }] },
          { variables: { name: "Grace" }, assertions: passes },
        ],
      },
    },
  );
  return data.createExperiment.id;
}

const shownIndexes = (page: import("@playwright/test").Page) =>
  page.locator("tr[data-item-index]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-item-index")));

test("items show their outcome; only failing, sort by score and a search of outputs narrow them", async ({ page, api }) => {
  const runId = await api.finishedRun(await mixedExperiment(api));
  const [, , grace] = await api.items(runId);
  await page.goto(`/runs/${runId}`);

  const failing = page.locator('tr[data-item-index="1"]');
  await expect(failing.locator(".item-status")).toHaveText("Failed assertions");
  await expect(page.locator('tr[data-item-index="0"] .item-status')).toHaveText("Passed");
  await expect(page.getByRole("cell", { name: "Succeeded" })).toHaveCount(0);

  await page.getByLabel("Only failing").check();
  await expect.poll(() => shownIndexes(page)).toEqual(["1"]);
  await page.getByLabel("Only failing").uncheck();

  await page.getByLabel("Sort items").selectOption("SCORE_ASC");
  await expect.poll(() => shownIndexes(page)).toEqual(["1", "0", "2"]);

  await page.getByLabel("Search outputs").fill(grace!.output!.toUpperCase());
  await expect.poll(() => shownIndexes(page)).toEqual(["2"]);

  await page.getByRole("button", { name: /Rerun failed \(1\)/ }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
});

test("item detail opens from a row and from its URL, with attempts and assertions", async ({ page, api }) => {
  const runId = await api.finishedRun(await mixedExperiment(api));
  await page.goto(`/runs/${runId}`);
  await page.getByRole("link", { name: "Item 1 in detail" }).click();

  await expect(page).toHaveURL(`/runs/${runId}/items/1`);
  await expect(page.getByRole("heading", { name: /Item 1 of run/ })).toBeVisible();
  await expect(page.getByText("Say hello to Alan.")).toBeVisible();
  const attempts = page.getByRole("table", { name: "Attempts at this item" });
  await expect(attempts.locator("tr[data-attempt]")).toHaveCount(1);
  await expect(attempts.getByText("Answered")).toBeVisible();
  const assertions = page.getByRole("table", { name: "Assertions of this item" });
  await expect(assertions.getByText("never said by anyone")).toBeVisible();
  await expect(assertions.getByText("✗ Failed")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto(`/runs/${runId}/items/0`);
  await expect(page.getByRole("table", { name: "Assertions of this item" }).getByText("✓ Passed")).toBeVisible();
});

test("edit an experiment, set its budget and see a run ended by it; then archive it", async ({ page, api }) => {
  const name = uniqueName("Budgeted");
  const experimentId = await api.createExperiment(name, 6);
  await page.goto(`/experiments/${experimentId}`);
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page).toHaveURL(`/experiments/${experimentId}/edit`);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("Description", { exact: false }).fill("Stops early");
  await page.getByLabel("Tokens per run", { exact: false }).fill("5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(`/experiments/${experimentId}`);
  await expect(page.getByText("Stops early")).toBeVisible();
  await expect(page.getByText("5 tokens")).toBeVisible();

  const runId = await api.startRun(experimentId);
  await expect.poll(() => api.runStatus(runId), { timeout: 30_000 }).toBe("FAILED");
  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("alert")).toContainText("Stopped by its budget");
  await expect(page.getByRole("alert")).toContainText("of the 5 allowed");

  await page.goto(`/experiments/${experimentId}`);
  await page.getByRole("button", { name: "Archive" }).click();
  await page.getByRole("button", { name: "Archive: yes" }).click();
  await expect(page).toHaveURL("/");
  await page.getByLabel("Search experiments").fill(name);
  await expect(page.getByText(`No experiment matches “${name}”.`)).toBeVisible();
});

test("the experiments list shows each experiment's last run, its status and pass rate", async ({ page, api }) => {
  const name = uniqueName("Listed");
  const experimentId = await api.createExperimentFrom({ name, rows: [{ name: "Ada" }], assertions: [{ kind: "MAX_TOKENS", value: "100000" }] });
  const runId = await api.finishedRun(experimentId);
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const row = page.locator("tbody tr").filter({ hasText: name });
  await expect(row.getByRole("link", { name: `Last run of ${name}: SUCCEEDED` })).toHaveAttribute("href", `/runs/${runId}`);
  await expect(row.getByText("100%")).toBeVisible();
});

test("an unfinished item's page streams its output, then shows the item as stored", async ({ page, api }) => {
  // 40 rows of about a second each, four at a time: row 8 starts a couple of seconds in.
  const runId = await api.startRun(await api.createExperiment(uniqueName("Live item"), 40));
  await page.goto(`/runs/${runId}/items/8`);

  const streamed = page.getByTestId("streamed-output");
  await expect(streamed).toBeVisible({ timeout: 30_000 });
  // Every one of the 20 words arrives, then the stored answer replaces the stream.
  await expect(streamed).toHaveCount(0, { timeout: 30_000 });
  const [, , , , , , , , stored] = await api.items(runId);
  expect(stored!.status).toBe("SUCCEEDED");
  await expect(page.locator(".item-detail__output")).toHaveText(stored!.output!);
  await expect(page.getByRole("table", { name: "Attempts at this item" }).getByText("Answered")).toBeVisible();
});
