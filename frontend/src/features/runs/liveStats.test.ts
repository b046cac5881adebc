import { describe, expect, it } from "vitest";
import { LiveStatsTally, type ItemResult } from "./liveStats";

const finished = (score: number | null, latencyMs: number | null): ItemResult => ({ status: "SUCCEEDED", score, latencyMs });

describe("LiveStatsTally", () => {
  it("has nothing to say before an item finishes", () => {
    const tally = new LiveStatsTally();
    tally.replace(undefined, { status: "PENDING", score: null, latencyMs: null });
    expect(tally.current()).toEqual({ passRate: null, meanScore: null, latencyP50Ms: null, latencyP95Ms: null });
  });

  it("counts a pass only when every assertion held, and takes nearest-rank percentiles", () => {
    const tally = new LiveStatsTally();
    for (const item of [finished(1, 400), finished(0.5, 100), finished(1, 300), finished(null, 200)]) tally.replace(undefined, item);
    expect(tally.current()).toEqual({ passRate: 2 / 3, meanScore: 2.5 / 3, latencyP50Ms: 200, latencyP95Ms: 400 });
  });

  it("counts an item once, with its latest result, however often it is reported", () => {
    const tally = new LiveStatsTally();
    const pending: ItemResult = { status: "PENDING", score: null, latencyMs: null };
    tally.replace(undefined, pending);
    tally.replace(pending, finished(0, 100));
    tally.replace(finished(0, 100), finished(0, 100));
    tally.replace(finished(0, 100), finished(1, 50));
    expect(tally.current()).toEqual({ passRate: 1, meanScore: 1, latencyP50Ms: 50, latencyP95Ms: 50 });
  });

  it("counts an errored item as a failure once the run shows it is scored", () => {
    const tally = new LiveStatsTally();
    const errored: ItemResult = { status: "FAILED", score: null, latencyMs: null };
    tally.replace(undefined, errored);
    expect(tally.current().passRate).toBeNull();
    for (const item of [finished(1, 10), errored, errored, finished(1, 10)]) tally.replace(undefined, item);
    expect(tally.current()).toMatchObject({ passRate: 2 / 5, meanScore: 2 / 5 });
  });
});
