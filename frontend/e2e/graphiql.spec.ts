import type { Page } from "@playwright/test";
import { expect, test, uniqueName } from "./fixtures";
import { runInGraphiQL } from "./graphiql";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Abort every request that would leave this machine; remember what was tried. */
async function blockTheNetwork(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || LOOPBACK.has(url.hostname)) return route.continue();
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  return blocked;
}

test("GraphiQL at /graphql works offline: a query and a subscription's events", async ({ page, api }) => {
  const name = uniqueName("GraphiQL");
  const experimentId = await api.createExperiment(name, 2);
  const runId = await api.startRun(experimentId);

  const blocked = await blockTheNetwork(page);
  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(error.message));

  await page.goto("/graphql");
  await expect(page).toHaveTitle(/GraphiQL/);
  await expect(page.locator(".graphiql-query-editor .monaco-editor").first()).toBeVisible();

  // The query builder is bundled too.
  await page.getByRole("button", { name: "Show GraphiQL Explorer" }).click();
  await expect(page.locator(".graphiql-explorer-root, .docExplorerWrap").first()).toBeVisible();
  await page.getByRole("button", { name: "Hide GraphiQL Explorer" }).click();

  const response = page.locator(".graphiql-response");
  await runInGraphiQL(page, "Experiment", `query Experiment { experiment(id: "${experimentId}") { name dataset { variables } } }`);
  await expect(response).toContainText(name);

  // runEvents replays the run's log and follows it until its terminal event; it goes over
  // the WebSocket (a subscription POSTed over HTTP would fail).
  await runInGraphiQL(
    page,
    "Follow",
    `subscription Follow { runEvents(runId: "${runId}") { __typename seq ... on RunStatusChange { status } } }`,
  );
  await expect(response).toContainText("RunStatusChange", { timeout: 30_000 });
  await expect(response).toContainText("SUCCEEDED", { timeout: 30_000 });

  expect(blocked).toEqual([]);
  expect(failures).toEqual([]);
});
