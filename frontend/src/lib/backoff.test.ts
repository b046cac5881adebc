import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";

describe("backoffDelay", () => {
  it("doubles from the base up to the maximum", () => {
    const noJitter = { random: () => 0 };
    expect([0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, noJitter))).toEqual([500, 1000, 2000, 4000, 10_000]);
  });

  it("adds up to a quarter of jitter", () => {
    expect(backoffDelay(1, { random: () => 1 })).toBe(1250);
  });
});
