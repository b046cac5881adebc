import { describe, expect, it } from "vitest";
import { insertSorted, removeSorted } from "./sortedNumbers";

describe("insertSorted and removeSorted", () => {
  it("keep numbers ascending whatever order they come in", () => {
    const sorted: number[] = [];
    for (const value of [5, 1, 9, 5, 3, 10, 0]) insertSorted(sorted, value);
    expect(sorted).toEqual([0, 1, 3, 5, 5, 9, 10]);

    expect(removeSorted(sorted, 5)).toBe(true);
    expect(removeSorted(sorted, 0)).toBe(true);
    expect(removeSorted(sorted, 4)).toBe(false);
    expect(sorted).toEqual([1, 3, 5, 9, 10]);
  });
});
