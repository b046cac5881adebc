import { test as base, expect, type APIRequestContext } from "@playwright/test";

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
    const data = await this.graphql<{ createExperiment: { __typename: string; id?: string; message?: string } }>(
      `mutation($input: CreateExperimentInput!) {
        createExperiment(input: $input) { __typename ... on Experiment { id } ... on Error { message } }
      }`,
      {
        input: {
          name,
          prompt: "Say hello to {{name}}.",
          dataset: Array.from({ length: rows }, (_, i) => ({ variables: { name: `person ${i}` } })),
        },
      },
    );
    if (!data.createExperiment.id) throw new Error(data.createExperiment.message ?? "not created");
    return data.createExperiment.id;
  }

  async startRun(experimentId: string): Promise<string> {
    const data = await this.graphql<{ createRun: { id?: string; message?: string } }>(
      `mutation($id: ID!) { createRun(input: { experimentId: $id }) { ... on Run { id } ... on Error { message } } }`,
      { id: experimentId },
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

export const test = base.extend<object, { api: RuncastApi }>({
  baseURL: async ({}, use) => {
    await use(serverUrl());
  },
  // Worker-scoped, so beforeAll hooks can arrange data with it too.
  api: [
    async ({ playwright }, use) => {
      const request = await playwright.request.newContext({ baseURL: serverUrl() });
      await use(new RuncastApi(request));
      await request.dispose();
    },
    { scope: "worker" },
  ],
});

export { expect };
