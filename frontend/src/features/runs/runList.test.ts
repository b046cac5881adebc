import { describe, expect, it } from "vitest";
import { progress, runSummary } from "../../test/fixtures";
import { mergeRuns, NO_RUNS, sortRuns } from "./runList";
import { compareRunVersions } from "./runVersion";

describe("compareRunVersions", () => {
  it("orders by attempt, status and items done, terminal last", () => {
    const pending = runSummary({ status: "PENDING" });
    const running = runSummary({ status: "RUNNING" });
    const runningFurther = runSummary({ status: "RUNNING", progress: progress(2, 0, 4) });
    const retried = runSummary({ status: "PENDING", attempt: 2 });
    const done = runSummary({ status: "FAILED", attempt: 1 });
    expect(compareRunVersions(pending, running)).toBeLessThan(0);
    expect(compareRunVersions(running, runningFurther)).toBeLessThan(0);
    expect(compareRunVersions(runningFurther, retried)).toBeLessThan(0);
    expect(compareRunVersions(retried, done)).toBeLessThan(0);
    expect(compareRunVersions(running, runSummary({ status: "RUNNING" }))).toBe(0);
  });
});

describe("mergeRuns", () => {
  it("adds runs by id and keeps the newer snapshot whatever the order", () => {
    const queried = runSummary({ id: "a", status: "RUNNING" });
    const fromEvent = runSummary({ id: "a", status: "SUCCEEDED" });
    const eventFirst = mergeRuns(mergeRuns(NO_RUNS, [fromEvent]), [queried]);
    const queryFirst = mergeRuns(mergeRuns(NO_RUNS, [queried]), [fromEvent]);
    expect(eventFirst.get("a")?.status).toBe("SUCCEEDED");
    expect(queryFirst.get("a")?.status).toBe("SUCCEEDED");
    expect(eventFirst.size).toBe(1);
  });

  it("returns the same map when nothing changes", () => {
    const known = mergeRuns(NO_RUNS, [runSummary({ id: "a", status: "SUCCEEDED" })]);
    expect(mergeRuns(known, [runSummary({ id: "a", status: "RUNNING" })])).toBe(known);
  });

  it("lists runs newest first", () => {
    const runs = mergeRuns(NO_RUNS, [
      runSummary({ id: "old", createdAt: "2026-11-25T09:00:00+00:00" }),
      runSummary({ id: "new", createdAt: "2026-11-25T11:00:00+00:00" }),
      runSummary({ id: "mid", createdAt: "2026-11-25T10:00:00+00:00" }),
    ]);
    expect(sortRuns(runs).map((run) => run.id)).toEqual(["new", "mid", "old"]);
  });
});
