import { describe, expect, it } from "vitest";
import { runItem } from "../../test/fixtures";
import { displayOutput, RunItems } from "./runItems";

describe("RunItems", () => {
  it("keeps items in dataset order whatever order they become known in", () => {
    const items = new RunItems();
    for (const index of [3, 0, 7, 1]) items.update(index, (item) => item);
    expect([0, 1, 2, 3].map((position) => items.at(position)?.index)).toEqual([0, 1, 3, 7]);
    expect(items.at(4)).toBeUndefined();
  });

  it("replaces only the item it changes, and says so with a new version", () => {
    const items = new RunItems();
    items.update(0, (item) => item);
    items.update(1, (item) => item);
    const [first, version] = [items.get(0), items.version];
    items.update(1, (item) => ({ ...item, status: "SUCCEEDED", score: 1, latencyMs: 10 }));
    expect(items.get(0)).toBe(first);
    expect(items.version).toBeGreaterThan(version);
    expect(items.stats()).toMatchObject({ passRate: 1, latencyP50Ms: 10 });
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
