import { expect, test, uniqueName } from "./fixtures";

test.describe("the response cache", () => {
  test("a second run of an unchanged experiment is answered from the cache, each item badged, at no cost", async ({ page, api }) => {
    const experimentId = await api.createExperiment(uniqueName("Cached"), 3);
    const first = await api.startRun(experimentId, "USE");
    await expect.poll(() => api.runStatus(first), { timeout: 30_000 }).toBe("SUCCEEDED");

    const second = await api.startRun(experimentId, "USE");
    await page.goto(`/runs/${second}`);

    await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED", { timeout: 30_000 });
    await expect(page.locator("tr[data-item-index] .cached-badge")).toHaveCount(3);
    await expect(page.getByText("response cache use, 3 answered from it")).toBeVisible();
    const stored = await api.items(second);
    const firstItems = await api.items(first);
    expect(stored.map((item) => item.output)).toEqual(firstItems.map((item) => item.output));
  });
});
