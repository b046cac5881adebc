import { act, waitFor } from "@testing-library/react";
import type { Operation } from "urql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { events, progress, runItem, runSummary } from "../../test/fixtures";
import { renderHookWithServer } from "../../test/renderHookWithServer";
import { useRunLive } from "./useRunLive";

const stats = { passRate: 1, meanScore: 1, latencyP50Ms: 7, latencyP95Ms: 7 };

function runAnswer(status: "RUNNING" | "SUCCEEDED") {
  return {
    run: {
      ...runSummary({ status, progress: status === "SUCCEEDED" ? progress(1, 0, 1) : progress(0, 0, 1) }),
      experiment: { id: "exp-1", name: "Greetings" },
      parentRun: null,
      config: { prompt: "Hi {{name}}", model: { executor: "SIMULATED", model: "simulated-1", temperature: 0.7, maxTokens: 64 }, assertions: [] },
      stats,
    },
  };
}

function itemsAnswer(item: ReturnType<typeof runItem>) {
  return { run: { id: "run-1", items: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ cursor: "0", node: item }] } } };
}

const named = (name: string) => (operation: Operation) =>
  operation.query.definitions.some((definition) => definition.kind === "OperationDefinition" && definition.name?.value === name);

function setup() {
  const { server, hook } = renderHookWithServer(() => useRunLive("run-1"));
  const latest = (name: string) => server.sent("query").filter(named(name)).at(-1);
  return { server, hook, latest };
}

describe("useRunLive", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("takes assertion results and final figures from the events, asking the API again only for the finished run", async () => {
    const { server, hook, latest } = setup();
    await waitFor(() => expect(latest("Run")).toBeDefined());
    act(() => server.respond(latest("Run")!, runAnswer("RUNNING")));
    act(() => server.respond(latest("RunItems")!, itemsAnswer(runItem({ index: 0 }))));
    const queriesBefore = server.sent("query").length;
    vi.useFakeTimers();

    const [subscription] = server.sent("subscription");
    const checked = [{ kind: "CONTAINS" as const, value: "Ada", passed: true }];
    act(() => server.respond(subscription!, { runEvents: { ...events.finished(1, 0, "SUCCEEDED", checked), score: 1, latencyMs: 40 } }));
    act(() => vi.advanceTimersToNextFrame());
    expect(hook.result.current.items.get(0)).toMatchObject({ status: "SUCCEEDED", assertionResults: checked, variables: { name: "Ada" } });
    act(() => vi.advanceTimersByTime(10_000));

    act(() => server.respond(subscription!, { runEvents: events.status(2, "SUCCEEDED", { progress: progress(1, 0, 1) }) }));
    act(() => vi.advanceTimersByTime(10_000));
    expect(hook.result.current.run?.status).toBe("SUCCEEDED");
    expect(hook.result.current.items.get(0)?.assertionResults).toEqual(checked);
    expect(hook.result.current.stats).toEqual({ passRate: 1, meanScore: 1, latencyP50Ms: 40, latencyP95Ms: 40 });
    // The run once more, for the server's final statistics and outcome counts; the items are not read again.
    expect(server.sent("query")).toHaveLength(queriesBefore + 1);
    expect(named("Run")(server.sent("query").at(-1)!)).toBe(true);
  });

  it("computes the statistics from finished items until the API reports the run finished", async () => {
    const { server, hook, latest } = setup();
    await waitFor(() => expect(latest("Run")).toBeDefined());
    act(() => server.respond(latest("Run")!, runAnswer("RUNNING")));
    const [subscription] = server.sent("subscription");
    act(() => server.respond(subscription!, { runEvents: { ...events.finished(1, 0), score: 0.5, latencyMs: 30 } }));
    await waitFor(() => expect(hook.result.current.stats).toEqual({ passRate: 0, meanScore: 0.5, latencyP50Ms: 30, latencyP95Ms: 30 }));

    act(() => server.respond(latest("Run")!, runAnswer("SUCCEEDED")));
    await waitFor(() => expect(hook.result.current.stats).toEqual(stats));
  });
});
