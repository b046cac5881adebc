import { act, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { progress, runSummary } from "../../test/fixtures";
import { renderHookWithServer } from "../../test/renderHookWithServer";
import { useExperimentRuns } from "./useExperimentRuns";

const setup = () => renderHookWithServer(() => useExperimentRuns("exp-1"));

const change = (seq: number, run: ReturnType<typeof runSummary>) => ({
  runChanges: { __typename: "RunStatusChange", cursor: String(seq), seq, at: run.createdAt, runId: run.id, previousStatus: null, status: run.status, run },
});
const counters = (seq: number, runId: string, done: ReturnType<typeof progress>, outputTokens: number) => ({
  runChanges: {
    __typename: "ProgressUpdate",
    cursor: String(seq),
    seq,
    at: "2026-11-25T10:00:01+00:00",
    runId,
    progress: done,
    usage: { inputTokens: 0, outputTokens, cost: 0 },
  },
});
const page = (eventCursor: string, ...runs: ReturnType<typeof runSummary>[]) => ({
  runs: {
    totalCount: runs.length,
    eventCursor,
    pageInfo: { hasNextPage: false, endCursor: null },
    edges: runs.map((node) => ({ cursor: node.id, node })),
  },
});

describe("useExperimentRuns", () => {
  it("queries the runs first, then follows their changes from the cursor read with them", async () => {
    const { server } = setup();
    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
    expect(server.sent("subscription")).toHaveLength(0);

    act(() => server.respond(server.sent("query").at(-1)!, page("41")));

    await waitFor(() => expect(server.sent("subscription")).toHaveLength(1));
    expect(server.sent("subscription")[0]?.variables).toEqual({ experimentId: "exp-1", after: "41" });
  });

  it("moves a running run's progress and tokens on with each ProgressUpdate", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
    act(() => server.respond(server.sent("query").at(-1)!, page("7", runSummary({ id: "a", status: "RUNNING" }))));
    await waitFor(() => expect(server.sent("subscription")).toHaveLength(1));
    const [subscription] = server.sent("subscription");

    act(() => server.respond(subscription!, counters(8, "a", progress(1, 0, 4), 30)));
    await waitFor(() => expect(hook.result.current.runs[0]?.progress.succeeded).toBe(1));
    expect(hook.result.current.runs[0]?.usage.outputTokens).toBe(30);

    act(() => server.respond(subscription!, counters(9, "a", progress(2, 1, 4), 75)));
    await waitFor(() => expect(hook.result.current.runs[0]?.progress.failed).toBe(1));
    expect(hook.result.current.runs[0]?.progress.succeeded).toBe(2);
    expect(hook.result.current.runs[0]?.usage.outputTokens).toBe(75);

    // Counters of a run that has ended change nothing.
    act(() => server.respond(subscription!, change(10, runSummary({ id: "a", status: "SUCCEEDED", progress: progress(3, 1, 4) }))));
    act(() => server.respond(subscription!, counters(11, "a", progress(0, 0, 4), 0)));
    await waitFor(() => expect(hook.result.current.runs[0]?.status).toBe("SUCCEEDED"));
    expect(hook.result.current.runs[0]?.progress.succeeded).toBe(3);
  });

  it("reconciles events and query results by run id, keeping the newest snapshot", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.sent("query").length).toBeGreaterThan(0));
    const query = server.sent("query").at(-1);
    act(() =>
      server.respond(
        query!,
        page(
          "0",
          runSummary({ id: "a", status: "RUNNING", createdAt: "2026-11-25T10:00:00+00:00" }),
          runSummary({ id: "b", status: "PENDING", createdAt: "2026-11-25T09:00:00+00:00" }),
        ),
      ),
    );
    await waitFor(() => expect(server.sent("subscription")).toHaveLength(1));
    const [subscription] = server.sent("subscription");

    // An event moves a run on…
    act(() => server.respond(subscription!, change(3, runSummary({ id: "a", status: "SUCCEEDED", progress: progress(4, 0, 4) }))));
    await waitFor(() => expect(hook.result.current.runs[0]?.status).toBe("SUCCEEDED"));
    // …and a late snapshot of it (an older page answered again) does not move it back.
    act(() => server.respond(query!, page("0", runSummary({ id: "a", status: "RUNNING", createdAt: "2026-11-25T10:00:00+00:00" }))));
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
