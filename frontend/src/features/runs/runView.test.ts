import { describe, expect, it } from "vitest";
import { events, progress, runItem, runSummary } from "../../test/fixtures";
import {
  displayOutput,
  EMPTY_RUN_VIEW,
  liveStats,
  runViewReducer,
  sortedItems,
  type RunEvent,
  type RunView,
  type RunViewAction,
} from "./runView";

const apply = (actions: RunViewAction[], from: RunView = EMPTY_RUN_VIEW) => actions.reduce(runViewReducer, from);
const event = (e: RunEvent): RunViewAction => ({ type: "event", event: e });

describe("runViewReducer", () => {
  it("takes the run from the query, then follows status changes", () => {
    const view = apply([
      { type: "run", run: runSummary({ status: "PENDING" }) },
      event(events.status(2, "RUNNING")),
    ]);
    expect(view.run?.status).toBe("RUNNING");
    expect(view.lastSeq).toBe(2);
  });

  it("never moves a run backwards when an older snapshot arrives late", () => {
    const view = apply([
      event(events.status(5, "SUCCEEDED", { progress: progress(4, 0, 4) })),
      { type: "run", run: runSummary({ status: "RUNNING", progress: progress(1, 0, 4) }) },
    ]);
    expect(view.run?.status).toBe("SUCCEEDED");
    expect(view.run?.progress.succeeded).toBe(4);
  });

  it("advances the counters with progress updates, never backwards", () => {
    const view = apply([
      { type: "run", run: runSummary({ status: "RUNNING" }) },
      event(events.progress(3, 2, 1)),
    ]);
    expect(view.run?.progress).toEqual(progress(2, 1, 4));
    expect(view.run?.usage.outputTokens).toBe(60);

    // A status change whose snapshot is older than the counters keeps the counters.
    const later = apply([event(events.status(4, "CANCELLING", { progress: progress(1, 0, 4) }))], view);
    expect(later.run?.status).toBe("CANCELLING");
    expect(later.run?.progress).toEqual(progress(2, 1, 4));
  });

  it("remembers progress seen before the run itself is known", () => {
    const view = apply([event(events.progress(3, 3, 0)), { type: "run", run: runSummary({ status: "RUNNING" }) }]);
    expect(view.run?.progress).toEqual(progress(3, 0, 4));
  });

  it("ignores events it has already applied", () => {
    const once = apply([event(events.delta(1, 0, "Hello")), event(events.delta(2, 0, ", world"))]);
    const replayed = apply([event(events.delta(1, 0, "Hello")), event(events.delta(2, 0, ", world"))], once);
    expect(replayed).toBe(once);
    expect(displayOutput(replayed.items.get(0)!)).toBe("Hello, world");
  });

  it("appends output deltas per item and restarts on a new attempt", () => {
    const view = apply([
      event(events.delta(1, 0, "The")),
      event(events.delta(2, 1, "A")),
      event(events.delta(3, 0, " answer")),
      event(events.delta(4, 1, "bad", 1)),
      event(events.delta(5, 1, "Second", 2)),
      event(events.delta(6, 1, " try", 2)),
      event(events.delta(7, 1, "stale", 1)),
    ]);
    expect(displayOutput(view.items.get(0)!)).toBe("The answer");
    expect(displayOutput(view.items.get(1)!)).toBe("Second try");
  });

  it("records an item's result when it finishes", () => {
    const view = apply([event(events.delta(1, 2, "x")), event(events.finished(2, 2, "FAILED"))]);
    expect(view.items.get(2)).toMatchObject({ status: "FAILED", latencyMs: 12.5, error: { message: "upstream failed" } });
  });

  it("merges queried items with what the events already said", () => {
    const view = apply([
      event(events.delta(1, 0, "Hi")),
      event(events.finished(2, 0)),
      { type: "items", items: [runItem({ index: 0, status: "PENDING" }), runItem({ index: 1, variables: { name: "Alan" } })] },
    ]);
    expect(view.items.get(0)).toMatchObject({ status: "SUCCEEDED", variables: { name: "Ada" } });
    expect(view.items.get(1)).toMatchObject({ status: "PENDING", variables: { name: "Alan" } });
    expect(sortedItems(view).map((item) => item.index)).toEqual([0, 1]);
  });
});

describe("runViewReducer, status history and assertion results", () => {
  it("records every status change of the log in order, once", () => {
    const steps = [event(events.status(1, "PENDING")), event(events.status(2, "RUNNING")), event(events.status(9, "SUCCEEDED"))];
    const view = apply([...steps, ...steps]);
    expect(view.history.map((step) => step.status)).toEqual(["PENDING", "RUNNING", "SUCCEEDED"]);
  });

  it("takes an item's assertion results from its ItemFinished event", () => {
    const checked = [
      { kind: "CONTAINS" as const, value: "Ada", passed: true },
      { kind: "MAX_TOKENS" as const, value: "5", passed: false },
    ];
    const view = apply([
      { type: "items", items: [runItem({ index: 0 }), runItem({ index: 1 })] },
      event(events.finished(4, 1, "FAILED", checked)),
    ]);
    expect(view.items.get(1)).toMatchObject({ status: "FAILED", assertionResults: checked });
    expect(view.items.get(0)?.assertionResults).toEqual([]);
  });

  it("keeps the event's assertion results when a stale page says the row is pending", () => {
    const checked = [{ kind: "CONTAINS" as const, value: "Ada", passed: true }];
    const view = apply([
      event(events.finished(3, 0, "SUCCEEDED", checked)),
      { type: "items", items: [runItem({ index: 0, status: "PENDING", assertionResults: [] })] },
    ]);
    expect(view.items.get(0)).toMatchObject({ status: "SUCCEEDED", assertionResults: checked, variables: { name: "Ada" } });
  });

  it("takes assertion results from the query for a row that finished before the page opened", () => {
    const checked = [{ kind: "CONTAINS" as const, value: "Ada", passed: true }];
    const view = apply([
      { type: "items", items: [runItem({ index: 0, status: "SUCCEEDED", output: "Hi Ada", attempts: 1, assertionResults: checked })] },
    ]);
    expect(view.items.get(0)?.assertionResults).toEqual(checked);
  });
});

describe("liveStats", () => {
  const finished = (score: number | null, latencyMs: number) => runItem({ status: "SUCCEEDED", score, latencyMs });

  it("has nothing to say before an item finishes", () => {
    const view = apply([{ type: "items", items: [runItem({ index: 0 })] }]);
    expect(liveStats(view.items.values())).toEqual({ passRate: null, meanScore: null, latencyP50Ms: null, latencyP95Ms: null });
  });

  it("counts a pass only when every assertion held, and takes nearest-rank percentiles", () => {
    const items = [finished(1, 400), finished(0.5, 100), finished(1, 300), finished(null, 200)].map((item, index) => ({ ...item, index }));
    const view = apply([{ type: "items", items }]);
    expect(liveStats(view.items.values())).toEqual({
      passRate: 2 / 3,
      meanScore: 2.5 / 3,
      latencyP50Ms: 200,
      latencyP95Ms: 400,
    });
  });
});

describe("displayOutput", () => {
  const item = runItem();
  const view = (output: string | null, attempts: number, streamed?: { attempt: number; text: string }) => ({
    ...item,
    output,
    attempts,
    streamed,
    usage: null,
  });

  it("shows the queried output until the replayed stream has caught up", () => {
    expect(displayOutput(view("Hello there", 1, { attempt: 1, text: "Hel" }))).toBe("Hello there");
    expect(displayOutput(view("Hello there", 1, { attempt: 1, text: "Hello there!" }))).toBe("Hello there!");
  });

  it("shows a newer attempt's stream at once", () => {
    expect(displayOutput(view("Old answer", 1, { attempt: 2, text: "N" }))).toBe("N");
  });

  it("shows whichever exists", () => {
    expect(displayOutput(view(null, 0, { attempt: 1, text: "Streamed" }))).toBe("Streamed");
    expect(displayOutput(view("Queried", 1))).toBe("Queried");
    expect(displayOutput(view(null, 0))).toBeNull();
  });
});
