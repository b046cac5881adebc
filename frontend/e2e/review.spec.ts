import type { Page } from "@playwright/test";
import { expect, test, uniqueName, type RuncastApi } from "./fixtures";

const PEOPLE = ["Ada", "Alan", "Grace"].map((name) => ({ name }));

/** Review an item over the API, as a script or another tool would. */
async function reviewOverApi(api: RuncastApi, runId: string, itemIndex: number, verdict: string, comment: string): Promise<void> {
  const data = await api.graphql<{ reviewItem: { __typename: string; message?: string } }>(
    `mutation($input: ReviewItemInput!) { reviewItem(input: $input) { __typename ... on Error { message } } }`,
    { input: { runId, itemIndex, verdict, comment, reviewer: "script" } },
  );
  if (data.reviewItem.__typename !== "Review") throw new Error(data.reviewItem.message ?? "not reviewed");
}

async function openRun(page: Page, runId: string): Promise<void> {
  await page.goto(`/runs/${runId}`);
  await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED");
  await expect(page.locator('tr[data-item-index="0"]')).toBeVisible();
  // Everything from here on must arrive live: mark the document to prove it never reloads.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
}

async function expectHumanPassRate(page: Page, rate: string, reviewed: string): Promise<void> {
  await expect(page.getByTestId("stat-human-pass-rate")).toHaveText(rate);
  await expect(page.getByTestId("stat-human-pass-rate-detail")).toHaveText(reviewed);
}

test.describe("reviewing items", () => {
  test("a review added from one client appears live in another's run page", async ({ page, browser, baseURL, api }) => {
    const runId = await api.finishedRun(await api.createExperimentFrom({ name: uniqueName("Reviewed"), rows: PEOPLE }));
    const watcherContext = await browser.newContext({ baseURL });
    const watcher = await watcherContext.newPage();
    await openRun(page, runId);
    await openRun(watcher, runId);
    await expectHumanPassRate(watcher, "—", "0 items reviewed");

    // The reviewer's browser: 👍 on the first item, with a score and a comment.
    const reviewed = page.locator('tr[data-item-index="0"]');
    await reviewed.getByText("Score and comment").click();
    await reviewed.getByLabel("Score (0–1)").fill("0.8");
    await reviewed.getByLabel("Comment").fill("Warm and short");
    await reviewed.getByLabel("Your name").fill("Grace");
    await reviewed.getByRole("button", { name: /^Thumbs up/ }).click();

    // The other browser shows it without a reload, and so does the reviewer's.
    for (const shown of [watcher, page]) {
      const row = shown.locator('tr[data-item-index="0"]');
      await expect(row.getByRole("list", { name: "Reviews" })).toHaveText("👍 Grace · 80% — Warm and short");
      await expect(row.getByRole("button", { name: "Thumbs up (1)" })).toBeVisible();
      await expectHumanPassRate(shown, "100%", "1 item reviewed");
    }

    // A third client, a script over the API: 👎 on the second item.
    await reviewOverApi(api, runId, 1, "THUMBS_DOWN", "Too formal");
    for (const shown of [watcher, page]) {
      const row = shown.locator('tr[data-item-index="1"]');
      await expect(row.getByRole("list", { name: "Reviews" })).toHaveText("👎 script — Too formal");
      await expect(row.getByRole("button", { name: "Thumbs down (1)" })).toBeVisible();
      await expectHumanPassRate(shown, "50%", "2 items reviewed");
      expect(await shown.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    }

    // The item's own page has the same control; a review sent there reaches the run page too.
    await page.goto(`/runs/${runId}/items/2`);
    const onItemPage = page.getByRole("region", { name: "Reviews" });
    await onItemPage.getByRole("button", { name: /^Thumbs up/ }).click();
    await expect(onItemPage.getByRole("list", { name: "Reviews" })).toHaveText("👍 Grace");
    await expect(watcher.locator('tr[data-item-index="2"]').getByRole("list", { name: "Reviews" })).toHaveText("👍 Grace");
    await expectHumanPassRate(watcher, "66.7%", "3 items reviewed");

    // What the pages show is what the API stored.
    const stored = await api.graphql<{ run: { stats: { humanPassRate: number; reviewedItems: number } } }>(
      `query($id: ID!) { run(id: $id) { stats { humanPassRate reviewedItems } } }`,
      { id: runId },
    );
    expect(stored.run.stats.reviewedItems).toBe(3);
    expect(stored.run.stats.humanPassRate).toBeCloseTo(2 / 3);
    await watcherContext.close();
  });
});
