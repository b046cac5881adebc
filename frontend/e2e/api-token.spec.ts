import type { Page } from "@playwright/test";
import { seriousViolations } from "./axe";
import { expect, RuncastApi, test, uniqueName } from "./fixtures";
import { runInGraphiQL } from "./graphiql";
import { startRuncastServer, type RuncastServer } from "./server";

// A server of its own, with authentication on: every other spec talks to one that needs no token.
const TOKEN = "rct_e2e-shared-token";
let server: RuncastServer | undefined;
let experimentName = "";

function url(path: string): string {
  if (server === undefined) throw new Error("the server with a token did not start");
  return `${server.baseURL}${path}`;
}

async function enterToken(page: Page, token: string): Promise<void> {
  await page.getByLabel(/^API token/).fill(token);
  await page.getByRole("button", { name: "Use this token" }).click();
}

test.beforeAll(async ({ playwright }) => {
  if (process.env.RUNCAST_E2E_SKIP) return;
  server = await startRuncastServer({ RUNCAST_API_TOKEN: TOKEN });
  const request = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
  experimentName = uniqueName("Behind a token");
  await new RuncastApi(request).createExperiment(experimentName, 1);
  await request.dispose();
});

test.afterAll(async () => {
  await server?.stop();
});

test("the app asks for the token once, keeps it for the session, and GraphiQL uses it", async ({ page }) => {
  await page.goto(url("/"));
  const prompt = page.getByRole("heading", { name: "This Runcast server requires an API token" });
  await expect(prompt).toBeVisible();
  await expect(page.getByText("runcast token create --name NAME")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await enterToken(page, "rct_not-this-one");
  await expect(page.getByRole("alert")).toContainText("That token was not accepted");
  await expect(prompt).toBeVisible();

  await enterToken(page, TOKEN);
  await expect(page.getByRole("link", { name: experimentName })).toBeVisible();
  await expect(page.getByRole("button", { name: "Forget token" })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("link", { name: experimentName })).toBeVisible();
  await expect(prompt).toBeHidden();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "GraphiQL" }).click();
  await expect(page.locator(".graphiql-query-editor .monaco-editor").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "← Runcast" })).toBeVisible();
  await runInGraphiQL(page, "Count", "query Count { experiments { totalCount } }");
  await expect(page.locator(".graphiql-response")).toContainText('"totalCount": 1');
  await expect(prompt).toBeHidden();
});

test("GraphiQL opened first asks for the token itself", async ({ page }) => {
  await page.goto(url("/graphql"));
  const prompt = page.getByRole("heading", { name: "This Runcast server requires an API token" });
  await expect(prompt).toBeVisible();

  await enterToken(page, TOKEN);
  await expect(prompt).toBeHidden();
  await runInGraphiQL(page, "Count", "query Count { experiments { totalCount } }");
  await expect(page.locator(".graphiql-response")).toContainText('"totalCount": 1');

  // The token is the app's too, for the rest of the session.
  await page.getByRole("link", { name: "← Runcast" }).click();
  await expect(page.getByRole("link", { name: experimentName })).toBeVisible();
});
