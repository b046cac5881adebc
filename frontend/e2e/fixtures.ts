import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

/** Where the README's screenshots of the web app live. */
const SCREENSHOTS = resolve(import.meta.dirname, "..", "..", "docs", "screenshots");

/**
 * Save what the page shows now as docs/screenshots/<name>.png, only when
 * RUNCAST_E2E_SCREENSHOTS is set (`make screenshots`): an ordinary test run
 * leaves the working tree as it found it.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (!process.env.RUNCAST_E2E_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: "disabled", caret: "hide" });
}

/** One item of a run as the API stores it. */
export interface StoredItem {
  index: number;
  status: string;
  output: string | null;
  score: number | null;
}

/** What compareRuns answers, as far as the tests look at it. */
export interface StoredComparison {
  passRateDelta: number | null;
  outputTokensDelta: number;
  costDelta: number;
  base: { outputTokens: number; passRate: number | null };
  other: { outputTokens: number; passRate: number | null };
  items: { index: number; outputChanged: boolean; base: { output: string | null } | null; other: { output: string | null } | null }[];
}

export interface ExperimentSpec {
  name: string;
  prompt?: string;
  rows?: Record<string, string>[];
  assertions?: { kind: string; value: string }[];
}

/** The server global-setup.ts started (or the one RUNCAST_E2E_BASE_URL names). */
function serverUrl(): string {
  const url = process.env.RUNCAST_E2E_BASE_URL;
  if (!url) throw new Error("RUNCAST_E2E_BASE_URL is not set; is e2e/global-setup.ts configured?");
  return url;
}

/** GraphQL over HTTP, for arranging what a test needs quickly. */
export class RuncastApi {
  constructor(private readonly request: APIRequestContext) {}

  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.request.post("/graphql", { data: { query, variables } });
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    if (body.data === undefined) throw new Error("no data");
    return body.data;
  }

  /** An experiment whose dataset has `rows` rows, each filling {{name}}. */
  async createExperiment(name: string, rows: number): Promise<string> {
    return this.createExperimentFrom({
      name,
      rows: Array.from({ length: rows }, (_, i) => ({ name: `person ${i}` })),
    });
  }

  /** An experiment as described; rows fill the prompt's variables. */
  async createExperimentFrom(spec: ExperimentSpec): Promise<string> {
    const data = await this.graphql<{ createExperiment: { __typename: string; id?: string; message?: string } }>(
      `mutation($input: CreateExperimentInput!) {
        createExperiment(input: $input) { __typename ... on Experiment { id } ... on Error { message } }
      }`,
      {
        input: {
          name: spec.name,
          prompt: spec.prompt ?? "Say hello to {{name}}.",
          dataset: (spec.rows ?? []).map((variables) => ({ variables })),
          assertions: spec.assertions ?? [],
        },
      },
    );
    if (!data.createExperiment.id) throw new Error(data.createExperiment.message ?? "not created");
    return data.createExperiment.id;
  }

  /** Change the model's maximum answer length; runs started afterwards use it. */
  async setMaxTokens(experimentId: string, maxTokens: number): Promise<void> {
    const data = await this.graphql<{ updateExperiment: { __typename: string; message?: string } }>(
      `mutation($id: ID!, $maxTokens: Int!) {
        updateExperiment(input: { id: $id, model: { maxTokens: $maxTokens } }) { __typename ... on Error { message } }
      }`,
      { id: experimentId, maxTokens },
    );
    if (data.updateExperiment.__typename !== "Experiment") throw new Error(data.updateExperiment.message ?? "not updated");
  }

  /** Start a run and wait until the API says it SUCCEEDED. */
  async finishedRun(experimentId: string): Promise<string> {
    const runId = await this.startRun(experimentId);
    await expect.poll(() => this.runStatus(runId), { timeout: 30_000, message: `run ${runId} should succeed` }).toBe("SUCCEEDED");
    return runId;
  }

  async items(runId: string): Promise<StoredItem[]> {
    const data = await this.graphql<{ run: { items: { edges: { node: StoredItem }[] } } }>(
      `query($id: ID!) { run(id: $id) { items(first: 100) { edges { node { index status output score } } } } }`,
      { id: runId },
    );
    return data.run.items.edges.map((edge) => edge.node);
  }

  async compare(baseId: string, otherId: string): Promise<StoredComparison> {
    const data = await this.graphql<{ compareRuns: StoredComparison }>(
      `query($base: ID!, $other: ID!) {
        compareRuns(baseId: $base, otherId: $other) {
          ... on RunComparison {
            passRateDelta outputTokensDelta costDelta
            base { outputTokens passRate }
            other { outputTokens passRate }
            items { index outputChanged base { output } other { output } }
          }
        }
      }`,
      { base: baseId, other: otherId },
    );
    return data.compareRuns;
  }

  /**
   * Start a run. Without the response cache (`OFF`) by default: specs share
   * one server, and a run they watch mid-way must stream live, not be
   * answered at once from another spec's answers.
   */
  async startRun(experimentId: string, cache: "USE" | "REFRESH" | "OFF" = "OFF"): Promise<string> {
    const data = await this.graphql<{ createRun: { id?: string; message?: string } }>(
      `mutation($id: ID!, $cache: CacheMode!) {
        createRun(input: { experimentId: $id, cache: $cache }) { ... on Run { id } ... on Error { message } }
      }`,
      { id: experimentId, cache },
    );
    if (!data.createRun.id) throw new Error(data.createRun.message ?? "not started");
    return data.createRun.id;
  }

  async runStatus(runId: string): Promise<string> {
    const data = await this.graphql<{ run: { status: string } }>(`query($id: ID!) { run(id: $id) { status } }`, { id: runId });
    return data.run.status;
  }
}

/** A name no other test (or earlier run against the same server) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Set by global-setup.ts when there is no browser to test in (and CI is not set). */
function skipReason(): string | undefined {
  return process.env.RUNCAST_E2E_SKIP || undefined;
}

export const test = base.extend<{ browserAvailable: void }, { api: RuncastApi }>({
  // Runs before every test: without a browser, the test is skipped, saying why.
  browserAvailable: [
    async ({}, use, testInfo) => {
      const reason = skipReason();
      testInfo.skip(reason !== undefined, reason);
      await use();
    },
    { auto: true },
  ],
  baseURL: async ({}, use) => {
    await use(skipReason() ? undefined : serverUrl());
  },
  // Worker-scoped, so beforeAll hooks can arrange data with it too.
  api: [
    async ({ playwright }, use) => {
      const request = await playwright.request.newContext({ baseURL: skipReason() ? undefined : serverUrl() });
      await use(new RuncastApi(request));
      await request.dispose();
    },
    { scope: "worker" },
  ],
});

export { expect };
