import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { events, progress, runItem, runSummary } from "../../test/fixtures";
import { displayOutput } from "./runItems";
import { RunViewStore, type RunEvent, type RunView, type RunViewAction } from "./runView";

/** The view after applying each action at once, to a new store or to `store`. */
function apply(actions: RunViewAction[], store = new RunViewStore()): RunView {
  for (const action of actions) store.apply(action);
  return store.getSnapshot();
}
const event = (e: RunEvent): RunViewAction => ({ type: "event", event: e });

/** The items' indices in the order the table shows them. */
function rowOrder(view: RunView): (number | undefined)[] {
  return Array.from({ length: view.items.size }, (_, position) => view.items.at(position)?.index);
}

describe("RunViewStore", () => {
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
    const store = new RunViewStore();
    const view = apply([{ type: "run", run: runSummary({ status: "RUNNING" }) }, event(events.progress(3, 2, 1))], store);
    expect(view.run?.progress).toEqual(progress(2, 1, 4));
    expect(view.run?.usage.outputTokens).toBe(60);

    // A status change whose snapshot is older than the counters keeps the counters.
    const later = apply([event(events.status(4, "CANCELLING", { progress: progress(1, 0, 4) }))], store);
    expect(later.run?.status).toBe("CANCELLING");
    expect(later.run?.progress).toEqual(progress(2, 1, 4));
  });

  it("remembers progress seen before the run itself is known", () => {
    const view = apply([event(events.progress(3, 3, 0)), { type: "run", run: runSummary({ status: "RUNNING" }) }]);
    expect(view.run?.progress).toEqual(progress(3, 0, 4));
  });

  it("ignores events it has already applied", () => {
    const store = new RunViewStore();
    const once = apply([event(events.delta(1, 0, "Hello")), event(events.delta(2, 0, ", world"))], store);
    const commits = store.commits;
    const replayed = apply([event(events.delta(1, 0, "Hello")), event(events.delta(2, 0, ", world"))], store);
    expect(replayed).toBe(once);
    expect(store.commits).toBe(commits);
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
    expect(rowOrder(view)).toEqual([0, 1]);
  });
});

describe("RunViewStore, status history and assertion results", () => {
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


describe("RunViewStore, events from the stream", () => {
  beforeEach(() => {
    // Only the frame clock is faked: the store waits for requestAnimationFrame, nothing else.
    vi.useFakeTimers({ toFake: ["requestAnimationFrame", "cancelAnimationFrame"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("applies the events received during a frame together, in one commit, when the frame comes", () => {
    const store = new RunViewStore();
    const listener = vi.fn();
    store.subscribe(listener);

    store.receive(events.status(1, "RUNNING"));
    store.receive(events.delta(2, 0, "Hello"));
    store.receive(events.delta(3, 0, " Ada"));
    expect(store.getSnapshot().run).toBeUndefined();
    expect(listener).not.toHaveBeenCalled();

    vi.advanceTimersToNextFrame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.commits).toBe(1);
    expect(store.getSnapshot().run?.status).toBe("RUNNING");
    expect(displayOutput(store.getSnapshot().items.get(0)!)).toBe("Hello Ada");
  });

  it("applies waiting events before a query answer, so the answer does not overtake them", () => {
    const store = new RunViewStore();
    store.receive(events.finished(1, 0, "SUCCEEDED"));
    store.apply({ type: "items", items: [runItem({ index: 0, status: "PENDING" })] });
    expect(store.getSnapshot().items.get(0)).toMatchObject({ status: "SUCCEEDED", variables: { name: "Ada" } });

    vi.advanceTimersToNextFrame();
    expect(store.commits).toBe(2);
  });

  it("keeps the events of a frame it stopped waiting for, and applies them with the next", () => {
    const store = new RunViewStore();
    store.receive(events.delta(1, 0, "Hel"));
    store.stop();
    vi.advanceTimersToNextFrame();
    expect(store.commits).toBe(0);

    store.receive(events.delta(2, 0, "lo"));
    vi.advanceTimersToNextFrame();
    expect(store.commits).toBe(1);
    expect(displayOutput(store.getSnapshot().items.get(0)!)).toBe("Hello");
  });

  it("folds a 10,000-item run's events into one commit per frame, touching only the items they name", () => {
    const ITEMS = 10_000;
    const store = new RunViewStore();
    store.apply({ type: "run", run: runSummary({ status: "PENDING", progress: progress(0, 0, ITEMS) }) });
    const log: RunEvent[] = [events.status(1, "RUNNING", { progress: progress(0, 0, ITEMS) })];
    for (let index = 0; index < ITEMS; index++) {
      const failed = index % 4 === 3;
      log.push(
        events.delta(log.length + 1, index, "Hello"),
        events.delta(log.length + 2, index, `, item ${index}`),
        Object.assign(events.finished(log.length + 3, index, failed ? "FAILED" : "SUCCEEDED"), { score: failed ? 0 : 1, latencyMs: index % 100 }),
      );
      const done = index + 1;
      const doneFailed = Math.floor(done / 4);
      log.push(events.progress(log.length + 1, done - doneFailed, doneFailed, ITEMS));
    }
    log.push(events.status(log.length + 1, "SUCCEEDED", { progress: progress(ITEMS - ITEMS / 4, ITEMS / 4, ITEMS) }));

    // The socket hands over about 500 events between two frames.
    const PER_FRAME = 500;
    const before = store.commits;
    let frames = 0;
    let firstItem: unknown;
    for (let start = 0; start < log.length; start += PER_FRAME) {
      for (const received of log.slice(start, start + PER_FRAME)) store.receive(received);
      expect(store.commits).toBe(before + frames);
      vi.advanceTimersToNextFrame();
      frames += 1;
      expect(store.commits).toBe(before + frames);
      // Item 0 finished in the first frame; no later frame copies it.
      firstItem ??= store.getSnapshot().items.get(0);
      expect(store.getSnapshot().items.get(0)).toBe(firstItem);
    }

    const view = store.getSnapshot();
    expect(frames).toBe(Math.ceil(log.length / PER_FRAME));
    expect(log.length).toBeGreaterThan(40_000);
    expect(view.lastSeq).toBe(log.length);
    expect(view.run).toMatchObject({ status: "SUCCEEDED", progress: progress(7_500, 2_500, ITEMS) });
    expect(view.history.map((step) => step.status)).toEqual(["RUNNING", "SUCCEEDED"]);
    expect(view.items.size).toBe(ITEMS);
    expect(view.items.at(ITEMS - 1)).toMatchObject({ index: ITEMS - 1, status: "FAILED", error: { message: "upstream failed" } });
    expect(displayOutput(view.items.at(ITEMS - 1)!)).toBe(`Hello, item ${ITEMS - 1}`);
    expect(view.items.get(7)).toMatchObject({ status: "FAILED", score: 0 });
    expect(view.stats).toEqual({ passRate: 0.75, meanScore: 0.75, latencyP50Ms: 49, latencyP95Ms: 94 });
  });
});

describe("RunViewStore, reviews", () => {
  it("puts a ReviewAdded event's review on its item and takes the run's tally from it", () => {
    const view = apply([
      { type: "items", items: [runItem({ index: 0, status: "SUCCEEDED" })] },
      event(events.review(5, 0, "ada", "THUMBS_UP", { humanPassRate: 1, reviewedItems: 1 })),
      event(events.review(6, 0, "alan", "THUMBS_DOWN", { humanPassRate: 0.5, reviewedItems: 1 })),
    ]);

    expect(view.items.get(0)?.reviews.map((r) => [r.reviewer, r.verdict])).toEqual([
      ["ada", "THUMBS_UP"],
      ["alan", "THUMBS_DOWN"],
    ]);
    expect(view.reviews).toEqual({ humanPassRate: 0.5, reviewedItems: 1 });
  });

  it("keeps one review per reviewer, the latest, when the query and the events both know some", () => {
    const later = events.review(7, 0, "ada", "THUMBS_DOWN", { humanPassRate: 0, reviewedItems: 1 });
    const earlier = { reviewer: "ada", verdict: "THUMBS_UP" as const, score: 0.9, comment: "fine", reviewedAt: "2026-11-25T10:00:30+00:00" };

    const view = apply([event(later), { type: "items", items: [runItem({ index: 0, status: "SUCCEEDED", reviews: [earlier] })] }]);

    expect(view.items.get(0)?.reviews.map((r) => r.verdict)).toEqual(["THUMBS_DOWN"]);
  });

  it("shows a review the mutation answered before its event arrives", () => {
    const review = { reviewer: "ada", verdict: "THUMBS_UP" as const, score: null, comment: null, reviewedAt: "2026-11-25T10:00:30+00:00" };

    const view = apply([{ type: "review", itemIndex: 2, review }]);

    expect(view.items.get(2)?.reviews).toEqual([review]);
  });
});
