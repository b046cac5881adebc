import { describe, expect, it } from "vitest";
import { deltaTone, difference } from "./deltas";

describe("deltaTone", () => {
  it("calls a rise better when higher is better, and worse when lower is", () => {
    expect(deltaTone(0.25, "higher-is-better")).toBe("better");
    expect(deltaTone(0.25, "lower-is-better")).toBe("worse");
    expect(deltaTone(-120, "lower-is-better")).toBe("better");
  });

  it("gives no verdict for neutral numbers, nothing for no change, and says when it cannot tell", () => {
    expect(deltaTone(-8, "neutral")).toBe("changed");
    expect(deltaTone(0, "higher-is-better")).toBe("same");
    expect(deltaTone(1e-12, "lower-is-better")).toBe("same");
    expect(deltaTone(null, "higher-is-better")).toBe("unknown");
  });
});

describe("difference", () => {
  it("is other minus base when both are known", () => {
    expect(difference(3, 5)).toBe(2);
    expect(difference(null, 5)).toBeNull();
  });
});
