import { act, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { progress, runSummary } from "../../test/fixtures";
import { renderHookWithServer } from "../../test/renderHookWithServer";
import { useExperimentRuns } from "./useExperimentRuns";

const setup = () => renderHookWithServer(() => useExperimentRuns("exp-1"));

const change = (seq: number, run: ReturnType<typeof runSummary>) => ({
  runStatusChanges: { cursor: String(seq), seq, at: run.createdAt, runId: run.id, previousStatus: null, status: run.status, run },
});
const page = (...runs: ReturnType<typeof runSummary>[]) => ({
  runs: {
    totalCount: runs.length,
    pageInfo: { hasNextPage: false, endCursor: null },
    edges: runs.map((node) => ({ cursor: node.id, node })),
  },
});

describe("useExperimentRuns", () => {
  it("subscribes to the experiment's status changes before querying its runs", async () => {
    const { server } = setup();
    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
    const kinds = server.operations.map((operation) => operation.kind);
    expect(kinds.indexOf("subscription")).toBeLessThan(kinds.indexOf("query"));
    expect(server.sent("subscription")[0]?.variables).toEqual({ experimentId: "exp-1", after: null });
  });

  it("reconciles events and query results by run id, keeping the newest snapshot", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
    const [subscription] = server.sent("subscription");
    const query = server.sent("query").at(-1);

    // An event arrives before the query's (older) answer…
    act(() => server.respond(subscription!, change(3, runSummary({ id: "a", status: "SUCCEEDED", progress: progress(4, 0, 4) }))));
    act(() =>
      server.respond(
        query!,
        page(
          runSummary({ id: "a", status: "RUNNING", createdAt: "2026-11-25T10:00:00+00:00" }),
          runSummary({ id: "b", status: "PENDING", createdAt: "2026-11-25T09:00:00+00:00" }),
        ),
      ),
    );
    await waitFor(() => expect(hook.result.current.runs).toHaveLength(2));
    expect(hook.result.current.runs.map((run) => [run.id, run.status])).toEqual([
      ["a", "SUCCEEDED"],
      ["b", "PENDING"],
    ]);

    // …and later events move runs on, or add new ones, without duplicates.
    act(() => server.respond(subscription!, change(2, runSummary({ id: "b", status: "RUNNING", createdAt: "2026-11-25T09:00:00+00:00" }))));
    act(() => server.respond(subscription!, change(1, runSummary({ id: "c", status: "PENDING", createdAt: "2026-11-25T11:00:00+00:00" }))));
    await waitFor(() => expect(hook.result.current.runs).toHaveLength(3));
    expect(hook.result.current.runs.map((run) => [run.id, run.status])).toEqual([
      ["c", "PENDING"],
      ["a", "SUCCEEDED"],
      ["b", "RUNNING"],
    ]);
    expect(hook.result.current.totalCount).toBe(3);
  });

  it("adds a run it is told about (the one just started)", async () => {
    const { hook } = setup();
    act(() => hook.result.current.add(runSummary({ id: "new", status: "PENDING" })));
    expect(hook.result.current.runs.map((run) => run.id)).toEqual(["new"]);
  });
});
