import { describe, expect, it } from "vitest";
import { formatLatency, formatPoints, formatSigned } from "./format";

describe("format", () => {
  it("shows short latencies in milliseconds and long ones in seconds", () => {
    expect(formatLatency(850.4)).toBe("850 ms");
    expect(formatLatency(1250)).toBe("1.25 s");
    expect(formatLatency(null)).toBe("—");
  });

  it("signs a difference, and has nothing to say about none", () => {
    expect(formatSigned(3, String)).toBe("+3");
    expect(formatSigned(-2.5, String)).toBe("−2.5");
    expect(formatSigned(0, String)).toBeNull();
    expect(formatSigned(null, String)).toBeNull();
  });

  it("reads a difference of fractions as percentage points", () => {
    expect(formatPoints(0.125)).toBe("12.5 pp");
  });
});
