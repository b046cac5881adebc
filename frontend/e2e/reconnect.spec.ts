import type { WebSocketRoute } from "@playwright/test";
import { expect, test, uniqueName } from "./fixtures";

interface SubscribeMessage {
  type: string;
  payload?: { variables?: { runId?: string; after?: string | null } };
}

test("a dropped connection resumes from the last cursor, without gaps or duplicates", async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName("Resume"), 16);
  const runId = await api.startRun(experimentId);

  // Stand between the page and the server so the connection can be cut, and
  // note every subscription the page starts.
  const pageSides: WebSocketRoute[] = [];
  const serverSides: WebSocketRoute[] = [];
  const subscribed: (string | null | undefined)[] = [];
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const parsed = JSON.parse(String(message)) as SubscribeMessage;
      if (parsed.type === "subscribe") subscribed.push(parsed.payload?.variables?.after);
      server.send(message);
    });
    pageSides.push(ws);
    serverSides.push(server);
  });

  await page.goto(`/runs/${runId}`);
  const bar = page.getByRole("progressbar", { name: "Run progress" });
  const connection = page.locator(".connection");
  await expect(connection).toContainText("Live");
  await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

  // Cut the connection in the middle of the run.
  await serverSides[0]?.close({ code: 1012, reason: "test" });
  await pageSides[0]?.close({ code: 1012, reason: "test" });
  await expect(connection).toContainText("Reconnecting");
  await expect(connection).toContainText("Live");

  await expect(page.locator(".run-title .badge")).toHaveText("SUCCEEDED", { timeout: 45_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "16");

  // The first subscription replayed from the start; the second resumed after a cursor.
  expect(subscribed.length).toBeGreaterThanOrEqual(2);
  expect(subscribed[0] ?? null).toBeNull();
  expect(subscribed[1]).toEqual(expect.stringMatching(/\S/));

  // What the page pieced together from streamed deltas is exactly what the server stored.
  const stored = await api.graphql<{ run: { items: { edges: { node: { index: number; output: string } }[] } } }>(
    `query($id: ID!) { run(id: $id) { items(first: 100) { edges { node { index output } } } } }`,
    { id: runId },
  );
  for (const { node } of stored.run.items.edges) {
    await expect(page.locator(`tr[data-item-index="${node.index}"] .items-table__output`)).toHaveText(node.output);
  }
});
