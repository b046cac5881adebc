import { describe, expect, it } from "vitest";
import { cellOf, describeCell, rowAnswers } from "./cells";

describe("cellOf", () => {
  it("places a row's repetitions side by side", () => {
    expect([0, 1, 2, 3, 4, 5].map((index) => cellOf(index, 3))).toEqual([
      { row: 0, repetition: 0 },
      { row: 0, repetition: 1 },
      { row: 0, repetition: 2 },
      { row: 1, repetition: 0 },
      { row: 1, repetition: 1 },
      { row: 1, repetition: 2 },
    ]);
  });

  it("makes each item its own row with one repetition", () => {
    expect(cellOf(7, 1)).toEqual({ row: 7, repetition: 0 });
  });

  it("reads a count below one as one", () => {
    expect(cellOf(4, 0)).toEqual({ row: 4, repetition: 0 });
  });
});

describe("describeCell", () => {
  it("counts repetitions from 1 for people", () => {
    expect(describeCell({ row: 3, repetition: 1 }, 3)).toBe("row 3 · 2 of 3");
  });
});

describe("rowAnswers", () => {
  it("lists every answer to the item's row, its own among them", () => {
    expect(rowAnswers(4, 3)).toEqual([3, 4, 5]);
    expect(rowAnswers(0, 1)).toEqual([0]);
  });
});
